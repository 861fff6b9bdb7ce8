/**
 * `x.toFixed(d)` and `Number(x.toFixed(d))` without the cost of toFixed (about 150 ns a
 * call here, a noticeable share of a verdict). The fast path rounds x·10^d with
 * Math.round; it is taken only where that provably gives toFixed's digits: x not
 * negative (for the string form), x·10^d well inside the range where doubles are finer
 * than 1e-6, and not within 1e-5 of a half (where toFixed's exact-decimal rounding and
 * Math.round may differ). Everything else goes to toFixed itself.
 */

const POW = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/** The integer toFixed(d) rounds x·10^d to, or null when the fast path does not apply. */
function scaled(x: number, d: number): number | null {
  const p = POW[d];
  if (p === undefined) return null;
  const y = x * p;
  if (!(y > -1e9 && y < 1e9)) return null;
  const frac = Math.abs(y - Math.trunc(y));
  if (Math.abs(frac - 0.5) < 1e-5) return null;
  return Math.round(y);
}

/** Same as `Number(x.toFixed(d))`, for 0 ≤ d ≤ 6. */
export function roundFixed(x: number, d: number): number {
  if (x === 0) return 0; // (-0).toFixed() is "0"
  const n = scaled(x, d);
  // n / 10^d is the double nearest to the decimal toFixed writes, as Number() would read it.
  return n === null ? Number(x.toFixed(d)) : n / (POW[d] as number);
}

/** Same as `x.toFixed(d)`, for 0 ≤ d ≤ 6. */
export function toFixed(x: number, d: number): string {
  const n = x >= 0 ? scaled(x, d) : null;
  if (n === null) return x.toFixed(d);
  if (d === 0) return String(n);
  const p = POW[d] as number;
  const frac = n % p;
  return `${(n - frac) / p}.${String(frac).padStart(d, '0')}`;
}

/**
 * Same as `String(x)`, which costs ~150 ns for a fraction. A value with at most six
 * decimals below 1e9 is written from its scaled integer: the first k with
 * round(x·10^k)/10^k === x gives the shortest digits that read back as x, which is
 * what String(x) writes. Anything else goes to String itself.
 */
export function numStr(x: number): string {
  if (x === 0) return '0';
  const a = x < 0 ? -x : x;
  if (!(a < 1e9 && a >= 1e-6)) return slowStr(x);
  for (let k = 0; k <= 6; k++) {
    const p = POW[k] as number;
    const n = Math.round(a * p);
    if (n / p !== a) continue;
    let s: string;
    if (k === 0) s = String(n);
    else {
      const frac = n % p;
      s = `${(n - frac) / p}.${String(frac).padStart(k, '0')}`;
    }
    return x < 0 ? `-${s}` : s;
  }
  return slowStr(x);
}

// String(x) of the values the fast path cannot write (label times such as 371 / 30 s),
// remembered: the same labels come back answer after answer (one clip, many answers).
const slowMemo = new Map<number, string>();
function slowStr(x: number): string {
  let s = slowMemo.get(x);
  if (s === undefined) {
    s = String(x);
    if (slowMemo.size >= 4096) slowMemo.clear();
    slowMemo.set(x, s);
  }
  return s;
}

/** Same as `parseFloat(text)` for text made of digits and at most one ".", up to 15 digits. */
/** parseDecimal(text.slice(start, end)), reading the digits in place (sliced only for the parseFloat fallback). */
export function parseDecimalAt(text: string, start: number, end: number): number {
  let n = 0;
  let digits = 0;
  let scale = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0) scale = 0;
    else return parseFloat(text.slice(start, end));
  }
  if (digits === 0 || digits > 15) return parseFloat(text.slice(start, end));
  return scale > 0 ? n / 10 ** scale : n;
}

export function parseDecimal(text: string): number {
  let n = 0;
  let digits = 0;
  let scale = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0) scale = 0;
    else return parseFloat(text);
  }
  if (digits === 0 || digits > 15) return parseFloat(text);
  // n and 10^scale are exact, so the division is the correctly rounded value parseFloat gives.
  return scale > 0 ? n / 10 ** scale : n;
}
