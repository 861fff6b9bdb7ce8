// The datasets of every open project folder: data, cache and change events. Rendering is
// the tree provider's job (tree.ts). The list is cheap (folder names and each import
// report's count); a dataset's records are read by the core's `readDataset` only when its
// row is expanded, kept until a file of that dataset changes, and grouped per label field
// on demand. Watches the disk so the view follows imports done by the CLI or by hand, and
// coalesces bursts of file events into one rescan.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE as PROJECT_FILE } from '../../core/config/paths';
import type { Logger } from '../logger';
import type { DatasetEntry, LoadedDataset } from './read';

// read.ts brings the core's dataset reader (zod schemas): loaded on the first scan, not at activation.
const reader = () => require('./read') as typeof import('./read');

export type { DatasetEntry, LoadedDataset } from './read';

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
  /** dataset dir → its records, read once per change. */
  private readonly datasets = new Map<string, Promise<LoadedDataset>>();
  private readonly dirty = new Set<string>();

  constructor(private readonly log: Logger) {
    // Any change under a `datasets` folder, or to vstar.yaml (its `workdir` may move), rescans.
    for (const glob of ['**/datasets/**', `**/${PROJECT_FILE}`]) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      const onEvent = (uri: vscode.Uri) => this.scheduleRefresh(uri);
      watcher.onDidCreate(onEvent);
      watcher.onDidChange(onEvent);
      watcher.onDidDelete(onEvent);
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

  /** Rescans every workspace folder now, dropping every cached dataset. */
  refresh(): Promise<void> {
    this.datasets.clear();
    const run = this.scan();
    this.loaded = run;
    return run;
  }

  /** The records of a dataset, read by the core on first use after a change. */
  dataset(entry: DatasetEntry): Promise<LoadedDataset> {
    let p = this.datasets.get(entry.dir);
    if (!p) {
      const t0 = performance.now();
      p = reader().loadDataset(entry.dir).then((d) => {
        this.log.debug(`datasets: read ${entry.name} (${d.data.records.length} records) in ${(performance.now() - t0).toFixed(0)} ms`);
        return d;
      });
      p.catch(() => this.datasets.delete(entry.dir));
      this.datasets.set(entry.dir, p);
    }
    return p;
  }

  private scheduleRefresh(uri?: vscode.Uri): void {
    if (uri) this.dirty.add(uri.fsPath);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Only the datasets whose files changed are read again; the others keep their records.
      const changed = [...this.dirty];
      this.dirty.clear();
      for (const dir of [...this.datasets.keys()]) {
        if (!uri || changed.some((f) => f === dir || f.startsWith(dir + path.sep) || path.basename(f) === PROJECT_FILE)) this.datasets.delete(dir);
      }
      this.loaded = this.scan();
    }, RESCAN_DELAY_MS);
  }

  private async scan(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    try {
      const { listDatasets } = reader();
      this.projects = await Promise.all(folders.map(async (folder) => ({ folder, datasets: await listDatasets(folder.uri.fsPath) })));
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
