// "Continue" on a cycle waiting at the review gate (`cycles.review: before-export`): passes
// the gate through the core (`continueAfterReview` marks the review stage done), then
// offers to run the loop on from there (export → finetune → evaluate → the next cycles).
import * as vscode from 'vscode';
import { continueAfterReview } from '../../core/loop/run';
import { pickCycle, UserFacingError } from '../actions/project';
import type { Ctx } from '../context';
import { cyclesModel } from '../cycles/model';
import { errorMessage } from '../logger';

export async function continueCycle(ctx: Ctx, arg: unknown): Promise<void> {
  const picked = await pickCycle(arg, 'Continue which cycle past its review?');
  if (!picked) return;
  const { project, cycle } = picked;
  try {
    await continueAfterReview(project.workdir, cycle);
  } catch (err) {
    throw new UserFacingError(errorMessage(err));
  } finally {
    cyclesModel(ctx).refresh();
  }
  ctx.log.info(`cycle ${cycle} in ${project.workdir}: continued after review`);
  const pick = await vscode.window.showInformationMessage(`Video-STaR: cycle ${cycle} passed its review gate; the loop goes on to export and finetune.`, 'Run Cycles…');
  if (pick) await vscode.commands.executeCommand('vstar.cycle.run');
}
