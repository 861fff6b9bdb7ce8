/**
 * A small stable hash for deterministic choices (which paraphrase a sample gets).
 * FNV-1a over the UTF-8 bytes: the same on every platform and easy to reproduce in
 * the Python workers, unlike Math.random or object iteration order.
 */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Picks an index in [0, n) from the parts, stably. */
export function stablePick(n: number, ...parts: (string | number)[]): number {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`cannot pick from ${n} choices`);
  return stableHash(parts.map(String).join('\u0000')) % n;
}
