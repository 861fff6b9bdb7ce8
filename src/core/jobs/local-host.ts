import { spawn } from 'node:child_process';
import { promises as fs, createReadStream } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import type { ExecOptions, ExecResult, Host } from './host';

/** This machine: argv goes to spawn with no shell; files are plain fs operations. */
export class LocalHost implements Host {
  readonly label = 'local';

  exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const [cmd, ...args] = argv;
      if (!cmd) return reject(new Error('empty command'));
      const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}) });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e) => {
        // A missing program is an exit like any other failure, as it is over SSH (127).
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') resolve({ code: 127, stdout: '', stderr: `${cmd}: not found` });
        else reject(e);
      });
      child.on('close', (code, signal) =>
        resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
      );
      child.stdin.on('error', () => {});
      child.stdin.end(opts.stdin ?? '');
    });
  }

  async launch(dir: string, script: string, env?: Readonly<Record<string, string>>): Promise<void> {
    // detached: its own process group and session, so it outlives us and cancel can
    // signal the whole group; stdio ignored so nothing ties it to our pipes.
    const child = spawn('sh', [script], { cwd: dir, detached: true, stdio: 'ignore', ...(env ? { env: { ...process.env, ...env } } : {}) });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    child.unref();
  }

  async resolve(p: string): Promise<string> {
    return resolvePath(p);
  }

  async mkdirp(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
  }

  async writeFile(path: string, data: string | Buffer, mode?: number): Promise<void> {
    await fs.mkdir(dirname(path), { recursive: true });
    await fs.writeFile(path, data, mode !== undefined ? { mode } : {});
  }

  async upload(local: string, remote: string): Promise<void> {
    await fs.mkdir(dirname(remote), { recursive: true });
    await fs.cp(local, remote, { recursive: true, dereference: true });
  }

  async download(remote: string, local: string): Promise<boolean> {
    try {
      await fs.stat(remote);
    } catch {
      return false;
    }
    await fs.mkdir(dirname(local), { recursive: true });
    await fs.cp(remote, local, { recursive: true, dereference: true });
    return true;
  }

  async readFrom(path: string, offset: number, max = 1 << 20): Promise<Buffer | null> {
    let size: number;
    try {
      size = (await fs.stat(path)).size;
    } catch {
      return null;
    }
    if (size <= offset) return Buffer.alloc(0);
    const chunks: Buffer[] = [];
    const end = Math.min(size, offset + max) - 1;
    for await (const c of createReadStream(path, { start: offset, end })) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async close(): Promise<void> {}
}
