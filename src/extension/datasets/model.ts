// The datasets of every open project folder: data, cache and change events. Rendering is
// the tree provider's job (tree.ts). Watches the disk so the view follows imports done by
// the CLI or by hand, and coalesces bursts of file events into one rescan.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../logger';
import { PROJECT_FILE, scanDatasets, type DatasetEntry } from './scan';

export interface ProjectDatasets {
  readonly folder: vscode.WorkspaceFolder;
  readonly datasets: readonly DatasetEntry[];
}

const RESCAN_DELAY_MS = 200;

export class DatasetModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after every rescan. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private projects: readonly ProjectDatasets[] = [];
  private loaded: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: Logger) {
    // Any change under a `datasets` folder, or to vstar.yaml (its `workdir` may move), rescans.
    for (const glob of ['**/datasets/**', `**/${PROJECT_FILE}`]) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      watcher.onDidCreate(() => this.scheduleRefresh());
      watcher.onDidChange(() => this.scheduleRefresh());
      watcher.onDidDelete(() => this.scheduleRefresh());
      this.disposables.push(watcher);
    }
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleRefresh()));
  }

  /** The current datasets, scanning once on first use. */
  async get(): Promise<readonly ProjectDatasets[]> {
    this.loaded ??= this.refresh();
    await this.loaded;
    return this.projects;
  }

  /** Rescans every workspace folder now. */
  refresh(): Promise<void> {
    const run = this.scan();
    this.loaded = run;
    return run;
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, RESCAN_DELAY_MS);
  }

  private async scan(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    try {
      this.projects = await Promise.all(
        folders.map(async (folder) => ({ folder, datasets: await scanDatasets(folder.uri.fsPath) })),
      );
      const total = this.projects.reduce((n, p) => n + p.datasets.length, 0);
      this.log.debug(`datasets: ${total} found in ${folders.map((f) => path.basename(f.uri.fsPath)).join(', ')}`);
    } catch (err) {
      this.log.error(`datasets: scan failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
