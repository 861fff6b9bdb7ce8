// What the editor shows of one attempts.jsonl: per record line in (and around) the visible
// ranges, its attempt id and state. Lenses and decorations both read it; neither looks at
// lines far off screen, so a 100k-record log costs what a screenful costs.
import * as vscode from 'vscode';
import type { LogTarget } from '../review/logLine';
import type { RecordState } from './evidence';
import { LineIds, cycleOfLog, windowAround } from './recordLine';
import type { InlineSessions } from './sessions';

/** Lines kept either side of the visible ranges (so a short scroll needs no recompute). */
export const MARGIN = 100;

export interface RecordLine extends RecordState {
  line: number;
  id: string;
}

const lineIds = new WeakMap<vscode.TextDocument, LineIds>();

export function isAttemptsLog(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && cycleOfLog(doc.uri.fsPath) !== undefined;
}

/** The attempt id on `line`, parsed once per document version. */
export function idAt(doc: vscode.TextDocument, line: number): string | undefined {
  if (line < 0 || line >= doc.lineCount) return undefined;
  let ids = lineIds.get(doc);
  if (!ids) lineIds.set(doc, (ids = new LineIds()));
  return ids.get(doc.version, line, () => doc.lineAt(line).text);
}

/** The window of lines worth computing: the visible ranges of every editor showing `doc`, plus MARGIN. */
export function windowOf(doc: vscode.TextDocument): { start: number; end: number } {
  const visible = vscode.window.visibleTextEditors
    .filter((e) => e.document === doc)
    .flatMap((e) => e.visibleRanges.map((r) => ({ start: r.start.line, end: r.end.line })));
  return windowAround(visible, doc.lineCount, MARGIN);
}

/**
 * The record lines of `doc` in `win` with their state, or undefined while the cycle's
 * session is still opening (the caller is told again through InlineSessions.onDidChange).
 */
export function recordLines(sessions: InlineSessions, doc: vscode.TextDocument, win: { start: number; end: number }): { target: LogTarget; lines: RecordLine[] } | undefined {
  const target = cycleOfLog(doc.uri.fsPath);
  if (!target) return undefined;
  const s = sessions.peek(target);
  if (!s) return undefined;
  const lines: RecordLine[] = [];
  for (let line = win.start; line < win.end; line++) {
    const id = idAt(doc, line);
    if (!id) continue;
    const st = s.statusOf(id);
    // A line the session does not know yet (appended since its last read) gets no lens.
    if (st) lines.push({ line, id, pass: st.pass, decision: st.decision });
  }
  return { target, lines };
}
