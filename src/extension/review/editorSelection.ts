// The side view follows the editor: with the cursor on a line of a cycle's log
// (`<workdir>/cycles/<N>/attempts.jsonl`, `verdicts.jsonl` or `reviews.jsonl`), the
// Review view shows that line's attempt.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { CYCLE_LOG, attemptOfLine } from './logLine';
import type { ReviewSideView } from './sideView';

export function followEditor(ctx: Ctx, side: ReviewSideView): void {
  let last = '';
  ctx.subscriptions.push(
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const doc = e.textEditor.document;
      if (doc.uri.scheme !== 'file' || !CYCLE_LOG.test(doc.uri.fsPath)) return;
      const line = e.selections[0]?.active.line;
      if (line === undefined || line >= doc.lineCount) return;
      const hit = attemptOfLine(doc.uri.fsPath, doc.lineAt(line).text);
      if (!hit || `${hit.target.workdir}#${hit.id}` === last) return;
      last = `${hit.target.workdir}#${hit.id}`;
      void side.showAttempt(hit.target, hit.id);
    }),
  );
}
