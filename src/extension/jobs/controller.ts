// The jobs of every open project: one JobsModel per workspace folder with a vstar.yaml,
// rebuilt when folders, vstar.yaml (its `workdir`, `targets`) or workspace trust change, and
// told to reread its records when files under `<workdir>/jobs/` change (the CLI, another
// window, or the runners writing states). Untrusted workspaces get passive models: records
// are listed, no target is ever asked.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadConfig } from '../../core/config/load';
import { CONFIG_FILE, projectWorkdir } from '../../core/config/paths';
import type { VstarConfig } from '../../core/config/schema';
import { targetFromConfig } from '../../core/jobs/from-config';
import type { Ctx } from '../context';
import { JobsModel } from './model';
import { targetKey } from './rows';

export interface JobsProject {
  readonly folder: vscode.WorkspaceFolder;
  readonly configFile: string;
  /** Schema-valid config (undefined when vstar.yaml cannot be read at all). */
  readonly config?: VstarConfig;
  readonly workdir: string;
  readonly model: JobsModel;
  /** targetKey → name in vstar.yaml, for group labels. */
  readonly targetNames: ReadonlyMap<string, string>;
}

const RELOAD_DELAY_MS = 200;
const TICK_MS = 5000;

export class JobsController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private projectList: JobsProject[] = [];
  private perProject: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private building: Promise<void> | undefined;
  private readonly ticker: NodeJS.Timeout;

  constructor(private readonly ctx: Ctx) {
    const configWatcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`);
    const rebuild = () => void this.rebuild();
    this.disposables.push(
      configWatcher,
      configWatcher.onDidCreate(rebuild),
      configWatcher.onDidChange(rebuild),
      configWatcher.onDidDelete(rebuild),
      vscode.workspace.onDidChangeWorkspaceFolders(rebuild),
      vscode.workspace.onDidGrantWorkspaceTrust(rebuild),
    );
    // elapsed times move even when no state does
    this.ticker = setInterval(() => {
      if (this.runningCount() > 0) this.changed.fire();
    }, TICK_MS);
  }

  /** The projects, built once on first use. */
  async projects(): Promise<readonly JobsProject[]> {
    this.building ??= this.build();
    await this.building;
    return this.projectList;
  }

  rebuild(): Promise<void> {
    // one build at a time: a change during a build rebuilds after it
    const next = (this.building ?? Promise.resolve()).catch(() => undefined).then(() => this.build());
    this.building = next;
    return next;
  }

  runningCount(): number {
    return this.projectList.reduce((n, p) => n + p.model.runningCount(), 0);
  }

  private async build(): Promise<void> {
    const found: Array<Omit<JobsProject, 'model'>> = [];
    for (const folder of (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file')) {
      const configFile = path.join(folder.uri.fsPath, CONFIG_FILE);
      if (!fs.existsSync(configFile)) continue;
      const loaded = await loadConfig(configFile);
      const config = loaded.parsed;
      const targetNames = new Map<string, string>();
      for (const name of Object.keys(config?.targets ?? {})) {
        try {
          const key = targetKey(targetFromConfig(config!.targets, name).target);
          if (!targetNames.has(key)) targetNames.set(key, name);
        } catch {
          /* a broken target: its jobs show under their short label */
        }
      }
      found.push({ folder, configFile, config, workdir: projectWorkdir(configFile, config ?? { workdir: 'vstar' }), targetNames });
    }
    for (const d of this.perProject) d.dispose();
    for (const p of this.projectList) p.model.dispose();
    this.perProject = [];
    const passive = !vscode.workspace.isTrusted;
    this.projectList = found.map((p) => ({
      ...p,
      model: new JobsModel(p.workdir, { passive, log: (m) => this.ctx.log.warn(m) }),
    }));
    for (const p of this.projectList) {
      this.perProject.push(new vscode.Disposable(p.model.onDidChange(() => this.changed.fire())));
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(p.model.store.dir), '*.json'));
      let timer: NodeJS.Timeout | undefined;
      const reload = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void p.model.reload().catch((err) => this.ctx.log.warn(`jobs: ${String(err)}`)), RELOAD_DELAY_MS);
      };
      this.perProject.push(watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload), {
        dispose: () => timer && clearTimeout(timer),
      });
      await p.model.reload().catch((err) => this.ctx.log.warn(`jobs in ${p.workdir}: ${String(err)}`));
    }
    this.changed.fire();
  }

  dispose(): void {
    clearInterval(this.ticker);
    for (const d of [...this.perProject, ...this.disposables]) d.dispose();
    for (const p of this.projectList) p.model.dispose();
    this.projectList = [];
  }
}

// One controller per extension context: the view, the status bar item and the commands share it.
const controllers = new WeakMap<Ctx, JobsController>();

export function jobsController(ctx: Ctx): JobsController {
  let c = controllers.get(ctx);
  if (!c) {
    c = new JobsController(ctx);
    controllers.set(ctx, c);
    ctx.subscriptions.push(c);
  }
  return c;
}
