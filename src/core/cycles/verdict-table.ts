import { openSync, closeSync } from 'node:fs';
import { readTextAtSync, scanLinesSync } from './lines';
import { verdictKeyOf } from './keys';
import { VerdictRecord } from './records';
import type { AttemptIndex, LogProblem } from './attempt-index';

/**
 * The latest verdict per attempt, read from `verdicts.jsonl` against an attempt index,
 * incrementally: `refresh` reads only what was appended since, so a view that shows
 * pass rates can refresh often. Verdicts for attempts the index does not have (yet: the
 * two logs are written separately) are kept aside and retried on the next refresh,
 * before newer lines, so the last verdict still wins. Where each latest verdict's line
 * is, is kept too, so one attempt's evidence costs one positioned read (`recordAt`).
 */
export class VerdictTable {
  /** Per attempt position: -1 no verdict, 0 failed, 1 passed. */
  pass = new Int8Array(0);
  problemCount = 0;
  readonly problems: LogProblem[] = [];
  private offsets = new Float64Array(0);
  private lengths = new Uint32Array(0);
  private pending = new Map<string, { pass: boolean; offset: number; length: number }>();
  private end = 0;
  private lineNo = 0;
  /** Held open between `hold` and `close` for many `recordAt` calls (the log only grows). */
  private readFd: number | undefined;

  constructor(readonly path: string) {}

  /** Distinct attempt ids with a verdict but no attempt in the index. */
  get orphans(): number {
    return this.pending.size;
  }

  refresh(index: AttemptIndex): this {
    this.reserve(index.size);
    for (const [id, v] of this.pending) {
      const i = index.lookup(id);
      if (i === -1) continue;
      this.set(i, v.pass, v.offset, v.length);
      this.pending.delete(id);
    }
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this;
      throw err;
    }
    try {
      this.end = scanLinesSync(fd, this.end, (buf, s, e, offset) => {
        this.lineNo++;
        if (s === e) return;
        const k = verdictKeyOf(buf, s, e);
        if (!k) {
          this.problemCount++;
          if (this.problems.length < 100) this.problems.push({ line: this.lineNo, message: 'not a verdict record' });
          return;
        }
        const i = k.attemptId !== undefined ? index.lookup(k.attemptId) : index.lookupBytes(buf, k.idStart, k.idEnd);
        if (i !== -1) this.set(i, k.pass, offset, e - s);
        else this.pending.set(k.attemptId ?? buf.toString('utf8', k.idStart, k.idEnd), { pass: k.pass, offset, length: e - s });
      }).end;
    } finally {
      closeSync(fd);
    }
    return this;
  }

  /** -1 no verdict, 0 failed, 1 passed, for attempt position `i`. */
  passAt(i: number): number {
    return i < this.pass.length ? this.pass[i]! : -1;
  }

  /** The full latest verdict of attempt position `i` (one positioned read), or undefined. */
  recordAt(i: number): VerdictRecord | undefined {
    if (this.passAt(i) === -1) return undefined;
    const fd = this.readFd ?? openSync(this.path, 'r');
    let text: string | undefined;
    try {
      text = readTextAtSync(fd, this.offsets[i]!, this.lengths[i]!);
    } finally {
      if (fd !== this.readFd) closeSync(fd);
    }
    if (text === undefined) return undefined;
    const r = VerdictRecord.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  }

  /** Keeps the log open for `recordAt` until `close`: one open for a million reads. */
  hold(): this {
    try {
      this.readFd ??= openSync(this.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // no verdicts: recordAt never reads
    }
    return this;
  }

  /** Releases what `hold` opened. */
  close(): void {
    if (this.readFd !== undefined) closeSync(this.readFd);
    this.readFd = undefined;
  }

  private set(i: number, pass: boolean, offset: number, length: number): void {
    this.pass[i] = pass ? 1 : 0;
    this.offsets[i] = offset;
    this.lengths[i] = length;
  }

  private reserve(n: number): void {
    if (this.pass.length >= n) return;
    const cap = Math.max(n, this.pass.length * 2, 1024);
    const pass = new Int8Array(cap).fill(-1);
    pass.set(this.pass);
    const offsets = new Float64Array(cap);
    offsets.set(this.offsets);
    const lengths = new Uint32Array(cap);
    lengths.set(this.lengths);
    this.pass = pass;
    this.offsets = offsets;
    this.lengths = lengths;
  }
}

/** Reads a whole verdict log once (see VerdictTable for repeated reads). */
export function readVerdicts(path: string, index: AttemptIndex): VerdictTable {
  return new VerdictTable(path).refresh(index);
}
