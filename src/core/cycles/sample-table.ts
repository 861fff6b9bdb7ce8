/**
 * A hash table from sample id to a number, keyed by the id's UTF-8 bytes. The index
 * feeds it bytes straight from the log line, so indexing a million attempts creates no
 * strings and no Map entries: the ids live once, packed in one byte arena, and the
 * table is a handful of typed arrays (about 45 bytes per sample plus the id itself,
 * against ~120 for a Map of strings). Open addressing with linear probing; ids are
 * never removed.
 */
export class SampleTable {
  private slots = new Int32Array(1 << 12); // sample number + 1; 0 = empty
  private mask = (1 << 12) - 1;
  private hashes = new Int32Array(1024);
  private starts = new Float64Array(1024);
  private lens = new Uint32Array(1024);
  private values = new Int32Array(1024);
  private arena = new Uint8Array(64 << 10);
  private arenaUsed = 0;
  size = 0;

  /** The sample number of the id `buf[start, end)`, or -1. */
  findBytes(buf: Uint8Array, start: number, end: number, hash = hashBytes(buf, start, end)): number {
    const len = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = this.slots[slot]! - 1;
      if (k === -1) return -1;
      if (this.hashes[k] === hash && this.lens[k] === len && this.sameBytes(k, buf, start, len)) return k;
    }
  }

  find(sampleId: string): number {
    const b = Buffer.from(sampleId, 'utf8');
    return this.findBytes(b, 0, b.length);
  }

  /** Adds an id known to be absent; returns its sample number. */
  insertBytes(buf: Uint8Array, start: number, end: number, value: number, hash = hashBytes(buf, start, end)): number {
    if ((this.size + 1) * 2 > this.slots.length) this.rehash();
    const k = this.size++;
    if (k === this.hashes.length) this.growEntries();
    const len = end - start;
    if (this.arenaUsed + len > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    this.arena.set(buf.subarray(start, end), this.arenaUsed);
    this.starts[k] = this.arenaUsed;
    this.arenaUsed += len;
    this.lens[k] = len;
    this.hashes[k] = hash;
    this.values[k] = value;
    let slot = hash & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = k + 1;
    return k;
  }

  value(k: number): number {
    return this.values[k]!;
  }

  idAt(k: number): string {
    const s = this.starts[k]!;
    return Buffer.from(this.arena.buffer, this.arena.byteOffset + s, this.lens[k]!).toString('utf8');
  }

  private sameBytes(k: number, buf: Uint8Array, start: number, len: number): boolean {
    const a = this.arena;
    const s = this.starts[k]!;
    for (let i = 0; i < len; i++) if (a[s + i] !== buf[start + i]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let k = 0; k < this.size; k++) {
      let slot = this.hashes[k]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = k + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }

  private growEntries(): void {
    const n = this.hashes.length * 2;
    const grow = <T extends Int32Array | Uint32Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
    this.hashes = grow(this.hashes, new Int32Array(n));
    this.starts = grow(this.starts, new Float64Array(n));
    this.lens = grow(this.lens, new Uint32Array(n));
    this.values = grow(this.values, new Int32Array(n));
  }
}

/** FNV-1a over bytes, with a final avalanche so linear probing spreads well. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & 0x7fffffff;
}
