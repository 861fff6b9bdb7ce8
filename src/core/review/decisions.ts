// The decision in force for each attempt of a cycle, kept up to date from reviews.jsonl
// the way the attempt index follows attempts.jsonl: each read takes only the lines
// appended since the last one (reading a 100k-decision log whole costs ~300 ms, and every
// decision in a review panel makes the log watchers catch up), and reads from the start
// again only when the log was replaced or cut.
import { promises as fsp } from 'node:fs';
import type { AttemptIndex } from '../cycles/attempt-index';
import { parseLine, readLines } from '../cycles/lines';

/** Decision codes, one byte per attempt position. */
export const NONE = 0;
export const ACCEPT = 1;
export const REJECT = 2;

export class DecisionLog {
  /** Per attempt position: NONE, ACCEPT or REJECT. */
  codes = new Uint8Array(0);
  /** Byte offset just past the last complete line read, and the inode of the file read. */
  private end = 0;
  private ino: number | undefined;
  /** Decisions read for attempts the index did not hold yet (another process appends both logs). */
  private unplaced = new Map<string, number>();

  constructor(readonly path: string) {}

  /** Room in `codes` for `n` attempts. */
  fit(n: number): void {
    if (this.codes.length >= n) return;
    const d = new Uint8Array(n);
    d.set(this.codes);
    this.codes = d;
  }

  /** Places decisions that waited for their attempt, then applies the lines appended since the last read. */
  async catchUp(index: AttemptIndex): Promise<void> {
    this.fit(index.size);
    for (const [id, d] of this.unplaced) {
      const i = index.lookup(id);
      if (i === -1) continue;
      this.codes[i] = d;
      this.unplaced.delete(id);
    }
    const st = await fsp.stat(this.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (!st || st.ino !== this.ino || st.size < this.end) {
      this.codes.fill(NONE);
      this.unplaced.clear();
      this.end = 0;
      this.ino = st?.ino;
      if (!st) return;
    }
    if (st.size === this.end) return;
    // Parsed first, applied at once: no decision of the session lands in between.
    const read: Array<[string, number]> = [];
    let end = this.end;
    for await (const l of readLines(this.path, this.end)) {
      end = l.offset + l.bytes + 1;
      const r = reviewOf(parseLine(l.text));
      if (r) read.push(r);
    }
    this.fit(index.size);
    for (const [id, d] of read) {
      const i = index.lookup(id);
      if (i !== -1) {
        this.codes[i] = d;
        this.unplaced.delete(id);
      } else {
        this.unplaced.set(id, d);
      }
    }
    this.end = end;
  }
}

/**
 * A review line's attempt id and decision code, or undefined when it is not a review
 * record: the checks of the store's ReviewRecord schema, by hand (zod costs most of the
 * time of reading a 100k-line log; test/unit/review/session-log.test.ts holds them equal).
 */
export function reviewOf(v: unknown): [string, number] | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const { attemptId, decision, cycle, at, by } = v as Record<string, unknown>;
  if (typeof attemptId !== 'string' || attemptId === '' || typeof at !== 'string' || (by !== undefined && typeof by !== 'string')) return undefined;
  if (typeof cycle !== 'number' || !Number.isSafeInteger(cycle) || cycle <= 0) return undefined;
  if (decision === 'accept') return [attemptId, ACCEPT];
  if (decision === 'reject') return [attemptId, REJECT];
  if (decision === 'clear') return [attemptId, NONE];
  return undefined;
}
