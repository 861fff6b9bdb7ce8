import { promises as fs, readFileSync, existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { Client, utils, type ConnectConfig, type SFTPWrapper, type Stats } from 'ssh2';
import type { ExecOptions, ExecResult, Host } from './host';
import { posixJoin } from './host';
import { checkHostKey, knownHostName, readKnownHosts, type HostKeyVerdict } from './known-hosts';
import { shJoin, shQuote } from './quote';
import { ENV_FROM_STDIN_SH, secretExports } from './secrets';
import { expandSshPath, loadSshHostConfig } from './ssh-config';
import type { SshTarget } from './target';

/** What a connection resolved to, after ~/.ssh/config and defaults. */
export interface SshEndpoint {
  alias: string;
  host: string;
  port: number;
  user: string;
  privateKey?: Buffer;
  keyFile?: string;
  agent?: string;
  knownHostsFile: string;
}

export function resolveEndpoint(t: SshTarget): SshEndpoint {
  const cfg = loadSshHostConfig(t.host, t.sshConfigFile);
  const host = cfg.hostName ?? t.host;
  const user = t.user ?? cfg.user ?? userInfo().username;
  const ctx = { host, user };
  const candidates = t.identityFile
    ? [t.identityFile]
    : cfg.identityFiles.length
      ? cfg.identityFiles
      : ['~/.ssh/id_ed25519', '~/.ssh/id_ecdsa', '~/.ssh/id_rsa'];
  let privateKey: Buffer | undefined;
  let keyFile: string | undefined;
  for (const c of candidates.map((p) => expandSshPath(p, ctx))) {
    if (!existsSync(c)) continue;
    const data = readFileSync(c);
    // a passphrase-protected key cannot be used here: leave it to the agent
    if (utils.parseKey(data) instanceof Error) continue;
    privateKey = data;
    keyFile = c;
    break;
  }
  const agentCfg = cfg.identityAgent ? expandSshPath(cfg.identityAgent, ctx) : undefined;
  const agent = agentCfg === 'none' ? undefined : agentCfg === 'SSH_AUTH_SOCK' || !agentCfg ? process.env.SSH_AUTH_SOCK : agentCfg;
  if (!privateKey && !agent)
    throw new Error(`no usable SSH key for ${t.host}: tried ${candidates.join(', ')} (missing or passphrase-protected) and SSH_AUTH_SOCK is not set; add an IdentityFile in ~/.ssh/config or start ssh-agent`);
  return {
    alias: t.host,
    host,
    port: t.port ?? cfg.port ?? 22,
    user,
    privateKey,
    keyFile,
    agent,
    knownHostsFile: t.knownHostsFile ? expandSshPath(t.knownHostsFile, ctx) : join(homedir(), '.ssh', 'known_hosts'),
  };
}

/** Opens a verified SSH connection; an unknown host key is refused unless the target accepts it. */
export async function connectSsh(t: SshTarget): Promise<SshHost> {
  const ep = resolveEndpoint(t);
  const known = readKnownHosts(ep.knownHostsFile);
  let verdict: HostKeyVerdict | undefined;
  const client = new Client();
  const cfg: ConnectConfig = {
    host: ep.host,
    port: ep.port,
    username: ep.user,
    privateKey: ep.privateKey,
    agent: ep.agent,
    readyTimeout: t.readyTimeoutMs ?? 20000,
    hostVerifier: (key: Buffer) => {
      verdict = checkHostKey(known, ep.host, ep.port, key);
      return verdict === 'match' || (verdict === 'unknown' && t.acceptUnknownHostKey === true);
    },
  };
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', (err) => {
      client.end();
      const where = `${ep.user}@${knownHostName(ep.host, ep.port)}`;
      if (verdict === 'unknown')
        reject(new Error(`unknown host key for ${where}: not in ${ep.knownHostsFile}. Connect once with ssh to check and record it, or set acceptUnknownHostKey`));
      else if (verdict === 'mismatch' || verdict === 'revoked')
        reject(new Error(`HOST KEY ${verdict === 'revoked' ? 'REVOKED' : 'CHANGED'} for ${where} (per ${ep.knownHostsFile}); refusing to connect`));
      else reject(new Error(`ssh ${where}: ${err.message}`));
    });
    client.connect(cfg);
  });
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(err) : resolve(s))));
  return new SshHost(client, sftp, `${ep.user}@${ep.host}:${ep.port}`);
}

const isNoSuchFile = (err: unknown) => (err as { code?: number | string }).code === 2 || (err as { code?: string }).code === 'ENOENT';

function p<T>(f: (cb: (err: Error | null | undefined, v: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => f((err, v) => (err ? reject(err) : resolve(v))));
}

/**
 * A command line running argv with `env` from its stdin: sshd passes only the names its AcceptEnv
 * allows (often LANG and LC_* alone), and a value on the command line would show in `ps`
 * on the host, so the values go down the exec channel's stdin to a constant script.
 */
function withEnv(argv: readonly string[], env: Readonly<Record<string, string>>): [string, string] {
  return [shJoin(['sh', '-c', ENV_FROM_STDIN_SH, 'vstar-env', ...argv]), secretExports(env)];
}

/** A host over one SSH connection: commands quoted by shJoin, files over SFTP. */
export class SshHost implements Host {
  /** Set when the connection ends for any reason (a drop, a server restart, close()). */
  closed = false;

  constructor(
    private readonly client: Client,
    private readonly sftp: SFTPWrapper,
    readonly label: string,
  ) {
    const gone = (): void => void (this.closed = true);
    client.on('close', gone);
    client.on('end', gone);
    client.on('error', gone);
  }

  exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    if (!opts.env || Object.keys(opts.env).length === 0) return this.execLine(shJoin(argv), opts.stdin);
    if (opts.stdin !== undefined) throw new Error('exec over SSH takes env or stdin, not both');
    return this.execLine(...withEnv(argv, opts.env));
  }

  /** A command line we composed from quoted words and our own constants only. */
  private execLine(line: string, stdin?: string): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(line, (err, stream) => {
        if (err) return reject(err);
        const out: Buffer[] = [];
        const errb: Buffer[] = [];
        stream.on('data', (b: Buffer) => out.push(b));
        stream.stderr.on('data', (b: Buffer) => errb.push(b));
        stream.on('close', (code: number | null, signal?: string) =>
          resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errb).toString('utf8') }),
        );
        stream.end(stdin ?? '');
      });
    });
  }

  async launch(dir: string, script: string, env?: Readonly<Record<string, string>>): Promise<void> {
    // setsid: a new session, so the job survives this connection and its group can be
    // signalled as one; without setsid (not Linux), nohup at least ignores the hangup.
    const run = `sh ${shQuote(script)} </dev/null >/dev/null 2>&1 &`;
    const line = `cd ${shQuote(dir)} && if command -v setsid >/dev/null 2>&1; then setsid ${run} else nohup ${run} fi`;
    const r = await (env && Object.keys(env).length > 0 ? this.execLine(...withEnv(['sh', '-c', line], env)) : this.execLine(line));
    if (r.code !== 0) throw new Error(`could not start the job on ${this.label}: ${r.stderr.trim()}`);
  }

  resolve(path: string): Promise<string> {
    return p<string>((cb) => this.sftp.realpath(path, cb));
  }

  async mkdirp(dir: string): Promise<void> {
    const r = await this.exec(['mkdir', '-p', '--', dir]);
    if (r.code !== 0) throw new Error(`mkdir ${dir} on ${this.label}: ${r.stderr.trim()}`);
  }

  async writeFile(path: string, data: string | Buffer, mode?: number): Promise<void> {
    await this.mkdirp(posix.dirname(path));
    await p<void>((cb) => this.sftp.writeFile(path, data, mode !== undefined ? { mode } : {}, (err) => cb(err, undefined)));
  }

  async upload(local: string, remote: string): Promise<void> {
    const st = await fs.stat(local);
    if (st.isDirectory()) {
      await this.mkdirp(remote);
      for (const name of await fs.readdir(local)) await this.upload(join(local, name), posixJoin(remote, name));
    } else {
      await this.mkdirp(posix.dirname(remote));
      await p<void>((cb) => this.sftp.fastPut(local, remote, { mode: st.mode & 0o777 }, (err) => cb(err, undefined)));
    }
  }

  async download(remote: string, local: string): Promise<boolean> {
    let st: Stats;
    try {
      st = await p<Stats>((cb) => this.sftp.stat(remote, cb));
    } catch (err) {
      if (isNoSuchFile(err)) return false;
      throw err;
    }
    if (st.isDirectory()) {
      await fs.mkdir(local, { recursive: true });
      const list = await p<{ filename: string }[]>((cb) => this.sftp.readdir(remote, cb));
      for (const e of list) await this.download(posixJoin(remote, e.filename), join(local, e.filename));
    } else {
      await fs.mkdir(dirname(local), { recursive: true });
      await p<void>((cb) => this.sftp.fastGet(remote, local, (err) => cb(err, undefined)));
    }
    return true;
  }

  async readFrom(path: string, offset: number, max = 1 << 20): Promise<Buffer | null> {
    let handle: Buffer;
    try {
      handle = await p<Buffer>((cb) => this.sftp.open(path, 'r', cb));
    } catch (err) {
      if (isNoSuchFile(err)) return null;
      throw err;
    }
    try {
      const size = (await p<Stats>((cb) => this.sftp.fstat(handle, cb))).size;
      const len = Math.min(max, Math.max(0, size - offset));
      if (len === 0) return Buffer.alloc(0);
      const buf = Buffer.alloc(len);
      let got = 0;
      while (got < len) {
        const n = await p<number>((cb) => this.sftp.read(handle, buf, got, len - got, offset + got, (err, bytes) => cb(err, bytes)));
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    } finally {
      await p<void>((cb) => this.sftp.close(handle, (err) => cb(err, undefined))).catch(() => {});
    }
  }

  async close(): Promise<void> {
    this.sftp.end();
    this.client.end();
  }
}
