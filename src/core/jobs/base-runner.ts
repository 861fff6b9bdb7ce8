import { join, resolve } from 'node:path';
import { posixJoin, type Host } from './host';
import { readLogLines, type LogFile } from './logs';
import type { FetchResult, JobHandle, LogOptions, Runner, SubmitOptions } from './runner';
import { checkSecrets } from './secrets';
import { renderJobScript, SCRIPT_NAME, type ScriptMode } from './script';
import { isTerminal, parseJobSpec, type JobSpec, type JobSpecInput, type JobStatus } from './spec';
import { newJobId, type JobRecord, type JobStore } from './store';
import type { Target, TargetKind } from './target';

/**
 * What every runner shares: the per-job folder on the target (inputs, `job.sh`, logs,
 * outputs), the record on disk, cached final states, log following and artifact fetching.
 * Subclasses say how a job starts, how its state is learnt and how it is stopped.
 */
export abstract class BaseRunner implements Runner {
  abstract readonly kind: TargetKind;
  protected abstract readonly scriptMode: ScriptMode;
  private hostPromise?: Promise<Host>;
  private hostNow?: Host;

  constructor(
    protected readonly store: JobStore,
    protected readonly target: Target,
    private readonly hostFactory: () => Promise<Host>,
  ) {}

  /**
   * The connection, opened on first use and kept while it lives: after a drop (an SSH
   * connection reset, sshd restarted) the next call opens a new one.
   */
  protected host(): Promise<Host> {
    if (this.hostNow?.closed) {
      this.hostPromise = undefined;
      this.hostNow = undefined;
    }
    if (!this.hostPromise) {
      const p = this.hostFactory();
      this.hostPromise = p;
      p.then(
        (h) => void (this.hostPromise === p && (this.hostNow = h)),
        () => void (this.hostPromise === p && (this.hostPromise = undefined)),
      );
    }
    return this.hostPromise;
  }

  /** Runs `fn` on the host; if the connection died under it, once more on a new one. */
  protected async onHost<T>(fn: (host: Host) => Promise<T>): Promise<T> {
    const host = await this.host();
    try {
      return await fn(host);
    } catch (err) {
      if (!host.closed) throw err;
      return fn(await this.host());
    }
  }

  /** Folder on the target under which each job gets `<root>/<id>` (absolute). */
  protected abstract jobRoot(host: Host): Promise<string>;
  /** Starts the job; `secrets` go into its environment and nowhere else. */
  protected abstract start(host: Host, rec: JobRecord, secrets: Readonly<Record<string, string>>): Promise<void>;
  protected abstract probe(host: Host, rec: JobRecord): Promise<JobStatus>;
  protected abstract stop(host: Host, rec: JobRecord): Promise<void>;
  protected abstract logFiles(rec: JobRecord, opts: LogOptions): LogFile[];
  /** Refuse what this runner cannot do, before anything is created. */
  protected validate(spec: JobSpec): void {
    void spec;
  }

  async submit(input: JobSpecInput, opts: SubmitOptions = {}): Promise<JobHandle> {
    const spec = parseJobSpec(input);
    const secrets = checkSecrets(spec.env, spec.secretEnv, opts.secrets);
    this.validate(spec);
    const host = await this.host();
    const id = newJobId(spec.name);
    const dir = posixJoin(await this.jobRoot(host), id);
    await host.mkdirp(dir);
    for (const inp of spec.inputs) await host.upload(resolve(inp.local), posixJoin(dir, inp.remote));
    await host.writeFile(posixJoin(dir, SCRIPT_NAME), renderJobScript(spec, dir, this.scriptMode), 0o755);
    const rec: JobRecord = { id, target: this.target, spec, createdAt: new Date().toISOString(), dir };
    // saved before it starts, so a crash in between still leaves a job we can find
    await this.store.save(rec);
    await this.start(host, rec, secrets);
    await this.store.save(rec);
    return { id, record: rec };
  }

  protected async loadOwn(id: string): Promise<JobRecord> {
    const rec = await this.store.load(id);
    if (rec.target.kind !== this.kind) throw new Error(`job ${id} ran on a ${rec.target.kind} target, not ${this.kind}`);
    return rec;
  }

  async status(id: string): Promise<JobStatus> {
    const rec = await this.loadOwn(id);
    if (rec.last && isTerminal(rec.last.state)) return rec.last; // final: no need to ask again
    const s = await this.onHost((host) => this.probe(host, rec));
    // saved on any change, and at most once a second otherwise (it doubles as a cache)
    if (!rec.last || JSON.stringify({ ...rec.last, at: 0 }) !== JSON.stringify({ ...s, at: 0 }) || s.at - rec.last.at > 1000) {
      rec.last = s;
      await this.store.save(rec);
    }
    return s;
  }

  async cancel(id: string): Promise<JobStatus> {
    const rec = await this.loadOwn(id);
    if (rec.last && isTerminal(rec.last.state)) return rec.last;
    rec.cancelRequested = true;
    await this.store.save(rec);
    await this.stop(await this.host(), rec);
    return this.status(id);
  }

  async *logs(id: string, opts: LogOptions = {}): AsyncGenerator<string> {
    const rec = await this.loadOwn(id);
    const host = await this.host();
    yield* readLogLines(host, this.logFiles(rec, opts), {
      follow: opts.follow,
      pollMs: opts.pollMs,
      signal: opts.signal,
      isDone: async () => isTerminal((await this.status(id)).state),
    });
  }

  async fetchArtifacts(id: string, destDir: string): Promise<FetchResult> {
    const rec = await this.loadOwn(id);
    const host = await this.host();
    const out: FetchResult = { fetched: [], missing: [] };
    for (const p of rec.spec.outputs) {
      const local = join(resolve(destDir), ...p.split('/'));
      if (await host.download(posixJoin(rec.dir, p), local)) out.fetched.push(local);
      else out.missing.push(p);
    }
    return out;
  }

  async close(): Promise<void> {
    const h = this.hostPromise;
    this.hostPromise = undefined;
    this.hostNow = undefined;
    if (h) await (await h).close();
  }
}
