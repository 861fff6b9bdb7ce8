import type { Host } from './host';
import { isTerminal } from './spec';
import { parseSacct, parseScontrol, parseSqueue, type SlurmRow } from './slurm-state';

export interface PollOptions {
  minMs: number;
  maxMs: number;
}

/**
 * Asks the Slurm controller about every job this process watches in ONE query, at most
 * once per interval; the interval doubles (up to maxMs) while nothing changes and drops
 * back to minMs on any change. Concurrent callers share the query in flight. `sacct` is
 * tried first and, once it fails (no slurmdbd), not again; then `squeue -t all`, then
 * `scontrol show job` for ids the queue no longer lists.
 */
export class SlurmPoller {
  private readonly cache = new Map<string, { rows: SlurmRow[]; at: number }>();
  private readonly tracked = new Set<string>();
  private readonly force = new Set<string>();
  private inflight?: Promise<{ ids: string[] }>;
  private intervalMs: number;
  sacctWorks?: boolean;
  /** Number of controller queries made (for tests and diagnostics). */
  queries = 0;

  constructor(
    private readonly host: () => Promise<Host>,
    private readonly opts: PollOptions,
  ) {
    this.intervalMs = opts.minMs;
  }

  get interval(): number {
    return this.intervalMs;
  }

  has(jobId: string): boolean {
    return this.cache.has(jobId);
  }

  /** The next rows() for this job asks the controller (after a cancel, say). */
  invalidate(jobId: string): void {
    this.force.add(jobId);
  }

  async rows(jobId: string): Promise<SlurmRow[]> {
    this.tracked.add(jobId);
    const c = this.cache.get(jobId);
    if (c && !this.force.has(jobId) && Date.now() - c.at < this.intervalMs) return c.rows;
    // a round already in flight may not include this job: then one more round after it
    for (let round = 0; round < 2; round++) {
      if (!this.inflight) this.inflight = this.refresh().finally(() => (this.inflight = undefined));
      const { ids } = await this.inflight;
      if (ids.includes(jobId)) break;
    }
    return this.cache.get(jobId)?.rows ?? [];
  }

  private async refresh(): Promise<{ ids: string[] }> {
    await Promise.resolve(); // callers in the same tick join this round
    const ids = [...this.tracked];
    for (const id of ids) this.force.delete(id);
    const host = await this.host();
    const found = await this.query(host, ids);
    const now = Date.now();
    let changed = false;
    for (const id of ids) {
      const rows = found.get(id) ?? [];
      const before = this.cache.get(id);
      if (!before || JSON.stringify(before.rows) !== JSON.stringify(rows)) changed = true;
      this.cache.set(id, { rows, at: now });
      // done jobs leave the batch; their last rows stay cached
      if (rows.length > 0 && rows.every((r) => isTerminal(r.state))) this.tracked.delete(id);
    }
    this.intervalMs = changed ? this.opts.minMs : Math.min(this.opts.maxMs, this.intervalMs * 2);
    return { ids };
  }

  private async query(host: Host, ids: string[]): Promise<Map<string, SlurmRow[]>> {
    const out = new Map<string, SlurmRow[]>();
    const add = (rows: SlurmRow[]) => {
      for (const r of rows) if (ids.includes(r.jobId)) out.set(r.jobId, [...(out.get(r.jobId) ?? []), r]);
    };
    const missing = () => ids.filter((id) => !out.has(id));
    if (this.sacctWorks !== false) {
      this.queries++;
      const r = await host.exec(['sacct', '-n', '-P', '-X', '-j', ids.join(','), '-o', 'JobID,State,ExitCode']);
      if (r.code === 0) {
        this.sacctWorks = true;
        add(parseSacct(r.stdout));
      } else this.sacctWorks = false; // e.g. "Slurm accounting storage is disabled"
    }
    if (missing().length) {
      this.queries++;
      const r = await host.exec(['squeue', '-h', '-r', '-t', 'all', '-j', missing().join(','), '-o', '%i|%T']);
      if (r.code === 0) add(parseSqueue(r.stdout));
    }
    for (const id of missing()) {
      this.queries++;
      const r = await host.exec(['scontrol', '-o', 'show', 'job', id]);
      if (r.code === 0) add(parseScontrol(r.stdout));
    }
    return out;
  }
}
