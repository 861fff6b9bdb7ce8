/**
 * A hash table from sample id to a number, keyed by the id's UTF-8 bytes. The index
 * feeds it bytes straight from the log line, so indexing a million attempts creates no
 * strings and no Map entries: the ids live once, packed in one byte arena, and the
 * table is a handful of typed arrays (about 30 bytes per sample plus the id itself,
 * against ~120 for a Map of strings). Open addressing with linear probing; ids are
 * never removed.
 */
export class SampleTable {
  /** Pairs [sample number + 1 (0 = empty), hash]: a probe compares hashes without a second miss. */
  private slots = new Int32Array(2 << 12);
  private mask = (1 << 12) - 1;
  private hashes = new Int32Array(1024);
  private starts = new Uint32Array(1024);
  private lens = new Uint32Array(1024);
  private values = new Int32Array(1024);
  private arena = new Uint8Array(64 << 10);
  private arenaUsed = 0;
  size = 0;

  /** The sample number of the id `buf[start, end)`, or -1. */
  findBytes(buf: Uint8Array, start: number, end: number, hash = hashBytes(buf, start, end)): number {
    const len = end - start;
    const slots = this.slots;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = slots[2 * slot]! - 1;
      if (k === -1) return -1;
      if (slots[2 * slot + 1] === hash && this.lens[k] === len && this.sameBytes(k, buf, start, len)) return k;
    }
  }

  find(sampleId: string): number {
    const b = Buffer.from(sampleId, 'utf8');
    return this.findBytes(b, 0, b.length);
  }

  /** Adds an id known to be absent; returns its sample number. */
  insertBytes(buf: Uint8Array, start: number, end: number, value: number, hash = hashBytes(buf, start, end)): number {
    // Load factor up to 3/4: probes mostly stay within one cache line of 8 slots.
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.rehash((this.mask + 1) * 2);
    const k = this.size++;
    if (k === this.hashes.length) this.growEntries();
    const len = end - start;
    if (this.arenaUsed + len > 0xffffffff) throw new RangeError('sample ids exceed 4 GiB');
    if (this.arenaUsed + len > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
    // A loop, not set(subarray()): no Buffer object per id.
    const arena = this.arena;
    const base = this.arenaUsed;
    for (let i = 0; i < len; i++) arena[base + i] = buf[start + i]!;
    this.starts[k] = this.arenaUsed;
    this.arenaUsed += len;
    this.lens[k] = len;
    this.hashes[k] = hash;
    this.values[k] = value;
    let slot = hash & this.mask;
    while (this.slots[2 * slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[2 * slot] = k + 1;
    this.slots[2 * slot + 1] = hash;
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

  /**
   * Makes room for `n` ids without rehashing or copying on the way (the index calls it
   * with an estimate from the log's size: growing a table of a million entries by
   * doubling costs more than filling it).
   */
  reserve(n: number): void {
    if (n * 4 > (this.mask + 1) * 3) this.rehash(1 << Math.ceil(Math.log2((n * 4) / 3)));
    if (n > this.hashes.length) this.growEntries(n);
    const arenaBytes = n * 32;
    if (arenaBytes > this.arena.length) {
      const bigger = new Uint8Array(arenaBytes);
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
    }
  }

  private rehash(capacity: number): void {
    const slots = new Int32Array(2 * capacity);
    const mask = capacity - 1;
    for (let k = 0; k < this.size; k++) {
      const hash = this.hashes[k]!;
      let slot = hash & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = k + 1;
      slots[2 * slot + 1] = hash;
    }
    this.slots = slots;
    this.mask = mask;
  }

  private growEntries(min = 0): void {
    const n = Math.max(this.hashes.length * 2, min);
    const grow = <T extends Int32Array | Uint32Array>(a: T, b: T): T => (b.set(a), b);
    this.hashes = grow(this.hashes, new Int32Array(n));
    this.starts = grow(this.starts, new Uint32Array(n));
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
