// The commands behind the inline review's CodeLens. Internal: registered here, not
// contributed in package.json (so not in the palette, and not in the command table of
// src/extension/commands.ts, whose commands are palette actions); each takes the document's
// URI and the attempt id the lens was made for.
import * as vscode from 'vscode';
import type { Decision } from '../../core/review';
import type { Ctx } from '../context';
import { reportError } from '../logger';
import { ReviewPanel } from '../review/panel';
import { cycleOfLog } from './recordLine';
import type { InlineSessions } from './sessions';

export const INLINE_COMMANDS = {
  accept: 'vstar.inline.accept',
  reject: 'vstar.inline.reject',
  clear: 'vstar.inline.clear',
  openReview: 'vstar.inline.openReview',
} as const;

const PAST: Record<Decision, string> = { accept: 'Accepted', reject: 'Rejected', clear: 'Cleared the decision on' };

function targetOf(uri: unknown): { workdir: string; cycle: number } {
  const t = typeof uri === 'string' ? cycleOfLog(vscode.Uri.parse(uri).fsPath) : undefined;
  if (!t) throw new Error('not a cycle attempts.jsonl');
  return t;
}

export function registerInlineCommands(ctx: Ctx, sessions: InlineSessions): void {
  const decide = (decision: Decision) => async (uri: unknown, id: unknown): Promise<void> => {
    try {
      if (typeof id !== 'string') throw new Error('no attempt given');
      const t = targetOf(uri);
      if (!(await sessions.decide(t, id, decision))) {
        void vscode.window.showWarningMessage(`Video-STaR: attempt ${id} is not in cycle ${t.cycle}'s log; nothing was saved.`);
        return;
      }
      ctx.log.info(`inline review: ${decision} ${id} (cycle ${t.cycle}) saved to reviews.jsonl`);
      vscode.window.setStatusBarMessage(`$(check) ${PAST[decision]} ${id} — saved to cycle ${t.cycle}'s reviews.jsonl`, 4000);
    } catch (err) {
      reportError(ctx.log, `inline review: ${decision} failed`, err);
    }
  };
  ctx.subscriptions.push(
    vscode.commands.registerCommand(INLINE_COMMANDS.accept, decide('accept')),
    vscode.commands.registerCommand(INLINE_COMMANDS.reject, decide('reject')),
    vscode.commands.registerCommand(INLINE_COMMANDS.clear, decide('clear')),
    vscode.commands.registerCommand(INLINE_COMMANDS.openReview, async (uri: unknown, id: unknown) => {
      try {
        const p = await ReviewPanel.show(ctx, targetOf(uri));
        if (typeof id === 'string') p.controller.select(id);
      } catch (err) {
        reportError(ctx.log, 'inline review: open in review failed', err);
      }
    }),
  );
}
