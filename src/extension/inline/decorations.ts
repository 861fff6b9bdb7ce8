// Colours on the record lines of a cycle's attempts.jsonl: passed (green), failed (red),
// overridden (orange: a decision that goes against the verdict), each with a bar on the
// left and a mark in the overview ruler. Like the lenses, only the lines in and around the
// visible ranges are decorated, recomputed when the view scrolls past them or a session
// changes.
import * as vscode from 'vscode';
import { lineKind, type LineKind } from './evidence';
import type { InlineSessions } from './sessions';
import { isAttemptsLog, recordLines, windowOf } from './view';

type Colored = Exclude<LineKind, 'unverified'>;

const STYLE: Record<Colored, { bar: string; background?: string; border: string }> = {
  passed: { bar: 'testing.iconPassed', background: 'diffEditor.insertedLineBackground', border: 'solid' },
  failed: { bar: 'testing.iconFailed', background: 'diffEditor.removedLineBackground', border: 'solid' },
  overridden: { bar: 'editorWarning.foreground', background: 'inputValidation.warningBackground', border: 'double' },
};

export class AttemptDecorator implements vscode.Disposable {
  private readonly types: Record<Colored, vscode.TextEditorDecorationType>;
  private readonly disposables: vscode.Disposable[] = [];
  private pending = new Set<vscode.TextEditor>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly sessions: InlineSessions) {
    const make = (k: Colored): vscode.TextEditorDecorationType => {
      const s = STYLE[k];
      return vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        borderColor: new vscode.ThemeColor(s.bar),
        borderStyle: s.border,
        borderWidth: k === 'overridden' ? '0 0 0 6px' : '0 0 0 4px',
        ...(s.background ? { backgroundColor: new vscode.ThemeColor(s.background) } : {}),
        overviewRulerColor: new vscode.ThemeColor(s.bar),
        overviewRulerLane: vscode.OverviewRulerLane.Left,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
    };
    this.types = { passed: make('passed'), failed: make('failed'), overridden: make('overridden') };
    this.disposables.push(
      ...Object.values(this.types),
      sessions.onDidChange(() => this.schedule(vscode.window.visibleTextEditors)),
      vscode.window.onDidChangeVisibleTextEditors((eds) => this.schedule(eds)),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.schedule([e.textEditor])),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(vscode.window.visibleTextEditors.filter((ed) => ed.document === e.document))),
    );
    this.schedule(vscode.window.visibleTextEditors);
  }

  /** Batches bursts (scrolling fires many events) into one pass per editor. */
  private schedule(editors: readonly vscode.TextEditor[]): void {
    for (const e of editors) if (isAttemptsLog(e.document)) this.pending.add(e);
    if (this.pending.size === 0 || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const eds = [...this.pending];
      this.pending.clear();
      for (const e of eds) this.decorate(e);
    }, 50);
  }

  private decorate(editor: vscode.TextEditor): void {
    const found = recordLines(this.sessions, editor.document, windowOf(editor.document));
    if (!found) return;
    const ranges: Record<Colored, vscode.Range[]> = { passed: [], failed: [], overridden: [] };
    for (const r of found.lines) {
      const k = lineKind(r);
      if (k !== 'unverified') ranges[k].push(new vscode.Range(r.line, 0, r.line, 0));
    }
    for (const k of Object.keys(ranges) as Colored[]) editor.setDecorations(this.types[k], ranges[k]);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
