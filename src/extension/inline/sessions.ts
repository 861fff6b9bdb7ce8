// The review sessions behind the inline review: one ReviewSession per cycle whose
// attempts.jsonl is open, opened on first use, following the cycle's logs (a generation,
// the review panel or the CLI appending to them) and closed when the last of its logs is
// closed. Every change (a refresh, a decision saved here) fires `onDidChange`, upon which
// lenses and decorations are recomputed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ReviewSession, type Decision } from '../../core/review';
import type { Ctx } from '../context';
import { errorMessage } from '../logger';
import type { LogTarget } from '../review/logLine';
import { cycleOfLog } from './recordLine';

interface Entry {
  session: Promise<ReviewSession>;
  watcher: vscode.FileSystemWatcher;
  debounce?: ReturnType<typeof setTimeout>;
  /** The settled session, for synchronous reads by lenses and decorations. */
  ready?: ReviewSession;
}

const keyOf = (t: LogTarget): string => `${t.workdir}#${t.cycle}`;

export class InlineSessions implements vscode.Disposable {
  private entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<LogTarget>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      vscode.workspace.onDidCloseTextDocument((d) => {
        const t = cycleOfLog(d.uri.fsPath);
        if (!t || vscode.workspace.textDocuments.some((o) => o !== d && cycleOfLog(o.uri.fsPath) && keyOf(cycleOfLog(o.uri.fsPath)!) === keyOf(t))) return;
        this.close(keyOf(t));
      }),
    );
  }

  /** The session of `t` if already open (lenses never wait for disk). Starts opening it otherwise. */
  peek(t: LogTarget): ReviewSession | undefined {
    return this.entry(t).ready;
  }

  get(t: LogTarget): Promise<ReviewSession> {
    return this.entry(t).session;
  }

  /** Appends the decision to the cycle's review log; resolves once it is there (fsync'd). */
  async decide(t: LogTarget, id: string, decision: Decision): Promise<boolean> {
    const s = await this.get(t);
    let saved = await s.decide([id], decision);
    if (saved.length === 0) {
      // An attempt appended after the session last read the log: catch up, then try again.
      await s.refresh();
      saved = await s.decide([id], decision);
    }
    this.changed.fire(t);
    return saved.length > 0;
  }

  private entry(t: LogTarget): Entry {
    const key = keyOf(t);
    let e = this.entries.get(key);
    if (e) return e;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.join(t.workdir, 'cycles', String(t.cycle))), '*.jsonl'));
    const entry: Entry = { session: ReviewSession.open(t.workdir, t.cycle), watcher };
    entry.session.then(
      (s) => {
        entry.ready = s;
        this.changed.fire(t);
      },
      (err: unknown) => this.ctx.log.warn(`inline review: cannot open cycle ${t.cycle} of ${t.workdir}: ${errorMessage(err)}`),
    );
    const outside = (): void => {
      clearTimeout(entry.debounce);
      entry.debounce = setTimeout(() => {
        void entry.session.then(async (s) => {
          await s.refresh();
          this.changed.fire(t);
        }).catch((err: unknown) => this.ctx.log.warn(`inline review: refresh of cycle ${t.cycle} failed: ${errorMessage(err)}`));
      }, 300);
    };
    watcher.onDidChange(outside);
    watcher.onDidCreate(outside);
    e = entry;
    this.entries.set(key, e);
    return e;
  }

  private close(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    clearTimeout(e.debounce);
    e.watcher.dispose();
    void e.session.then((s) => s.close(), () => undefined);
  }

  dispose(): void {
    for (const key of [...this.entries.keys()]) this.close(key);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
