/**
 * A machine jobs run on, reached either directly (this machine) or over SSH. Runners are
 * written once against this: every command is an argv (the SSH host quotes it with
 * `shJoin`, the local host passes it to spawn without a shell), and files move with
 * upload/download (SFTP over SSH, fs copies locally).
 */
export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  stdin?: string;
  env?: Readonly<Record<string, string>>;
}

export interface Host {
  /** Label for messages: `local` or `user@host:port`. */
  readonly label: string;
  /**
   * Runs argv to completion; never throws for a non-zero exit (look at `code`). `env`
   * adds variables to its environment (secrets: never on a command line or on disk).
   */
  exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult>;
  /** Starts `sh <script>` detached from this process (and from the SSH session), in `dir`, with `env` added. */
  launch(dir: string, script: string, env?: Readonly<Record<string, string>>): Promise<void>;
  /** An absolute path for `p` (relative paths are relative to the login/working directory). */
  resolve(p: string): Promise<string>;
  mkdirp(dir: string): Promise<void>;
  writeFile(path: string, data: string | Buffer, mode?: number): Promise<void>;
  /** Copies a local file or folder (recursively) to `remote`. */
  upload(local: string, remote: string): Promise<void>;
  /** Copies a file or folder (recursively) from the host to `local`. False if it does not exist. */
  download(remote: string, local: string): Promise<boolean>;
  /** Bytes of `path` from `offset` on (at most `max`); null when the file does not exist yet. */
  readFrom(path: string, offset: number, max?: number): Promise<Buffer | null>;
  close(): Promise<void>;
  /** True once the connection is gone (an SSH drop): the runner opens a new one. */
  readonly closed?: boolean;
}

/** Runs argv and throws with its stderr when it fails. */
export async function execOk(host: Host, argv: readonly string[], what?: string, opts?: ExecOptions): Promise<string> {
  const r = await host.exec(argv, opts);
  if (r.code !== 0) {
    const msg = (r.stderr || r.stdout).trim();
    throw new Error(`${what ?? argv[0]} failed on ${host.label} (exit ${r.code})${msg ? `: ${msg}` : ''}`);
  }
  return r.stdout;
}

/** Joins POSIX paths on the target (which is always POSIX, whatever this machine is). */
export function posixJoin(...parts: string[]): string {
  return parts
    .filter((p) => p !== '')
    .join('/')
    .replace(/\/{2,}/g, '/');
}
