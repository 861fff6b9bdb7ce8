// "Video-STaR: Run Cycles…": runs `vstar cycle run --cycles K --json` (the CLI, as a child
// process, never a shell; the same loop the CLI and the demo run) in the project's folder,
// with a cancellable progress notification fed by its VSTAR_PROGRESS lines (cycle, stage,
// done/total, ETA). Cancel sends SIGINT: the loop stops cleanly, its jobs keep running and
// the next run re-attaches them. A run already going on in the project (started before a
// window reload, or by another window) is followed instead of starting a second one.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseProgressLine } from '../../core/jobs/progress';
import { pickProject, UserFacingError } from '../actions/project';
import type { Ctx } from '../context';
import { cyclesModel } from '../cycles/model';
import { cliCommand } from '../demo/folder';
import { followRun, isWatched, watching } from './follow';
import { showOutcome } from './outcome';
import { cycleCountProblem, outcomeOfResult, progressText, type RunOutcome } from './runFile';
import { loopRuns } from './runs';

export async function runCycles(ctx: Ctx): Promise<void> {
  const project = await pickProject();
  if (!project) return;
  if (!project.config.model) throw new UserFacingError('vstar.yaml has no `model`: say which model the loop trains (e.g. `model: {family: tiny, path: models/tiny}`)');
  const workdir = path.resolve(project.workdir);
  const live = loopRuns(ctx).read(workdir) && loopRuns(ctx).live(workdir);
  if (isWatched(workdir) || live) {
    if (live && !isWatched(workdir)) followRun(ctx, workdir);
    void vscode.window.showInformationMessage(`Video-STaR: cycles are already running in ${project.folder.name}${live ? ` (pid ${live.pid})` : ''}; their progress is in the notification.`);
    return;
  }
  const count = await vscode.window.showInputBox({
    title: 'Video-STaR: Run Cycles',
    prompt: `How many self-training cycles to complete (an unfinished cycle counts; finished stages are not redone)?`,
    value: String(project.config.cycles?.count ?? 3),
    validateInput: cycleCountProblem,
  });
  if (count === undefined) return;
  const cfg = vscode.workspace.getConfiguration('vstar', project.folder.uri);
  const cli = cfg.get<string>('cliPath') || 'vstar';
  const python = cfg.get<string>('pythonPath') || '';
  const [cmd, argv] = cliCommand(cli, ['cycle', 'run', '--cycles', count.trim(), '--json']);
  ctx.log.info(`cycle run: ${cmd} ${argv.map((a) => JSON.stringify(a)).join(' ')} (in ${project.folder.uri.fsPath})`);

  const outcome = await watching(workdir, () =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Video-STaR: running ${count.trim()} ${count.trim() === '1' ? 'cycle' : 'cycles'}`, cancellable: true },
      (progress, token) =>
        new Promise<RunOutcome>((resolve) => {
          const child = spawn(cmd, argv, {
            cwd: project.folder.uri.fsPath,
            env: { ...process.env, ...(python ? { VSTAR_PYTHON: python } : {}) },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          token.onCancellationRequested(() => child.kill('SIGINT'));
          progress.report({ message: 'starting…' });
          let tail = '';
          let partial = '';
          let stdout = '';
          child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
          child.stderr.on('data', (d: Buffer) => {
            const lines = (partial + d.toString()).split('\n');
            partial = lines.pop() ?? '';
            for (const line of lines) {
              const p = parseProgressLine(line);
              if (!p) {
                if (line.trim()) ctx.log.info(`cycle run: ${line}`);
                tail = (tail + line + '\n').slice(-2000);
                continue;
              }
              progress.report({
                message: progressText({
                  ...(typeof p.cycle === 'number' ? { cycle: p.cycle } : {}),
                  ...(p.phase ? { stage: p.phase } : {}),
                  done: p.done,
                  total: p.total,
                  ...(typeof p.etaSeconds === 'number' ? { etaSeconds: p.etaSeconds } : {}),
                }),
              });
            }
          });
          child.on('error', (e) =>
            resolve({ kind: 'failed', message: `cannot run ${cmd} (${e.message}); set vstar.cliPath to the vstar CLI (e.g. <repo>/bin/vstar.js)` }),
          );
          child.on('close', (code) => {
            loopRuns(ctx).read(workdir);
            if (token.isCancellationRequested) return resolve({ kind: 'stopped', reason: 'cancelled' });
            if (code === 0) return resolve(outcomeOfResult(stdout));
            const last = tail.trim().split('\n').pop() ?? '';
            resolve({ kind: 'failed', message: `vstar cycle run exited with ${code}${last ? `: ${last}` : ''}` });
          });
        }),
    ),
  );
  cyclesModel(ctx).refresh();
  await showOutcome(ctx, workdir, outcome);
}
