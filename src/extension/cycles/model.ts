// The cycles of every open project: data, cache and change events (rendering is tree.ts).
// Each cycle is held as one core ReviewSession (its CycleStore, attempt index and verdict
// table), opened on first use and caught up incrementally, so the stage counts
// (`store.status()`) and the attempt pages of a 100k-attempt cycle cost only what was
// appended since. A FileSystemWatcher on `cycles/**` marks the cycles whose files changed;
// bursts (a running generation appends many times a second) are coalesced into one
// refresh per RELOAD_DELAY_MS.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE as PROJECT_FILE } from '../../core/config/paths';
import type { CycleEntry, CycleStatus } from '../../core/cycles';
import type { ReviewSession } from '../../core/review';
import type { Ctx } from '../context';
import { cycleOfPath } from './paths';

export interface CycleProject {
  readonly folder: vscode.WorkspaceFolder;
  /** Absolute `<project>/<workdir>`. */
  readonly workdir: string;
}

export interface CycleView {
  readonly project: CycleProject;
  readonly entry: CycleEntry;
  /** Counts and stages; absent when the cycle cannot be read (`problem` says why). */
  readonly status?: CycleStatus;
  readonly exports: readonly string[];
  readonly problem?: string;
}

const RELOAD_DELAY_MS = 400;

// The cycle store, the review query and the dataset paths (zod schemas and all) load on
// the first look at the Cycles view, not at activation.
const core = () => ({
  ...(require('../../core/cycles') as typeof import('../../core/cycles')),
  ...(require('../../core/review') as typeof import('../../core/review')),
  ...(require('../../core/datasets/project') as typeof import('../../core/datasets/project')),
});

export class CyclesModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly sessions = new Map<string, Promise<ReviewSession>>();
  private readonly views = new Map<string, Promise<CycleView>>();
  private list: Promise<CycleView[]> | undefined;
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: Ctx) {
    for (const glob of ['**/cycles/**', `**/${PROJECT_FILE}`]) {
      const w = vscode.workspace.createFileSystemWatcher(glob);
      const on = (uri: vscode.Uri) => this.schedule(uri.fsPath);
      this.disposables.push(w, w.onDidCreate(on), w.onDidChange(on), w.onDidDelete(on));
    }
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()));
  }

  async projects(): Promise<CycleProject[]> {
    const out: CycleProject[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      try {
        await fsp.access(path.join(folder.uri.fsPath, PROJECT_FILE));
      } catch {
        continue;
      }
      out.push({ folder, workdir: path.dirname(await core().projectDatasetsDir(folder.uri.fsPath)) });
    }
    return out;
  }

  /** Every cycle of every project, with counts; cached until its files change. */
  cycles(): Promise<CycleView[]> {
    this.list ??= this.load();
    return this.list;
  }

  /** The review session of a cycle (opened once, caught up on change). */
  session(workdir: string, cycle: number): Promise<ReviewSession> {
    const key = path.join(workdir, 'cycles', String(cycle));
    let s = this.sessions.get(key);
    if (!s) {
      s = core().ReviewSession.open(workdir, cycle);
      s.catch(() => this.sessions.delete(key));
      this.sessions.set(key, s);
    }
    return s;
  }

  /** Forgets every cache and reads everything again. */
  refresh(): void {
    this.views.clear();
    this.closeSessions([...this.sessions.keys()]);
    this.list = undefined;
    this.changed.fire();
  }

  private async load(): Promise<CycleView[]> {
    const out: CycleView[] = [];
    for (const project of await this.projects()) {
      let entries: CycleEntry[];
      try {
        entries = await core().listCycles(project.workdir);
      } catch (err) {
        this.ctx.log.warn(`cycles in ${project.workdir}: ${String(err)}`);
        continue;
      }
      for (const entry of entries) {
        let v = this.views.get(entry.dir);
        if (!v) {
          v = this.view(project, entry);
          this.views.set(entry.dir, v);
        }
        out.push(await v);
      }
    }
    return out;
  }

  private async view(project: CycleProject, entry: CycleEntry): Promise<CycleView> {
    const exports = await fsp.readdir(path.join(entry.dir, core().CYCLE_FILES.exports)).catch(() => [] as string[]);
    if (!entry.state) return { project, entry, exports, problem: entry.problem ?? 'unreadable state.json' };
    try {
      const session = await this.session(project.workdir, entry.cycle);
      await session.refresh();
      return { project, entry, status: await session.store.status(), exports: exports.filter((f) => !f.startsWith('.')).sort() };
    } catch (err) {
      return { project, entry, exports, problem: err instanceof Error ? err.message : String(err) };
    }
  }

  private schedule(file?: string): void {
    if (file) {
      const c = cycleOfPath(file);
      // vstar.yaml or a folder event: everything; a cycle's file: that cycle.
      this.dirty.add(c ? path.join(c.workdir, 'cycles', String(c.cycle)) : '*');
    } else this.dirty.add('*');
    if (this.timer) return; // at most one refresh per delay, even while a generation appends
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const dirty = [...this.dirty];
      this.dirty.clear();
      if (dirty.includes('*')) {
        this.views.clear();
        this.closeSessions([...this.sessions.keys()]);
      } else {
        for (const d of dirty) this.views.delete(d);
      }
      this.list = undefined;
      this.changed.fire();
    }, RELOAD_DELAY_MS);
  }

  private closeSessions(keys: string[]): void {
    for (const k of keys) {
      const s = this.sessions.get(k);
      this.sessions.delete(k);
      void s?.then((x) => x.close()).catch(() => undefined);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.closeSessions([...this.sessions.keys()]);
    for (const d of this.disposables) d.dispose();
  }
}

// One model per extension context: the tree and the cycle commands share it.
const models = new WeakMap<Ctx, CyclesModel>();

export function cyclesModel(ctx: Ctx): CyclesModel {
  let m = models.get(ctx);
  if (!m) {
    m = new CyclesModel(ctx);
    models.set(ctx, m);
    ctx.subscriptions.push(m);
  }
  return m;
}
