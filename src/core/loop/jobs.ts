import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { promises as fsp } from 'node:fs';
import type { StageJob } from '../cycles/records';
import type { CycleStore } from '../cycles/store';
import { createRunner, isTerminal, parseProgressLine, type JobSpecInput, type JobStatus, type Runner } from '../jobs';
import { JobStore, type JobRecord } from '../jobs/store';
import { withDefaults } from '../jobs/from-config';
import type { LoopProject } from './project';
import { putStageJob, type LoopStage } from './state';

/**
 * A stage's job, submitted once: before submitting, the stage records a token that goes
 * into the job's name; after, the job id. A later run (after Ctrl-C, a SIGKILL or a
 * reboot) re-attaches to the recorded id, or finds the job by its token when the crash
 * came between the submit and the record — it never submits the same work twice. A job
 * that ended other than completed is marked with its outcome; the next run submits anew.
 */

export interface StageJobHandle {
  runner: Runner;
  job: StageJob;
  record: JobRecord;
}

export function newToken(): string {
  return randomBytes(6).toString('hex');
}

/** The recorded, still-current job of a stage for `key`, if any. */
export function currentJob(owner: CycleStore, stage: LoopStage, key: string): StageJob | undefined {
  return owner.currentState().stages[stage]?.jobs?.find((j) => j.key === key && j.outcome === undefined);
}

export async function submitOrAttach(
  p: LoopProject,
  owner: CycleStore,
  stage: LoopStage,
  key: string,
  targetName: string,
  makeSpec: (token: string) => Promise<JobSpecInput>,
  shards = 1,
): Promise<StageJobHandle> {
  const { target, defaults } = p.target(targetName);
  const runner = createRunner(target, p.workdir);
  const jobs = new JobStore(p.workdir);
  try {
    let job = currentJob(owner, stage, key);
    if (!job) {
      job = { key, token: newToken(), target: targetName, ...(shards > 1 ? { shards } : {}) };
      await putStageJob(owner, stage, job);
    }
    if (!job.id) {
      const token = job.token;
      const found = (await jobs.list()).find((r) => r.spec.name.endsWith(`[${token}]`));
      if (found) {
        job = { ...job, id: found.id };
      } else {
        const spec = await makeSpec(token);
        const h = await runner.submit({ ...spec, resources: withDefaults(spec.resources, defaults) });
        job = { ...job, id: h.id };
      }
      await putStageJob(owner, stage, job);
    }
    return { runner, job, record: await jobs.load(job.id!) };
  } catch (err) {
    await runner.close();
    throw err;
  }
}

export interface WaitOptions {
  signal?: AbortSignal;
  pollMs?: number;
  /** Called with each progress line of the job's log (any task). */
  onLogProgress?: (p: { done: number; total: number; shard?: number }) => void;
  /** Called when tasks (shards) have completed since the last call; the job is still polled meanwhile. */
  onTasksCompleted?: (tasks: number[], status: JobStatus) => Promise<void>;
}

/** Polls the job until it ends; returns its final status and the last lines of its log. */
export async function waitForJob(h: StageJobHandle, o: WaitOptions = {}): Promise<{ status: JobStatus; tail: string[] }> {
  const id = h.job.id!;
  const tail: string[] = [];
  const logs = new AbortController();
  setMaxListeners(0, logs.signal); // the log follower listens once per poll
  const stopLogs = (): void => logs.abort();
  o.signal?.addEventListener('abort', stopLogs, { once: true });
  const following = (async () => {
    try {
      for await (const line of h.runner.logs(id, { follow: true, pollMs: o.pollMs ?? 500, signal: logs.signal })) {
        const pr = parseProgressLine(line);
        if (pr) o.onLogProgress?.({ done: pr.done, total: pr.total, ...(typeof pr.shard === 'number' ? { shard: pr.shard } : {}) });
        else {
          tail.push(line);
          if (tail.length > 30) tail.shift();
        }
      }
    } catch {
      // logs are for progress and error messages only; the status decides
    }
  })();
  const seen = new Set<number>();
  try {
    for (;;) {
      o.signal?.throwIfAborted();
      const status = await h.runner.status(id);
      const tasks = status.tasks?.length ? status.tasks : [{ index: 0, state: status.state }];
      const fresh = tasks.filter((t) => t.state === 'completed' && !seen.has(t.index)).map((t) => t.index);
      if (fresh.length > 0 && o.onTasksCompleted) await o.onTasksCompleted(fresh, status);
      for (const t of fresh) seen.add(t);
      if (isTerminal(status.state)) {
        stopLogs();
        await following;
        return { status, tail };
      }
      await sleep(o.pollMs ?? 500, o.signal);
    }
  } finally {
    o.signal?.removeEventListener('abort', stopLogs);
    stopLogs();
  }
}

/** Brings a job's declared outputs into `dir` (replaced), for reading its files. */
export async function fetchInto(h: StageJobHandle, dir: string): Promise<void> {
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.mkdir(dir, { recursive: true });
  await h.runner.fetchArtifacts(h.job.id!, dir);
}

export async function markJob(owner: CycleStore, stage: LoopStage, job: StageJob): Promise<void> {
  await putStageJob(owner, stage, job);
}

export function jobFailure(what: string, h: StageJobHandle, status: JobStatus, tail: readonly string[]): Error {
  const code = status.exitCode === undefined ? '' : ` (exit ${status.exitCode})`;
  const log = tail.slice(-8).join('\n');
  return new Error(`${what} job ${h.job.id} on target "${h.job.target}" ${status.state}${code}${status.detail ? `: ${status.detail}` : ''}${log ? `\n${log}` : ''}`);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
