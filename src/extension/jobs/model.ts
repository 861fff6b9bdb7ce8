// The jobs of one project: records from `<workdir>/jobs/`, their states kept fresh by polling
// the unfinished ones (backing off while nothing changes), and the latest progress line of
// each running job's log. No `vscode` import: the tree (tree.ts) renders it and the file
// watcher lives there; plain Node tests drive it with real local jobs. Because everything
// starts from the records on disk, a new model after a window reload reattaches to jobs
// that are still running.
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { createRunner, isTerminal, JobStore, type JobStatus, type Runner, type Target } from '../../core/jobs';
import { parseProgressLine } from '../../core/jobs/progress';
import { nextDelay, stateOf, targetKey, type JobView } from './rows';

export interface JobsModelOptions {
  /** Fastest status poll (ms); used again right after any change. */
  minPollMs?: number;
  /** Slowest status poll while nothing changes (ms). */
  maxPollMs?: number;
  /** How often followed logs are read for progress lines (ms). */
  logPollMs?: number;
  /** Where problems go (the extension passes its logger). */
  log?: (message: string) => void;
  /**
   * Only show the records, never ask a target (no processes, no SSH): for untrusted
   * workspaces, whose records could name any host.
   */
  passive?: boolean;
}

// Coalesces bursts (a progress line per step) into one tree refresh.
const CHANGE_DELAY_MS = 150;

export class JobsModel {
  readonly store: JobStore;
  private views = new Map<string, JobView>();
  private readonly runners = new Map<string, Runner>();
  private readonly followers = new Map<string, AbortController>();
  private readonly events = new EventEmitter();
  private pollTimer: NodeJS.Timeout | undefined;
  private changeTimer: NodeJS.Timeout | undefined;
  private delay: number;
  private polling = false;
  private disposed = false;
  private loading: Promise<void> | undefined;
  private readonly min: number;
  private readonly max: number;

  constructor(readonly workdir: string, private readonly opts: JobsModelOptions = {}) {
    this.store = new JobStore(workdir);
    this.min = opts.minPollMs ?? 1000;
    this.max = opts.maxPollMs ?? 30000;
    this.delay = this.min;
  }

  /** Called (coalesced) after any change of records, states or progress. */
  onDidChange(listener: () => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  /** Jobs, newest first. */
  jobs(): JobView[] {
    return [...this.views.values()].sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt) || b.record.id.localeCompare(a.record.id));
  }

  get(id: string): JobView | undefined {
    return this.views.get(id);
  }

  runningCount(): number {
    return this.jobs().filter((j) => !isTerminal(stateOf(j.record))).length;
  }

  /** Rereads the records (after a submit, or when files under jobs/ change). */
  reload(): Promise<void> {
    // one read at a time; a reload asked for during one runs after it
    const next = (this.loading ?? Promise.resolve()).then(() => this.read());
    this.loading = next.catch(() => undefined);
    return next;
  }

  /** The runner of a target, made once and kept (SSH connections are reused). */
  runnerFor(target: Target): Runner {
    const key = targetKey(target);
    let r = this.runners.get(key);
    if (!r) {
      r = createRunner(target, this.workdir);
      this.runners.set(key, r);
    }
    return r;
  }

  async cancel(id: string): Promise<JobStatus> {
    const view = this.views.get(id);
    if (!view) throw new Error(`no job ${id} in ${this.store.dir}`);
    const s = await this.runnerFor(view.record.target).cancel(id);
    await this.reload();
    return s;
  }

  /** The job's log lines, following them until it ends (or `signal` aborts). */
  logs(id: string, signal: AbortSignal): AsyncIterable<string> {
    const view = this.views.get(id);
    if (!view) throw new Error(`no job ${id} in ${this.store.dir}`);
    return this.runnerFor(view.record.target).logs(id, { follow: true, signal, pollMs: this.opts.logPollMs ?? 1000 });
  }

  dispose(): void {
    this.disposed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    for (const ac of this.followers.values()) ac.abort();
    this.followers.clear();
    for (const r of this.runners.values()) void r.close().catch(() => undefined);
    this.runners.clear();
    this.events.removeAllListeners();
  }

  private async read(): Promise<void> {
    if (this.disposed) return;
    const recs = await this.store.list((file, err) => this.opts.log?.(`${file}: ${err.message}`));
    const next = new Map<string, JobView>();
    let added = false;
    for (const record of recs) {
      const old = this.views.get(record.id);
      if (!old) added = true;
      next.set(record.id, { ...old, record });
    }
    this.views = next;
    for (const j of next.values()) if (j.endedAt === undefined) this.learnEnd(j.record.id);
    for (const [id, ac] of this.followers) {
      if (!next.has(id)) (ac.abort(), this.followers.delete(id));
    }
    if (!this.opts.passive) for (const j of next.values()) if (!isTerminal(stateOf(j.record))) this.follow(j.record.id);
    if (added) this.delay = this.min; // a new job: look at it soon
    this.schedulePoll();
    this.changed();
  }

  private schedulePoll(): void {
    if (this.disposed || this.opts.passive || this.polling || this.pollTimer || this.runningCount() === 0) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.poll();
    }, this.delay);
  }

  /** One round: ask each unfinished job's runner for its state. */
  private async poll(): Promise<void> {
    this.polling = true;
    let changed = false;
    try {
      for (const j of this.jobs()) {
        if (this.disposed) return;
        if (isTerminal(stateOf(j.record))) continue;
        const before = stateOf(j.record);
        try {
          const s = await this.runnerFor(j.record.target).status(j.record.id);
          const cur = this.views.get(j.record.id);
          if (!cur) continue;
          this.views.set(j.record.id, { ...cur, record: { ...cur.record, last: s }, error: undefined });
          if (s.state !== before || cur.error) changed = true;
          if (isTerminal(s.state)) this.learnEnd(j.record.id);
        } catch (err) {
          const cur = this.views.get(j.record.id);
          const msg = err instanceof Error ? err.message : String(err);
          if (cur && cur.error !== msg) {
            this.views.set(j.record.id, { ...cur, error: msg });
            this.opts.log?.(`job ${j.record.id}: status failed: ${msg}`);
            changed = true;
          }
        }
      }
    } finally {
      this.polling = false;
    }
    this.delay = nextDelay(this.delay, changed, this.min, this.max);
    // every round refreshes elapsed times, not only state changes
    this.changed();
    this.schedulePoll();
  }

  /** Reads the job's log as it grows, keeping its latest progress line. */
  private follow(id: string): void {
    if (this.followers.has(id) || this.disposed) return;
    const view = this.views.get(id);
    if (!view) return;
    const ac = new AbortController();
    this.followers.set(id, ac);
    const runner = this.runnerFor(view.record.target);
    void (async () => {
      try {
        for await (const line of runner.logs(id, { follow: true, signal: ac.signal, pollMs: this.opts.logPollMs ?? 2000, stream: 'stdout' })) {
          const p = parseProgressLine(line);
          const cur = this.views.get(id);
          if (p && cur) {
            this.views.set(id, { ...cur, progress: p });
            this.changed();
          }
        }
      } catch (err) {
        if (!ac.signal.aborted) this.opts.log?.(`job ${id}: reading its log failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        if (this.followers.get(id) === ac) this.followers.delete(id);
      }
    })();
  }

  /** Local jobs: the real end time is the exit_code file's (the record only has when it was seen). */
  private learnEnd(id: string): void {
    const j = this.views.get(id);
    if (!j || j.record.target.kind !== 'local' || !j.record.last || !isTerminal(j.record.last.state)) return;
    void fs.stat(join(j.record.dir, 'exit_code')).then(
      (st) => {
        const cur = this.views.get(id);
        if (cur && cur.endedAt === undefined) (this.views.set(id, { ...cur, endedAt: st.mtimeMs }), this.changed());
      },
      () => undefined,
    );
  }

  private changed(): void {
    if (this.changeTimer || this.disposed) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.events.emit('change');
    }, CHANGE_DELAY_MS);
  }
}
