// The side view follows the editor: with the cursor on a line of a cycle's log
// (`<workdir>/cycles/<N>/attempts.jsonl`, `verdicts.jsonl` or `reviews.jsonl`), the
// Review view shows that line's attempt.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import type { ReviewTarget } from './controller';
import type { ReviewSideView } from './sideView';

const LOG = /[\\/]cycles[\\/]([1-9]\d*)[\\/](attempts|verdicts|reviews)\.jsonl$/;

/** The cycle and attempt id of a log line, or undefined when it is not one. */
export function attemptOfLine(file: string, line: string): { target: ReviewTarget; id: string } | undefined {
  const m = LOG.exec(file);
  if (!m) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const o = v as { id?: unknown; attemptId?: unknown };
  const id = m[2] === 'attempts' ? o.id : o.attemptId;
  if (typeof id !== 'string' || id === '') return undefined;
  return { target: { workdir: path.resolve(path.dirname(file), '..', '..'), cycle: Number(m[1]) }, id };
}

export function followEditor(ctx: Ctx, side: ReviewSideView): void {
  let last = '';
  ctx.subscriptions.push(
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const doc = e.textEditor.document;
      if (doc.uri.scheme !== 'file' || !LOG.test(doc.uri.fsPath)) return;
      const line = e.selections[0]?.active.line;
      if (line === undefined || line >= doc.lineCount) return;
      const hit = attemptOfLine(doc.uri.fsPath, doc.lineAt(line).text);
      if (!hit || `${hit.target.workdir}#${hit.id}` === last) return;
      last = `${hit.target.workdir}#${hit.id}`;
      void side.showAttempt(hit.target, hit.id);
    }),
  );
}
