// Inline review in the editor: on a cycle's attempts.jsonl, CodeLens above each record
// (state, Accept, Reject, Open in review), line colours by verdict and decision, and a
// hover with the verifier's evidence. Decisions go through the core's ReviewSession, so
// they count once they are in the cycle's reviews.jsonl, as in the review panel.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { AttemptLensProvider } from './codeLens';
import { registerInlineCommands } from './commands';
import { AttemptDecorator } from './decorations';
import { AttemptHoverProvider } from './hover';
import { InlineSessions } from './sessions';

/** Which documents: any cycle's attempt log, whatever language mode the editor picked. */
export const ATTEMPTS_SELECTOR: vscode.DocumentSelector = { scheme: 'file', pattern: '**/cycles/*/attempts.jsonl' };

export function registerInlineReview(ctx: Ctx): void {
  const sessions = new InlineSessions(ctx);
  const lenses = new AttemptLensProvider(sessions);
  ctx.subscriptions.push(
    sessions,
    lenses,
    new AttemptDecorator(sessions),
    vscode.languages.registerCodeLensProvider(ATTEMPTS_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(ATTEMPTS_SELECTOR, new AttemptHoverProvider(sessions)),
  );
  registerInlineCommands(ctx, sessions);
}
