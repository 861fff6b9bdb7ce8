/**
 * Stable in-place sort for the short lists the verifiers build per answer (hits,
 * mentions, candidate spans). Array.prototype.sort has a fixed setup cost that
 * dominates for a handful of items; insertion sort is stable too, so the order is
 * exactly what Array.prototype.sort (stable since ES2019) gives.
 */
export function sortSmall<T>(xs: T[], cmp: (a: T, b: T) => number): T[] {
  const n = xs.length;
  if (n > 24) return xs.sort(cmp);
  for (let i = 1; i < n; i++) {
    const x = xs[i] as T;
    let j = i - 1;
    while (j >= 0 && cmp(xs[j] as T, x) > 0) {
      xs[j + 1] = xs[j] as T;
      j--;
    }
    xs[j + 1] = x;
  }
  return xs;
}
