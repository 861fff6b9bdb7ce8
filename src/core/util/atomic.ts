import { promises as fs, openSync, writeSync, fsyncSync, closeSync, renameSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files that writes of `target` left behind when their process was killed
 * (`.<name>.<pid>[.<hex>].tmp` whose pid is gone): a crash must not litter the folder for
 * good. Temp files of live processes (ours included) are left alone.
 */
export function sweepStaleTemps(target: string): void {
  const base = basename(target);
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`.${base}.`) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)(?:\.[0-9a-f]+)?\.tmp$/.exec(name.slice(base.length + 2));
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !alive(pid)) rmSync(join(dirname(target), name), { force: true });
  }
}

/**
 * Writes a whole file so that readers see either the old or the new content, never a
 * half-written one: write a temp file beside it, fsync, rename over, fsync the folder.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(dirname(target), { recursive: true });
  sweepStaleTemps(target);
  const tmp = tempPathFor(target);
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await fs.rename(tmp, target);
  await syncDir(dirname(target));
}

/** Synchronous twin of {@link writeFileAtomic}, for small state files on exit paths. */
export function writeFileAtomicSync(target: string, data: string | Uint8Array): void {
  mkdirSync(dirname(target), { recursive: true });
  sweepStaleTemps(target);
  const tmp = tempPathFor(target);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, target);
}

/** A file written in pieces that readers see only whole, once committed (see {@link openAtomicFile}). */
export interface AtomicFile {
  /** Queues text; it reaches the temp file in large writes. */
  write(text: string): Promise<void>;
  /** Flushes, fsyncs and renames the temp file over the target (then fsyncs the folder). */
  commit(): Promise<void>;
  /** Drops the temp file; the target keeps its old content (or stays absent). */
  abort(): Promise<void>;
}

/**
 * Streams a large file through a temp file beside `target` and renames it into place on
 * `commit`: a crash or an `abort` leaves the old file, never half a new one. Small
 * writes are gathered into ~1 MB chunks, so a record per call costs no syscall each.
 * Nothing touches the disk before the first chunk is full, and an `abort` also removes
 * the folders the file's opening created: a refused small export leaves no trace.
 */
export async function openAtomicFile(target: string, chunkBytes = 1 << 20): Promise<AtomicFile> {
  const dir = dirname(target);
  let fh: fs.FileHandle | undefined;
  let tmp: string | undefined;
  let createdDir: string | undefined;
  // Text is copied into this buffer as it comes, so no string outlives its write call.
  const chunk = Buffer.allocUnsafe(chunkBytes);
  let used = 0;
  let closed = false;
  const open = async (): Promise<fs.FileHandle> => {
    if (!fh) {
      createdDir = await fs.mkdir(dir, { recursive: true });
      sweepStaleTemps(target); // left by a writer that was killed
      tmp = tempPathFor(target);
      fh = await fs.open(tmp, 'w');
    }
    return fh;
  };
  const flush = async (): Promise<void> => {
    const f = await open();
    if (used > 0) await f.write(chunk, 0, used);
    used = 0;
  };
  const discard = async (): Promise<void> => {
    await fh?.close().catch(() => {});
    if (tmp) await fs.rm(tmp, { force: true });
    // The folders made for this file, deepest first, while they are empty.
    for (let d = dir; createdDir && d.length >= createdDir.length; d = dirname(d)) {
      if (!(await fs.rmdir(d).then(() => true, () => false))) break;
    }
  };
  return {
    async write(text) {
      if (closed) throw new Error(`${target}: write after commit or abort`);
      // A UTF-16 unit is at most 3 bytes of UTF-8.
      if (used + text.length * 3 > chunkBytes) await flush();
      if (text.length * 3 > chunkBytes) await (await open()).write(text);
      else used += chunk.write(text, used);
    },
    async commit() {
      if (closed) throw new Error(`${target}: already committed or aborted`);
      closed = true;
      try {
        await flush();
        await fh!.sync();
      } catch (err) {
        await discard();
        throw err;
      }
      await fh!.close();
      await fs.rename(tmp!, target);
      await syncDir(dir);
    },
    async abort() {
      if (closed) return;
      closed = true;
      await discard();
    },
  };
}

/** fsync a directory so a rename or a new file in it survives a crash. */
export async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await fh?.close();
  }
}
