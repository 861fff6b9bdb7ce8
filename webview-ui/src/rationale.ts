// Splits a rationale into plain and highlighted pieces from the verifier's spans, so the
// template can wrap the decisive text in <mark> without building HTML strings.

export interface Piece {
  text: string;
  mark: boolean;
}

/** Pieces of `text` in order; overlapping or out-of-range spans are clamped and merged. */
export function splitBySpans(text: string, spans: ReadonlyArray<readonly [number, number]>): Piece[] {
  const sorted = spans
    .map(([s, e]) => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const out: Piece[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) out.push({ text: text.slice(at, s), mark: false });
    out.push({ text: text.slice(s, e), mark: true });
    at = e;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}
