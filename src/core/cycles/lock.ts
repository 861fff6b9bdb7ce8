import { openSync, writeSync, closeSync, readFileSync, unlinkSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

/**
 * A cross-process lock made of a file created with O_CREAT|O_EXCL (`wx`), which is
 * atomic on local filesystems and on NFSv3+. Node has no flock(2), and a lock file also
 * works between the CLI and the extension host without native code.
 *
 * It guards short critical sections only (one write(2) to a log, one state rewrite), so
 * waiters poll with a short backoff. A holder that died (same host, pid gone) or a lock
 * older than `staleMs` (another host, or a crash between create and write) is stale and
 * is broken. Breaking is itself serialized by a second `wx` file, `<lock>.break`, so two
 * waiters that both see a stale lock cannot both delete it: the second one would
 * otherwise delete the lock the first had just taken.
 */
export interface LockOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** A lock whose holder cannot be checked is stale after this long (default 10 s). */
  staleMs?: number;
}

interface Holder {
  pid: number;
  host: string;
  nonce: string;
}

const HOST = hostname();

export class FileLock {
  private nonce: string | undefined;

  constructor(
    readonly path: string,
    private readonly opts: LockOptions = {},
  ) {}

  get held(): boolean {
    return this.nonce !== undefined;
  }

  /** Non-blocking attempt; true when taken. */
  tryAcquire(): boolean {
    if (this.nonce) throw new Error(`lock ${this.path} is already held by this object`);
    const nonce = randomBytes(8).toString('hex');
    if (!createExclusive(this.path, JSON.stringify({ pid: process.pid, host: HOST, nonce, at: new Date().toISOString() }))) {
      this.breakIfStale();
      return false;
    }
    this.nonce = nonce;
    return true;
  }

  async acquire(): Promise<void> {
    const deadline = Date.now() + (this.opts.timeoutMs ?? 30_000);
    let wait = 1;
    while (!this.tryAcquire()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${this.path} (held by ${describe(this.path)})`);
      await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
      wait = Math.min(wait * 2, 25);
    }
  }

  release(): void {
    if (!this.nonce) return;
    // Only delete the file if it is still ours (it could have been broken as stale).
    if (readHolder(this.path)?.nonce === this.nonce) tryUnlink(this.path);
    this.nonce = undefined;
  }

  /** Runs `fn` holding the lock. */
  async with<T>(fn: () => T | Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private breakIfStale(): void {
    const staleMs = this.opts.staleMs ?? 10_000;
    const seen = readFileOrUndefined(this.path);
    if (seen === undefined || !isStale(this.path, seen, staleMs)) return;
    const breaker = this.path + '.break';
    if (!createExclusive(breaker, String(process.pid))) {
      // A breaker that crashed leaves its file; it only ever lives for microseconds.
      if (ageMs(breaker) > staleMs) tryUnlink(breaker);
      return;
    }
    try {
      // Re-read under the breaker: delete only the very lock we judged stale.
      if (readFileOrUndefined(this.path) === seen) tryUnlink(this.path);
    } finally {
      tryUnlink(breaker);
    }
  }
}

function createExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function isStale(path: string, content: string, staleMs: number): boolean {
  const h = parseHolder(content);
  if (h && h.host === HOST) return !pidAlive(h.pid);
  return ageMs(path) > staleMs;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function readFileOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseHolder(content: string): Holder | undefined {
  try {
    const h = JSON.parse(content) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.nonce === 'string' ? (h as Holder) : undefined;
  } catch {
    return undefined;
  }
}

function readHolder(path: string): Holder | undefined {
  const c = readFileOrUndefined(path);
  return c === undefined ? undefined : parseHolder(c);
}

function describe(path: string): string {
  const h = readHolder(path);
  return h ? `pid ${h.pid} on ${h.host}` : 'unknown';
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
