// An audit of the filter: a stratified random sample of what it kept and of what it
// rejected, so a reviewer's decisions on a hundred answers speak for a cycle's thousands.
// Strata are label type + label value ("class:circle", "number:7"), each given its share
// of the draw (largest remainder), every stratum at least one when the draw can afford it.
// Seeded (the sample dataset's mulberry32): the same seed draws the same audit. Pure.
import { mulberry32 } from '../sample/prng';

export interface AuditCandidate {
  /** Attempt position in the cycle's log. */
  pos: number;
  /** The filter kept it (latest verdict passed). */
  kept: boolean;
  /** Label type and value, e.g. `class:circle`. */
  stratum: string;
}

export interface AuditDraw {
  /** Positions to review, in a shuffled order (kept and rejected mixed, so the reviewer does not judge by the block). */
  positions: number[];
  kept: number;
  rejected: number;
}

/** How many of `n` each stratum gets: proportional, largest remainder, at least one each when n allows. */
export function allocate(sizes: ReadonlyMap<string, number>, n: number): Map<string, number> {
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const want = Math.min(n, total);
  const out = new Map<string, number>();
  if (want <= 0) return out;
  const keys = [...sizes.keys()].sort();
  const rem: Array<[string, number]> = [];
  let given = 0;
  for (const k of keys) {
    const q = (want * sizes.get(k)!) / total;
    out.set(k, Math.floor(q));
    given += Math.floor(q);
    rem.push([k, q - Math.floor(q)]);
  }
  rem.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (let i = 0; given < want; i++, given++) {
    const k = rem[i % rem.length]![0];
    out.set(k, out.get(k)! + 1);
  }
  if (want >= keys.length) {
    for (const k of keys) {
      if (out.get(k)! > 0) continue;
      // One from the stratum with the most (it keeps at least one).
      const donor = keys.reduce((a, b) => (out.get(b)! > out.get(a)! ? b : a));
      if (out.get(donor)! <= 1) break;
      out.set(donor, out.get(donor)! - 1);
      out.set(k, 1);
    }
  }
  return out;
}

function shuffleInPlace<T>(xs: T[], rand: () => number, first = xs.length): T[] {
  for (let i = 0; i < Math.min(first, xs.length - 1); i++) {
    const j = i + Math.floor(rand() * (xs.length - i));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

function drawGroup(cands: readonly AuditCandidate[], n: number, rand: () => number): number[] {
  const strata = new Map<string, number[]>();
  for (const c of cands) {
    const s = strata.get(c.stratum);
    if (s) s.push(c.pos);
    else strata.set(c.stratum, [c.pos]);
  }
  const quota = allocate(new Map([...strata].map(([k, v]) => [k, v.length])), n);
  const out: number[] = [];
  for (const k of [...strata.keys()].sort()) {
    const q = quota.get(k) ?? 0;
    if (q > 0) out.push(...shuffleInPlace(strata.get(k)!.slice(), rand, q).slice(0, q));
  }
  return out;
}

/** Draws `kept` of the kept candidates and `rejected` of the rejected ones, each stratified. */
export function drawAudit(cands: readonly AuditCandidate[], want: { kept: number; rejected: number }, seed: number): AuditDraw {
  const rand = mulberry32(seed).next;
  const k = drawGroup(cands.filter((c) => c.kept), want.kept, rand);
  const r = drawGroup(cands.filter((c) => !c.kept), want.rejected, rand);
  return { positions: shuffleInPlace([...k, ...r], rand), kept: k.length, rejected: r.length };
}
