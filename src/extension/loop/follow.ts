// The progress notification of a loop run, fed by its `<workdir>/loop/run.json` (cycle,
// stage, done/total, ETA): the same for a run Run Cycles just started and for one this
// window finds already going (started before a window reload, in a terminal, in another
// window) — no second process either way. Cancel sends the run's process SIGINT: the loop
// stops cleanly and its jobs keep running. Activation looks for such runs in every open
// project.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { cyclesModel } from '../cycles/model';
import { showOutcome } from './outcome';
import { isLive, outcomeOfRun, progressText, readLoopRun, type LoopRun, type RunOutcome } from './runFile';
import { loopRuns } from './runs';

const POLL_MS = 500;

/** Workdirs whose run has a notification in this window. */
const watched = new Set<string>();

export function isWatched(workdir: string): boolean {
  return watched.has(path.resolve(workdir));
}

const messageOf = (run: LoopRun): string =>
  progressText({ cycle: run.cycle, stage: run.stage, done: run.done, total: run.total, ...(run.etaSeconds !== undefined ? { etaSeconds: run.etaSeconds } : {}) });

export interface FollowOptions {
  /** The run's process. */
  pid: number;
  title: string;
  /** How the run ended, when this window started it (its exit code and result); else run.json says. */
  ended?: Promise<RunOutcome>;
}

/** Shows the run of `workdir` in a notification until it ends, then says how it ended. */
export async function followRun(ctx: Ctx, workdir: string, o: FollowOptions): Promise<void> {
  const key = path.resolve(workdir);
  if (watched.has(key)) return;
  watched.add(key);
  let outcome: RunOutcome;
  try {
    outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: o.title, cancellable: true }, (progress, token) =>
      new Promise<RunOutcome>((resolve) => {
        let cancelled = false;
        let last = '';
        token.onCancellationRequested(() => {
          cancelled = true;
          try {
            process.kill(o.pid, 'SIGINT');
          } catch (err) {
            ctx.log.warn(`cycle run: cannot stop pid ${o.pid}: ${String(err)}`);
          }
        });
        progress.report({ message: 'starting…' });
        const finish = (r: RunOutcome): void => {
          clearInterval(timer);
          resolve(cancelled && r.kind !== 'done' && r.kind !== 'waiting' ? { kind: 'stopped', reason: 'cancelled' } : r);
        };
        // A poll, not only a watcher: a run killed with SIGKILL never writes again.
        const timer = setInterval(() => {
          const run = readLoopRun(key);
          const mine = run?.pid === o.pid ? run : undefined;
          if (mine) {
            const m = messageOf(mine);
            if (m && m !== last) progress.report({ message: (last = m) });
          }
          if (!o.ended && !isLive(mine)) finish(outcomeOfRun(mine));
        }, POLL_MS);
        o.ended?.then(finish, (err: unknown) => finish({ kind: 'failed', message: String(err) }));
      }),
    );
  } finally {
    watched.delete(key);
  }
  loopRuns(ctx).read(key);
  cyclesModel(ctx).refresh();
  await showOutcome(ctx, key, outcome);
}

/** A run going on in `workdir` that this window did not start: followed from its run.json. */
export function followLiveRun(ctx: Ctx, workdir: string): boolean {
  const run = loopRuns(ctx).read(workdir);
  if (!isLive(run) || isWatched(workdir)) return false;
  ctx.log.info(`cycle run in ${workdir}: following pid ${run.pid} (started ${run.startedAt})`);
  void followRun(ctx, workdir, { pid: run.pid, title: `Video-STaR: running ${run.cyclesTarget} ${run.cyclesTarget === 1 ? 'cycle' : 'cycles'} (pid ${run.pid})` });
  return true;
}

/** Activation: follow every run in progress in the open projects. */
export function registerLoopRuns(ctx: Ctx): void {
  const scan = (): void => {
    void cyclesModel(ctx)
      .projects()
      .then((projects) => {
        for (const p of projects) followLiveRun(ctx, p.workdir);
      })
      .catch((err: unknown) => ctx.log.warn(`cycle runs: ${String(err)}`));
  };
  scan();
  ctx.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(scan));
}
