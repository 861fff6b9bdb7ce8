import { closeSync, openSync, readSync } from 'node:fs';
import type { AttemptIndex } from '../cycles/attempt-index';
import { verdictKeyOf } from '../cycles/keys';
import { scanLinesSync } from '../cycles/lines';
import { VerdictRecord } from '../cycles/records';

/**
 * The latest verdict per attempt position, with where its line is in `verdicts.jsonl`,
 * so the review can show one attempt's evidence with one positioned read instead of
 * parsing the whole log. One incremental scan (keys only, like VerdictTable) per refresh.
 */
export class VerdictLocator {
  /** -1 no verdict, 0 failed, 1 passed. */
  pass = new Int8Array(0);
  private offsets = new Float64Array(0);
  private lengths = new Uint32Array(0);
  private pending = new Map<string, { pass: boolean; offset: number; length: number }>();
  private end = 0;

  constructor(readonly path: string) {}

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
        if (s === e) return;
        const k = verdictKeyOf(buf, s, e);
        if (!k) return;
        const i = k.attemptId !== undefined ? index.lookup(k.attemptId) : index.lookupBytes(buf, k.idStart, k.idEnd);
        if (i !== -1) this.set(i, k.pass, offset, e - s);
        // Verdict before its attempt is indexed (the logs are written separately): retry later.
        else this.pending.set(k.attemptId ?? buf.toString('utf8', k.idStart, k.idEnd), { pass: k.pass, offset, length: e - s });
      }).end;
    } finally {
      closeSync(fd);
    }
    return this;
  }

  passAt(i: number): number {
    return i < this.pass.length ? this.pass[i]! : -1;
  }

  /** The full latest verdict of attempt position `i`, or undefined. */
  recordAt(i: number): VerdictRecord | undefined {
    if (this.passAt(i) === -1) return undefined;
    const len = this.lengths[i]!;
    const buf = Buffer.allocUnsafe(len);
    const fd = openSync(this.path, 'r');
    try {
      let got = 0;
      while (got < len) {
        const n = readSync(fd, buf, got, len - got, this.offsets[i]! + got);
        if (n === 0) return undefined;
        got += n;
      }
    } finally {
      closeSync(fd);
    }
    const r = VerdictRecord.safeParse(JSON.parse(buf.toString('utf8')));
    return r.success ? r.data : undefined;
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
