// CodeLens above each record of a cycle's attempts.jsonl: its state, then Accept, Reject
// (Clear once decided) and Open in review. Only records in and around the visible ranges get
// lenses (VS Code asks for a whole document's lenses at once; 100k records would mean
// 400k lenses serialized to the renderer); scrolling past that window asks again.
import * as vscode from 'vscode';
import { stateTitle } from './evidence';
import type { InlineSessions } from './sessions';
import { INLINE_COMMANDS } from './commands';
import { isAttemptsLog, recordLines, windowOf } from './view';

export class AttemptLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Per document: the window of lines its lenses were computed for. */
  private computed = new WeakMap<vscode.TextDocument, { start: number; end: number }>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly sessions: InlineSessions) {
    this.disposables.push(
      sessions.onDidChange(() => this.changed.fire()),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        const doc = e.textEditor.document;
        const done = this.computed.get(doc);
        if (!isAttemptsLog(doc) || !done) return;
        const w = windowOf(doc);
        // Ask again only once the view leaves what was computed (keeping a little margin).
        if (w.start >= done.start && w.end <= done.end) return;
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => this.changed.fire(), 100);
      }),
    );
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const win = windowOf(doc);
    const found = recordLines(this.sessions, doc, win);
    if (!found) return [];
    this.computed.set(doc, win);
    const uri = doc.uri.toString();
    const lenses: vscode.CodeLens[] = [];
    for (const r of found.lines) {
      const range = new vscode.Range(r.line, 0, r.line, 0);
      const args = [uri, r.id];
      lenses.push(new vscode.CodeLens(range, { title: stateTitle(r), command: INLINE_COMMANDS.openReview, arguments: args, tooltip: 'Open this attempt in the review panel' }));
      lenses.push(new vscode.CodeLens(range, { title: r.decision === 'accept' ? '$(check) Accepted' : 'Accept', command: INLINE_COMMANDS.accept, arguments: args, tooltip: 'Accept: keep this answer for training (saved to reviews.jsonl)' }));
      lenses.push(new vscode.CodeLens(range, { title: r.decision === 'reject' ? '$(close) Rejected' : 'Reject', command: INLINE_COMMANDS.reject, arguments: args, tooltip: 'Reject: leave this answer out of training (saved to reviews.jsonl)' }));
      if (r.decision) lenses.push(new vscode.CodeLens(range, { title: 'Clear', command: INLINE_COMMANDS.clear, arguments: args, tooltip: 'Take the decision back (unreviewed again)' }));
      lenses.push(new vscode.CodeLens(range, { title: 'Open in review', command: INLINE_COMMANDS.openReview, arguments: args }));
    }
    return lenses;
  }

  dispose(): void {
    clearTimeout(this.debounce);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
