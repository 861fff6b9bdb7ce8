import { openSync, closeSync, fstatSync, readSync, writeSync, ftruncateSync, fsync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { syncDir } from '../util/atomic';
import { FileLock, type LockOptions } from './lock';

/**
 * A JSONL log that is only ever appended to, safe against crashes and against other
 * writers (another process, e.g. the CLI beside the extension host).
 *
 * - Durability: `append` resolves only after fsync(2). Concurrent `append` calls are
 *   group-committed: everything queued while one fsync runs goes out in the next single
 *   write + fsync, so many small appends cost one disk flush.
 * - No interleaving: each batch is written while holding `<log>.lock`, through an
 *   O_APPEND descriptor. (Linux already serializes O_APPEND writes to a regular file
 *   under the inode lock, but a write may be short, e.g. on a signal or a full disk, and
 *   the loop that finishes it would interleave without the lock.)
 * - Torn tails: a writer killed mid-write leaves a last line without its newline.
 *   Readers ignore it; a writer truncates it, under the lock, when it opens the log and
 *   again before each batch (a peer may have died since). Truncating without the lock
 *   would be wrong: a live peer's write in progress also looks torn to a reader.
 */
export interface AppendLogOptions extends LockOptions {}

export class AppendLog {
  private pending: Buffer[] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;
  /** Bytes cut off by repairs done by this writer (for reports and tests). */
  repairedBytes = 0;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly lock: FileLock,
  ) {}

  /** Opens (creating if needed) the log for appending, repairing a torn tail first. */
  static async open(path: string, opts: AppendLogOptions = {}): Promise<AppendLog> {
    const created = !existsSync(path);
    // a+ = O_APPEND|O_CREAT|O_RDWR: appends always land at the end; reads for the repair.
    const fd = openSync(path, 'a+');
    if (created) await syncDir(dirname(path));
    const log = new AppendLog(path, fd, new FileLock(path + '.lock', opts));
    try {
      await log.lock.with(() => {
        log.repairedBytes += repairTail(fd);
      });
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    return log;
  }

  /** Appends whole lines (each ending in `\n`); resolves once they are on disk. */
  append(lines: string | readonly string[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`log ${this.path} is closed`));
    const text = typeof lines === 'string' ? lines : lines.join('');
    if (text.length === 0) return Promise.resolve();
    if (!text.endsWith('\n')) return Promise.reject(new Error('append: lines must end with a newline'));
    this.pending.push(Buffer.from(text, 'utf8'));
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.flushing) this.flushing = this.flushLoop().finally(() => (this.flushing = undefined));
    return done;
  }

  /** Waits for queued appends, then closes the descriptor. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
    closeSync(this.fd);
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        await this.lock.with(() => {
          this.repairedBytes += repairTail(this.fd);
          writeAll(this.fd, buf);
        });
        await new Promise<void>((resolve, reject) => fsync(this.fd, (err) => (err ? reject(err) : resolve())));
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
    }
  }
}

function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

/**
 * Cuts a torn tail: the bytes after the last newline. Complete lines are never removed,
 * even unparsable ones (readers skip and report those): that keeps every byte offset an
 * index has recorded valid forever, so indexes can refresh incrementally.
 * Returns the number of bytes removed. Caller holds the lock.
 */
export function repairTail(fd: number): number {
  const size = fstatSync(fd).size;
  if (size === 0 || lastByte(fd, size) === 0x0a) return 0;
  const keep = lastNewlineBefore(fd, size) + 1;
  ftruncateSync(fd, keep);
  return size - keep;
}

function lastByte(fd: number, size: number): number {
  const b = Buffer.alloc(1);
  readSync(fd, b, 0, 1, size - 1);
  return b[0]!;
}

/** Offset of the last `\n` strictly before `end`, or -1. Reads backwards in blocks. */
function lastNewlineBefore(fd: number, end: number): number {
  const block = Buffer.allocUnsafe(64 << 10);
  let hi = end;
  while (hi > 0) {
    const lo = Math.max(0, hi - block.length);
    const n = readSync(fd, block, 0, hi - lo, lo);
    const i = block.subarray(0, n).lastIndexOf(0x0a);
    if (i !== -1) return lo + i;
    hi = lo;
  }
  return -1;
}
