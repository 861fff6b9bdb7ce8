// "Video-STaR: Run Cycles…": runs `vstar cycle run --cycles K --json` (the CLI, as a child
// process, never a shell; the same loop the CLI and the demo run) in the project's folder,
// with a cancellable progress notification (cycle, stage, done/total, ETA) fed by the
// run.json the loop keeps. The child is detached, its output going to files under
// `<workdir>/loop/` instead of pipes: a window reload restarts the extension host, and a
// child writing progress into a closed pipe would die of it; detached, it runs on and the
// reloaded window follows it from run.json. A run already going on in the project is
// followed instead of starting a second one.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseProgressLine } from '../../core/jobs/progress';
import { pickProject, UserFacingError } from '../actions/project';
import type { Ctx } from '../context';
import { cliCommand } from '../demo/folder';
import { followLiveRun, followRun, isWatched } from './follow';
import { showOutcome } from './outcome';
import { cycleCountProblem, outcomeOfResult, type RunOutcome } from './runFile';

/** Where the child's stdout (the --json result) and stderr (log and progress lines) go. */
export function runLogFiles(workdir: string): { result: string; log: string } {
  return { result: path.join(workdir, 'loop', 'extension-run.json'), log: path.join(workdir, 'loop', 'extension-run.log') };
}

/** The last lines of the child's log that are not progress lines. */
function logTail(file: string, lines = 5): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !parseProgressLine(l)).slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function runCycles(ctx: Ctx): Promise<void> {
  const project = await pickProject();
  if (!project) return;
  if (!project.config.model) throw new UserFacingError('vstar.yaml has no `model`: say which model the loop trains (e.g. `model: {family: tiny, path: models/tiny}`)');
  const workdir = path.resolve(project.workdir);
  if (isWatched(workdir) || followLiveRun(ctx, workdir)) {
    void vscode.window.showInformationMessage(`Video-STaR: cycles are already running in ${project.folder.name}; their progress is in the notification.`);
    return;
  }
  const count = (
    await vscode.window.showInputBox({
      title: 'Video-STaR: Run Cycles',
      prompt: 'How many self-training cycles to complete? An unfinished cycle counts; finished stages are not redone.',
      value: String(project.config.cycles?.count ?? 3),
      validateInput: cycleCountProblem,
    })
  )?.trim();
  if (count === undefined) return;
  const cfg = vscode.workspace.getConfiguration('vstar', project.folder.uri);
  const cli = cfg.get<string>('cliPath') || 'vstar';
  const python = cfg.get<string>('pythonPath') || '';
  const [cmd, argv] = cliCommand(cli, ['cycle', 'run', '--cycles', count, '--json']);
  const files = runLogFiles(workdir);
  fs.mkdirSync(path.dirname(files.log), { recursive: true });
  ctx.log.info(`cycle run: ${cmd} ${argv.map((a) => JSON.stringify(a)).join(' ')} (in ${project.folder.uri.fsPath}; output in ${files.log})`);

  const out = fs.openSync(files.result, 'w');
  const err = fs.openSync(files.log, 'w');
  let child;
  try {
    child = spawn(cmd, argv, {
      cwd: project.folder.uri.fsPath,
      env: { ...process.env, ...(python ? { VSTAR_PYTHON: python } : {}) },
      stdio: ['ignore', out, err],
      detached: true,
    });
  } finally {
    fs.closeSync(out);
    fs.closeSync(err);
  }
  const ended = new Promise<RunOutcome>((resolve) => {
    child.on('error', (e) => resolve({ kind: 'failed', message: `cannot run ${cmd} (${e.message}); set vstar.cliPath to the vstar CLI (e.g. <repo>/bin/vstar.js)` }));
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve(outcomeOfResult(fs.readFileSync(files.result, 'utf8')));
      if (code === 130 || signal === 'SIGINT') return resolve({ kind: 'stopped', reason: 'cancelled' });
      const tail = logTail(files.log);
      ctx.log.error(`cycle run exited with ${code ?? signal}:\n${tail}`);
      resolve({ kind: 'failed', message: `vstar cycle run exited with ${code ?? signal}${tail ? `: ${tail.split('\n').pop()}` : ''} (log: ${files.log})` });
    });
  });
  if (child.pid === undefined) {
    await showOutcome(ctx, workdir, await ended); // it never started: nothing to follow or cancel
    return;
  }
  await followRun(ctx, workdir, { pid: child.pid, title: `Video-STaR: running ${count} ${count === '1' ? 'cycle' : 'cycles'}`, ended });
}
