import { BaseRunner } from './base-runner';
import { execOk, posixJoin, type Host } from './host';
import type { LogFile } from './logs';
import type { LogOptions } from './runner';
import { sbatchArgv } from './sbatch';
import { parseProbe, STATUS_SH } from './script';
import { SlurmPoller, type PollOptions } from './slurm-poller';
import { parseSbatchId, type SlurmRow } from './slurm-state';
import { aggregateTasks, isTerminal, type JobState, type JobStatus, type TaskStatus } from './spec';
import type { JobRecord, JobStore } from './store';
import type { Target } from './target';

/**
 * Jobs through Slurm (sbatch / sacct|squeue|scontrol / scancel), on this machine or over
 * SSH. States come from a shared poller that batches, caches and backs off; exit codes
 * missing from the scheduler's answer are read from the wrapper's `exit_code` files.
 */
export class SlurmRunner extends BaseRunner {
  readonly kind = 'slurm' as const;
  protected readonly scriptMode = 'slurm' as const;
  readonly poller: SlurmPoller;

  constructor(
    store: JobStore,
    target: Target,
    hostFactory: () => Promise<Host>,
    private readonly root: (host: Host) => Promise<string>,
    private readonly polling: PollOptions,
  ) {
    super(store, target, hostFactory);
    this.poller = new SlurmPoller(() => this.host(), polling);
  }

  protected jobRoot(host: Host): Promise<string> {
    return this.root(host);
  }

  protected async start(host: Host, rec: JobRecord, secrets: Readonly<Record<string, string>>): Promise<void> {
    const argv = sbatchArgv(rec.spec, rec.dir);
    // kept beside the script so a person can see (and rerun) exactly what was submitted
    await host.writeFile(posixJoin(rec.dir, 'sbatch-argv.json'), JSON.stringify(argv) + '\n');
    // secrets: in sbatch's own environment, which --export=ALL hands to the job
    rec.slurmJobId = parseSbatchId(await execOk(host, argv, 'sbatch', { env: secrets }));
  }

  protected async probe(host: Host, rec: JobRecord): Promise<JobStatus> {
    const jobId = rec.slurmJobId;
    if (!jobId) return { id: rec.id, state: 'unknown', detail: 'never reached sbatch', at: Date.now() };
    // a fresh process (the CLI run again) trusts a status younger than the poll interval
    if (!this.poller.has(jobId) && !rec.cancelRequested && rec.last && Date.now() - rec.last.at < this.polling.minMs) return rec.last;
    const rows = await this.poller.rows(jobId);
    const array = rec.spec.resources.array;
    const status: JobStatus = { id: rec.id, state: 'unknown', at: Date.now() };
    let files: ReturnType<typeof parseProbe> | undefined;
    const readFiles = async () => (files ??= parseProbe(await execOk(host, ['sh', '-c', STATUS_SH, 'vstar-status', rec.dir], 'job status probe')));
    if (!array) {
      const row = rows.find((r) => r.task === undefined) ?? rows[0];
      if (row) {
        status.state = row.state;
        if (row.state !== mapBack(row)) status.detail = row.raw;
        if (row.exitCode !== undefined && isTerminal(row.state)) status.exitCode = row.exitCode;
      } else {
        // forgotten by the controller (or not yet known): the wrapper's file decides
        const f = await readFiles();
        if (f.exitCode !== undefined) status.state = f.exitCode === 0 ? 'completed' : 'failed';
        else status.detail = `Slurm job ${jobId} is not known to sacct, squeue or scontrol`;
      }
      if (isTerminal(status.state) && status.exitCode === undefined) {
        const code = (await readFiles()).exitCode;
        if (code !== undefined) status.exitCode = code;
      }
      return status;
    }
    const tasks: TaskStatus[] = [];
    for (let i = 0; i < array.count; i++) {
      const row = rows.find((r) => r.task === i);
      const t: TaskStatus = { index: i, state: row ? row.state : 'unknown' };
      if (row?.exitCode !== undefined && isTerminal(row.state)) t.exitCode = row.exitCode;
      if ((!row || (isTerminal(row.state) && t.exitCode === undefined)) && (row || rows.length === 0)) {
        const code = (await readFiles()).tasks.get(i);
        if (code !== undefined) {
          t.exitCode = code;
          if (!row) t.state = code === 0 ? 'completed' : 'failed';
        }
      }
      tasks.push(t);
    }
    status.tasks = tasks;
    status.state = aggregateTasks(tasks);
    const codes = tasks.map((t) => t.exitCode ?? 0);
    if (isTerminal(status.state)) status.exitCode = codes.find((c) => c !== 0) ?? 0;
    return status;
  }

  protected async stop(host: Host, rec: JobRecord): Promise<void> {
    if (!rec.slurmJobId) return;
    await execOk(host, ['scancel', rec.slurmJobId], 'scancel');
    this.poller.invalidate(rec.slurmJobId);
    // scancel returns at once; wait (bounded) until the controller says it is over
    for (let i = 0; i < 100; i++) {
      const rows = await this.poller.rows(rec.slurmJobId);
      if (rows.length && rows.every((r) => isTerminal(r.state))) return;
      await new Promise((r) => setTimeout(r, 100));
      this.poller.invalidate(rec.slurmJobId);
    }
  }

  protected logFiles(rec: JobRecord, opts: LogOptions): LogFile[] {
    const array = rec.spec.resources.array;
    const streams = opts.stream === 'stdout' ? ['stdout'] : opts.stream === 'stderr' ? ['stderr'] : ['stdout', 'stderr'];
    if (!array) return streams.map((s) => ({ path: posixJoin(rec.dir, `${s}.log`) }));
    const tasks = opts.task !== undefined ? [opts.task] : [...Array(array.count).keys()];
    return tasks.flatMap((i) => streams.map((s) => ({ path: posixJoin(rec.dir, `${s}-${i}.log`), prefix: opts.task !== undefined ? '' : `[${i}] ` })));
  }
}

/** Slurm words our five states do not capture (TIMEOUT, OUT_OF_MEMORY…) go into `detail`. */
function mapBack(row: SlurmRow): JobState {
  const plain: Record<string, JobState> = { PENDING: 'pending', RUNNING: 'running', COMPLETED: 'completed', CANCELLED: 'cancelled', FAILED: 'failed' };
  return plain[row.raw.toUpperCase()] ?? 'unknown';
}
