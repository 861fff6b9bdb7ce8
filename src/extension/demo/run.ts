// "Video-STaR: Run Demo": runs `vstar demo` (the CLI, as a child process, never a shell)
// into the open folder when it is empty (or an earlier demo), else into <folder>/vstar-demo,
// with a cancellable progress notification fed by the CLI's VSTAR_PROGRESS lines. When it
// is done the Cycles tree shows its cycles (they are on disk) and the last one opens in the
// review panel. The CLI and the workers' Python come from settings (vstar.cliPath,
// vstar.pythonPath), since neither ships inside the .vsix.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { cycleNumbers } from '../../core/cycles/workdir';
import { parseProgressLine } from '../../core/jobs/progress';
import type { Ctx } from '../context';
import { openReview } from '../review/register';
import { cliCommand, demoFolder } from './folder';

const PHASES: Record<string, string> = {
  dataset: 'making the synthetic clips',
  baseline: 'held-out evaluation of the starting model',
  generate: 'answering',
  verify: 'verifying',
  rationalize: 'rationalizing failed answers',
  export: 'exporting what was kept',
  finetune: 'finetuning (a local job)',
  evaluate: 'held-out evaluation',
  plot: 'plotting',
};

export async function runDemo(ctx: Ctx): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const cfg = vscode.workspace.getConfiguration('vstar');
  const cli = cfg.get<string>('cliPath') || 'vstar';
  const python = cfg.get<string>('pythonPath') || '';
  const cycles = cfg.get<number>('demo.cycles') ?? 3;
  const clips = cfg.get<number>('demo.clips') ?? 400;
  const out = demoFolder(folder.uri.fsPath);
  const args = ['demo', '--out', out, '--cycles', String(cycles), '--clips', String(clips), '--json', ...(python ? ['--python', python] : [])];
  const [cmd, argv] = cliCommand(cli, args);
  ctx.log.info(`demo: ${cmd} ${argv.map((a) => JSON.stringify(a)).join(' ')}`);

  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Video-STaR demo', cancellable: true },
    (progress, token) =>
      new Promise<{ ok: boolean; message: string }>((resolve) => {
        const child = spawn(cmd, argv, { cwd: folder.uri.fsPath, stdio: ['ignore', 'pipe', 'pipe'] });
        token.onCancellationRequested(() => child.kill('SIGINT'));
        let stdout = '';
        let tail = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        let partial = '';
        child.stderr.on('data', (d: Buffer) => {
          const lines = (partial + d.toString()).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) {
            const p = parseProgressLine(line);
            if (!p) {
              ctx.log.info(`demo: ${line}`);
              tail = (tail + line + '\n').slice(-2000);
              continue;
            }
            const cycle = typeof p.cycle === 'number' ? `cycle ${p.cycle}/${cycles}: ` : '';
            const share = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 0;
            progress.report({ message: `${cycle}${PHASES[p.phase ?? ''] ?? p.phase ?? ''} ${share}%` });
          }
        });
        child.on('error', (e) =>
          resolve({ ok: false, message: `cannot run ${cmd} (${e.message}); set vstar.cliPath to the vstar CLI (e.g. <repo>/bin/vstar.js)` }),
        );
        child.on('close', (code) => {
          if (code === 0) return resolve({ ok: true, message: summaryLine(stdout) });
          resolve({ ok: false, message: token.isCancellationRequested ? 'cancelled' : `vstar demo failed (exit ${code}): ${tail.trim().split('\n').pop() ?? ''}` });
        });
      }),
  );
  if (!result.ok) {
    ctx.log.error(`demo: ${result.message}`);
    void vscode.window.showErrorMessage(`Video-STaR demo: ${result.message}. See Output › Video-STaR.`);
    return;
  }
  ctx.log.info(`demo: ${result.message}`);
  if (out === folder.uri.fsPath) {
    const last = (await cycleNumbers(join(out, 'vstar'))).at(-1);
    if (last !== undefined) await openReview(ctx, last);
    void vscode.window.showInformationMessage(`Video-STaR demo: ${result.message}`);
  } else {
    const pick = await vscode.window.showInformationMessage(`Video-STaR demo: ${result.message} It is in ${out}.`, 'Open Folder');
    if (pick) await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(out), { forceNewWindow: false });
  }
}

function summaryLine(stdout: string): string {
  try {
    const s = JSON.parse(stdout) as { cycles: { cycle: number; accuracy: { overall: number; byField: Record<string, number> } }[] };
    const first = s.cycles[0];
    const last = s.cycles.at(-1);
    if (!first || !last) return 'done.';
    const pct = (x: number | undefined): string => `${Math.round(100 * (x ?? 0))}%`;
    return `held-out accuracy ${pct(first.accuracy.overall)} → ${pct(last.accuracy.overall)} in ${last.cycle} cycles (direction ${pct(first.accuracy.byField.direction)} → ${pct(last.accuracy.byField.direction)}).`;
  } catch {
    return 'done.';
  }
}
