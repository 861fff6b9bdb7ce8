import { BaseRunner } from './base-runner';
import { execOk, posixJoin, type Host } from './host';
import type { LogFile } from './logs';
import type { LogOptions } from './runner';
import { CANCEL_SH, parseProbe, SCRIPT_NAME, STATUS_SH, type ProbeResult } from './script';
import type { JobState, JobStatus, TaskStatus } from './spec';
import type { JobRecord, JobStore } from './store';
import type { Target } from './target';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A job as a detached process group on a host (this machine, or one reached over SSH):
 * `sh job.sh` records its pid and start time, writes its logs, and leaves `exit_code`.
 * State comes from those files, so it survives our own restarts.
 */
export class ProcessRunner extends BaseRunner {
  protected readonly scriptMode = 'plain' as const;

  constructor(
    readonly kind: 'local' | 'ssh',
    store: JobStore,
    target: Target,
    hostFactory: () => Promise<Host>,
    private readonly root: (host: Host) => Promise<string>,
  ) {
    super(store, target, hostFactory);
  }

  protected jobRoot(host: Host): Promise<string> {
    return this.root(host);
  }

  protected async start(host: Host, rec: JobRecord, secrets: Readonly<Record<string, string>>): Promise<void> {
    await host.launch(rec.dir, SCRIPT_NAME, secrets);
    // the wrapper writes "<pid> <start time>" first thing; wait for it (bounded)
    for (let i = 0; i < 300; i++) {
      const b = await host.readFrom(posixJoin(rec.dir, 'pid'), 0);
      const m = b?.toString('utf8').match(/^(\d+) ?(\d*)/);
      if (m) {
        rec.pid = Number(m[1]);
        if (m[2]) rec.pidStart = m[2];
        return;
      }
      await sleep(50);
    }
    throw new Error(`job ${rec.id} did not start on ${host.label}: no pid file in ${rec.dir} after 15 s (see ${posixJoin(rec.dir, 'stderr.log')})`);
  }

  private async runProbe(host: Host, rec: JobRecord): Promise<ProbeResult> {
    return parseProbe(await execOk(host, ['sh', '-c', STATUS_SH, 'vstar-status', rec.dir], 'job status probe'));
  }

  protected async probe(host: Host, rec: JobRecord): Promise<JobStatus> {
    return toStatus(rec, await this.runProbe(host, rec));
  }

  protected async stop(host: Host, rec: JobRecord): Promise<void> {
    await execOk(host, ['sh', '-c', CANCEL_SH, 'vstar-cancel', rec.dir], 'cancel');
    for (let i = 0; i < 100; i++) {
      const p = await this.runProbe(host, rec);
      if (!p.alive) return;
      await sleep(100);
    }
    throw new Error(`job ${rec.id} is still running 10 s after SIGTERM`);
  }

  protected logFiles(rec: JobRecord, opts: LogOptions): LogFile[] {
    const files: LogFile[] = [];
    if (opts.stream !== 'stderr') files.push({ path: posixJoin(rec.dir, 'stdout.log') });
    if (opts.stream !== 'stdout') files.push({ path: posixJoin(rec.dir, 'stderr.log') });
    return files;
  }
}

function toStatus(rec: JobRecord, p: ProbeResult): JobStatus {
  const at = Date.now();
  const cancelled = Boolean(rec.cancelRequested);
  let state: JobState;
  let detail: string | undefined;
  if (p.exitCode !== undefined) state = p.exitCode === 0 ? 'completed' : cancelled ? 'cancelled' : 'failed';
  else if (p.alive) state = 'running';
  else if (p.pid !== undefined) {
    state = cancelled ? 'cancelled' : 'failed';
    if (!cancelled) detail = 'the job process ended without recording an exit code (killed?)';
  } else state = rec.pid === undefined ? 'pending' : 'unknown';
  const status: JobStatus = { id: rec.id, state, at, ...(p.exitCode !== undefined ? { exitCode: p.exitCode } : {}), ...(detail ? { detail } : {}) };
  const array = rec.spec.resources.array;
  if (array) {
    const tasks: TaskStatus[] = [];
    let runningGiven = false;
    for (let i = 0; i < array.count; i++) {
      const code = p.tasks.get(i);
      if (code !== undefined) tasks.push({ index: i, state: code === 0 ? 'completed' : 'failed', exitCode: code });
      else if (state === 'running' && !runningGiven) (tasks.push({ index: i, state: 'running' }), (runningGiven = true));
      else tasks.push({ index: i, state: state === 'running' || state === 'pending' ? 'pending' : state === 'completed' ? 'unknown' : state });
    }
    status.tasks = tasks;
  }
  return status;
}
