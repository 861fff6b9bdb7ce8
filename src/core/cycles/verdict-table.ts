import { openSync, closeSync } from 'node:fs';
import { scanLinesSync } from './lines';
import { verdictKeyOf } from './keys';
import type { AttemptIndex, LogProblem } from './attempt-index';

/**
 * The latest verdict per attempt, read from `verdicts.jsonl` against an attempt index,
 * incrementally: `refresh` reads only what was appended since, so a view that shows
 * pass rates can refresh often. Verdicts for attempts the index does not have (yet: the
 * two logs are written separately) are kept aside and retried on the next refresh,
 * before newer lines, so the last verdict still wins.
 */
export class VerdictTable {
  /** Per attempt position: -1 no verdict, 0 failed, 1 passed. */
  pass = new Int8Array(0);
  problemCount = 0;
  readonly problems: LogProblem[] = [];
  private pending = new Map<string, boolean>();
  private end = 0;
  private lineNo = 0;

  constructor(readonly path: string) {}

  /** Distinct attempt ids with a verdict but no attempt in the index. */
  get orphans(): number {
    return this.pending.size;
  }

  refresh(index: AttemptIndex): this {
    if (this.pass.length < index.size) {
      const grown = new Int8Array(Math.max(index.size, this.pass.length * 2)).fill(-1);
      grown.set(this.pass);
      this.pass = grown;
    }
    for (const [id, pass] of this.pending) {
      const i = index.lookup(id);
      if (i === -1) continue;
      this.pass[i] = pass ? 1 : 0;
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
      this.end = scanLinesSync(fd, this.end, (buf, s, e) => {
        this.lineNo++;
        if (s === e) return;
        const k = verdictKeyOf(buf, s, e);
        if (!k) {
          this.problemCount++;
          if (this.problems.length < 100) this.problems.push({ line: this.lineNo, message: 'not a verdict record' });
          return;
        }
        const i = k.attemptId !== undefined ? index.lookup(k.attemptId) : index.lookupBytes(buf, k.idStart, k.idEnd);
        if (i !== -1) this.pass[i] = k.pass ? 1 : 0;
        else this.pending.set(k.attemptId ?? buf.toString('utf8', k.idStart, k.idEnd), k.pass);
      }).end;
    } finally {
      closeSync(fd);
    }
    return this;
  }
}

/** Reads a whole verdict log once (see VerdictTable for repeated reads). */
export function readVerdicts(path: string, index: AttemptIndex): VerdictTable {
  return new VerdictTable(path).refresh(index);
}
