// The loop runs of every open project, as their run.json files say: read on activation
// (follow.ts), then followed by a file watcher and, while a run is live, by a 1 s poll (a watcher can miss a
// rename, and a SIGKILLed run never writes again: only the poll sees its pid gone). The
// Cycles tree overlays the live stage from here; the follow notification listens here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { isLive, readLoopRun, type LoopRun } from './runFile';

const POLL_MS = 1000;

export class LoopRuns implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the workdir whose run changed. */
  readonly onDidChange = this.changed.event;
  private readonly runs = new Map<string, { run: LoopRun | undefined; live: boolean; text: string }>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private poll: NodeJS.Timeout | undefined;

  constructor() {
    const w = vscode.workspace.createFileSystemWatcher('**/loop/run.json');
    const on = (uri: vscode.Uri) => this.read(path.dirname(path.dirname(uri.fsPath)));
    this.disposables.push(w, w.onDidCreate(on), w.onDidChange(on), w.onDidDelete(on));
  }

  /** The last run.json read for a workdir (live or over). */
  get(workdir: string): LoopRun | undefined {
    return this.runs.get(path.resolve(workdir))?.run;
  }

  /** The workdir's run when it is going on now. */
  live(workdir: string): LoopRun | undefined {
    const r = this.runs.get(path.resolve(workdir));
    return r?.live ? r.run : undefined;
  }

  /** Reads one workdir's run.json again; fires when what it says (or its liveness) changed. */
  read(workdir: string): LoopRun | undefined {
    const key = path.resolve(workdir);
    const run = readLoopRun(key);
    const live = isLive(run);
    const text = JSON.stringify(run ?? null);
    const before = this.runs.get(key);
    this.runs.set(key, { run, live, text });
    if (!before || before.text !== text || before.live !== live) this.changed.fire(key);
    this.schedulePoll();
    return run;
  }

  private schedulePoll(): void {
    const anyLive = [...this.runs.values()].some((r) => r.live);
    if (anyLive && !this.poll) {
      this.poll = setInterval(() => {
        for (const [k, r] of this.runs) if (r.live) this.read(k);
      }, POLL_MS);
    } else if (!anyLive && this.poll) {
      clearInterval(this.poll);
      this.poll = undefined;
    }
  }

  dispose(): void {
    if (this.poll) clearInterval(this.poll);
    for (const d of this.disposables) d.dispose();
  }
}

const models = new WeakMap<Ctx, LoopRuns>();

/** One LoopRuns per extension context: the tree, Run Cycles and the follow share it. */
export function loopRuns(ctx: Ctx): LoopRuns {
  let m = models.get(ctx);
  if (!m) {
    m = new LoopRuns();
    models.set(ctx, m);
    ctx.subscriptions.push(m);
  }
  return m;
}
