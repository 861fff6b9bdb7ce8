// How a loop run that this window watched ended, told once: done (with the held-out
// accuracy from first to last model), stopped at the review gate (Open Review / Continue),
// stopped by Cancel or a kill (running it again continues), or failed.
import * as vscode from 'vscode';
import { listCycles } from '../../core/cycles/workdir';
import type { Ctx } from '../context';
import { accuracySummary, reportInput } from '../report/model';
import type { RunOutcome } from './runFile';

async function accuracyLine(workdir: string): Promise<string | undefined> {
  return accuracySummary((await listCycles(workdir).catch(() => [])).map((c) => reportInput(c.cycle, c.state, undefined)));
}

export async function showOutcome(ctx: Ctx, workdir: string, outcome: RunOutcome): Promise<void> {
  ctx.log.info(`cycle run in ${workdir}: ${JSON.stringify(outcome)}`);
  switch (outcome.kind) {
    case 'done': {
      const acc = await accuracyLine(workdir);
      const what = outcome.cycles === 0 ? 'no cycle left to run' : outcome.cycles ? `${outcome.cycles} ${outcome.cycles === 1 ? 'cycle' : 'cycles'} done` : 'cycles done';
      const pick = await vscode.window.showInformationMessage(`Video-STaR: ${what}${acc ? `; ${acc}` : ''}.`, 'Show Cycle Report');
      if (pick) await vscode.commands.executeCommand('vstar.cycle.showReport', { workdir });
      return;
    }
    case 'waiting': {
      const target = { workdir, cycle: outcome.cycle };
      const pick = await vscode.window.showInformationMessage(
        `Video-STaR: cycle ${outcome.cycle} is waiting for review: review its kept answers, then Continue to export and finetune.`,
        'Open Review',
        'Continue',
      );
      if (pick === 'Open Review') await vscode.commands.executeCommand('vstar.review.open', target);
      if (pick === 'Continue') await vscode.commands.executeCommand('vstar.cycle.continue', target);
      return;
    }
    case 'stopped':
      void vscode.window.showInformationMessage(`Video-STaR: the cycle run stopped (${outcome.reason}). Run Cycles again continues where it stopped; running jobs are picked up again.`);
      return;
    case 'failed': {
      const pick = await vscode.window.showErrorMessage(`Video-STaR: the cycle run failed: ${outcome.message}`, 'Show Log');
      if (pick) ctx.log.show(true);
    }
  }
}
