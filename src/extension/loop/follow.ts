// A loop run this window did not start (it began before a window reload, or in a terminal,
// or in another window) is followed from its run.json: the same progress notification as
// Run Cycles, fed by the file instead of a child's stderr, and no second process. Cancel
// sends the run's process SIGINT, as Run Cycles' Cancel does. Activation looks for such
// runs in every open project.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { cyclesModel } from '../cycles/model';
import { showOutcome } from './outcome';
import { outcomeOfRun, progressText, type LoopRun, type RunOutcome } from './runFile';
import { loopRuns } from './runs';

/** Workdirs whose run has a notification in this window (started here, or followed). */
const watched = new Set<string>();

export function isWatched(workdir: string): boolean {
  return watched.has(path.resolve(workdir));
}

/** Marks `workdir` as watched while `fn` runs. */
export async function watching<T>(workdir: string, fn: () => Thenable<T>): Promise<T> {
  const key = path.resolve(workdir);
  watched.add(key);
  try {
    return await fn();
  } finally {
    watched.delete(key);
  }
}

const messageOf = (run: LoopRun): string => progressText({ cycle: run.cycle, stage: run.stage, done: run.done, total: run.total, ...(run.etaSeconds !== undefined ? { etaSeconds: run.etaSeconds } : {}) });

/** Shows the live run of `workdir` in a notification until it ends, then says how it ended. */
export function followRun(ctx: Ctx, workdir: string): void {
  const runs = loopRuns(ctx);
  const first = runs.live(workdir);
  if (!first || isWatched(workdir)) return;
  ctx.log.info(`cycle run in ${workdir}: following pid ${first.pid} (started ${first.startedAt})`);
  const title = `Video-STaR: running ${first.cyclesTarget} ${first.cyclesTarget === 1 ? 'cycle' : 'cycles'} (pid ${first.pid})`;
  void watching(workdir, () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
      new Promise<RunOutcome>((resolve) => {
        let cancelled = false;
        token.onCancellationRequested(() => {
          if (!vscode.workspace.isTrusted) return;
          cancelled = true;
          try {
            process.kill(first.pid, 'SIGINT');
          } catch (err) {
            ctx.log.warn(`cycle run: cannot stop pid ${first.pid}: ${String(err)}`);
          }
        });
        progress.report({ message: messageOf(first) });
        const update = (): void => {
          const live = runs.live(workdir);
          if (live && live.pid === first.pid) {
            progress.report({ message: messageOf(live) });
            return;
          }
          sub.dispose();
          const over = runs.get(workdir);
          resolve(cancelled && over?.state !== 'waiting' && over?.state !== 'done' ? { kind: 'stopped', reason: 'cancelled' } : outcomeOfRun(over?.pid === first.pid ? over : undefined));
        };
        const sub = runs.onDidChange((w) => {
          if (w === path.resolve(workdir)) update();
        });
        ctx.subscriptions.push(sub);
      }),
    ).then(async (outcome) => {
      cyclesModel(ctx).refresh();
      await showOutcome(ctx, workdir, outcome);
    }),
  );
}

/** Activation: follow every run in progress in the open projects. */
export function registerLoopRuns(ctx: Ctx): void {
  const runs = loopRuns(ctx);
  const scan = (): void => {
    void runs
      .scan()
      .then(async () => {
        for (const p of await cyclesModel(ctx).projects()) if (runs.live(p.workdir)) followRun(ctx, p.workdir);
      })
      .catch((err: unknown) => ctx.log.warn(`cycle runs: ${String(err)}`));
  };
  scan();
  ctx.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(scan));
}
