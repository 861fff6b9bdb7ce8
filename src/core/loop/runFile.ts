import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic';
import { UsageError } from '../util/errors';

/**
 * `<workdir>/loop/run.json`: what a running loop is doing, for any front end (the CLI's
 * status, the extension after a window reload) and for the next run, which refuses to
 * start while another live process holds it. Rewritten atomically, at most twice a second
 * while progress moves.
 */

export const RUN_STATES = ['running', 'waiting', 'done', 'failed', 'cancelled'] as const;

export const LoopRun = z.object({
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  state: z.enum(RUN_STATES),
  /** Cycles this run was asked to complete. */
  cyclesTarget: z.number().int().nonnegative(),
  cycle: z.number().int().nonnegative(),
  stage: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().optional(),
  message: z.string().optional(),
});
export type LoopRun = z.infer<typeof LoopRun>;

export function runFilePath(workdir: string): string {
  return join(workdir, 'loop', 'run.json');
}

export function readLoopRun(workdir: string): LoopRun | undefined {
  try {
    const r = LoopRun.safeParse(JSON.parse(readFileSync(runFilePath(workdir), 'utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the run's process is alive (on this machine; a run on another host is taken as alive). */
export function isAlive(run: LoopRun): boolean {
  if (run.host !== hostname()) return true;
  try {
    process.kill(run.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class RunFile {
  private last = 0;
  private pending: Promise<void> = Promise.resolve();
  private stageStart = Date.now();
  private run: LoopRun;

  private constructor(
    private readonly workdir: string,
    cyclesTarget: number,
  ) {
    const now = new Date().toISOString();
    this.run = { pid: process.pid, host: hostname(), startedAt: now, updatedAt: now, state: 'running', cyclesTarget, cycle: 0, stage: '', done: 0, total: 0 };
  }

  /** Takes the project's loop, or throws when a live process has it. */
  static async claim(workdir: string, cyclesTarget: number): Promise<RunFile> {
    const prev = readLoopRun(workdir);
    if (prev && prev.state === 'running' && prev.pid !== process.pid && isAlive(prev)) {
      throw new UsageError(
        `a loop is already running in this project (pid ${prev.pid} on ${prev.host}, since ${prev.startedAt}, cycle ${prev.cycle} ${prev.stage}); ` +
          `if that run is gone (another machine, a copied project), delete ${runFilePath(workdir)}`,
      );
    }
    const f = new RunFile(workdir, cyclesTarget);
    await f.write();
    return f;
  }

  get current(): LoopRun {
    return this.run;
  }

  /** A new stage began. */
  async stage(cycle: number, stage: string): Promise<void> {
    this.stageStart = Date.now();
    this.run = { ...this.run, cycle, stage, done: 0, total: 0, state: 'running' };
    delete this.run.etaSeconds;
    await this.write();
  }

  progress(done: number, total: number): LoopRun {
    const elapsed = (Date.now() - this.stageStart) / 1000;
    // No guess from the first items (model loading and the first batch make it far too high).
    const eta = done >= Math.max(3, total / 20) && elapsed >= 3 && total > done ? Math.round((elapsed / done) * (total - done)) : undefined;
    this.run = { ...this.run, done, total, ...(eta === undefined ? {} : { etaSeconds: eta }) };
    if (eta === undefined) delete this.run.etaSeconds;
    if (Date.now() - this.last >= 500) void this.write();
    return this.run;
  }

  async finish(state: LoopRun['state'], message?: string): Promise<void> {
    this.run = { ...this.run, state, ...(message ? { message } : {}) };
    await this.write();
  }

  private write(): Promise<void> {
    this.last = Date.now();
    const snapshot = { ...this.run, updatedAt: new Date().toISOString() };
    this.pending = this.pending.then(() => writeFileAtomic(runFilePath(this.workdir), JSON.stringify(snapshot, null, 1) + '\n')).catch(() => undefined);
    return this.pending;
  }
}
