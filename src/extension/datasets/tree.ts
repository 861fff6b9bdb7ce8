// Renders the dataset model as the "Datasets" tree: dataset (clip count) → label field
// (type, distinct values) → label value (clip count) → clips, a page at a time with a
// "Show more…" row, so a value with 100k clips never builds 100k rows. A dataset's records
// are read (by the core) only when its row is expanded. Node ids are stable (folder URI +
// name + field + value) so selection and expansion survive rescans. Selecting a clip opens
// it (VS Code's media preview plays the H.264 sample clips).
import * as vscode from 'vscode';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { firstFrameSync } from '../../core/frames/folder';
import { resolveClip } from '../../core/datasets/clipPath';
import type { Ctx } from '../context';
import { ContextValue } from '../contextValues';
import { moreItem, Pager, type MoreNode } from '../views/paging';
import type { DatasetEntry, LoadedDataset } from './model';
import { exposeTree } from '../testHooks';

export const DATASETS_VIEW = 'vstar.views.datasets';

/** What the tree hands to commands run from its rows. */
export interface DatasetNode {
  readonly kind: 'dataset';
  readonly id: string;
  readonly folder: vscode.WorkspaceFolder;
  readonly entry: DatasetEntry;
  /** Set when several folders are open, to tell same-named datasets apart. */
  readonly showFolder: boolean;
}

export interface FieldNode {
  readonly kind: 'field';
  readonly id: string;
  readonly dataset: DatasetNode;
  readonly field: string;
  readonly loaded: LoadedDataset;
}

export interface ValueNode {
  readonly kind: 'value';
  readonly id: string;
  readonly parent: FieldNode;
  readonly key: string;
  readonly label: string;
  readonly indices: readonly number[];
}

export interface ClipNode {
  readonly kind: 'clip';
  readonly id: string;
  readonly parent: ValueNode;
  /** Position in the dataset's records. */
  readonly index: number;
}

/** A dataset that could not be read: one row saying why. */
interface ProblemNode {
  readonly kind: 'problem';
  readonly id: string;
  readonly message: string;
}

export type DatasetsTreeNode = DatasetNode | FieldNode | ValueNode | ClipNode | MoreNode | ProblemNode;

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export class DatasetTreeProvider implements vscode.TreeDataProvider<DatasetsTreeNode> {
  private readonly changed = new vscode.EventEmitter<DatasetsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly pager = new Pager();

  constructor(private readonly ctx: Ctx) {
    ctx.subscriptions.push(
      this.changed,
      ctx.datasets.onDidChange(() => {
        this.pager.reset();
        this.changed.fire(undefined);
      }),
    );
  }

  async getChildren(element?: DatasetsTreeNode): Promise<DatasetsTreeNode[]> {
    if (!element) return this.roots();
    switch (element.kind) {
      case 'dataset':
        return this.fields(element);
      case 'field':
        return element.loaded.groups(element.field).map((g) => ({
          kind: 'value' as const,
          id: `${element.id}=${g.key}`,
          parent: element,
          key: g.key,
          label: g.label,
          indices: g.indices,
        }));
      case 'value': {
        const limit = this.pager.limit(element.id);
        const end = Math.min(limit, element.indices.length);
        const clips: DatasetsTreeNode[] = [];
        for (let k = 0; k < end; k++) clips.push({ kind: 'clip', id: `${element.id}#${element.indices[k]}`, parent: element, index: element.indices[k]! });
        return [...clips, ...this.pager.more(element.id, end, element.indices.length, () => this.changed.fire(element))];
      }
      default:
        return [];
    }
  }

  private async roots(): Promise<DatasetsTreeNode[]> {
    const projects = await this.ctx.datasets.get();
    const showFolder = projects.length > 1;
    return projects.flatMap(({ folder, datasets }) =>
      datasets.map((entry) => ({ kind: 'dataset' as const, id: `${folder.uri.toString()}#${entry.name}`, folder, entry, showFolder })),
    );
  }

  private async fields(node: DatasetNode): Promise<DatasetsTreeNode[]> {
    let loaded: LoadedDataset;
    try {
      loaded = await this.ctx.datasets.dataset(node.entry);
    } catch (err) {
      return [{ kind: 'problem', id: `${node.id}#problem`, message: err instanceof Error ? err.message : String(err) }];
    }
    const rows: DatasetsTreeNode[] = Object.keys(loaded.data.schema).map((field) => ({ kind: 'field' as const, id: `${node.id}/${field}`, dataset: node, field, loaded }));
    const problems = loaded.data.problems.length;
    if (problems > 0) rows.push({ kind: 'problem', id: `${node.id}#problems`, message: `${plural(problems, 'problem')} in the stored files (Show Dataset Statistics)` });
    return rows;
  }

  getTreeItem(node: DatasetsTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'dataset':
        return datasetItem(node);
      case 'field': {
        const stats = node.loaded.stats.fields[node.field];
        const item = new vscode.TreeItem(node.field, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        const groups = node.loaded.groups(node.field).length;
        item.description = stats ? `${stats.type} · ${stats.distinct !== undefined ? plural(stats.distinct, 'value') : plural(groups, 'group')}` : '';
        if (stats) item.tooltip = `${stats.present} labeled, ${stats.missing} without${stats.summary ? `\n${stats.of}: ${stats.summary.min} – ${stats.summary.max}` : ''}`;
        item.iconPath = new vscode.ThemeIcon('symbol-field');
        item.contextValue = ContextValue.DatasetField;
        return item;
      }
      case 'value': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = plural(node.indices.length, 'clip');
        item.iconPath = new vscode.ThemeIcon('tag');
        item.contextValue = ContextValue.DatasetValue;
        return item;
      }
      case 'clip':
        return clipItem(node);
      case 'more':
        return moreItem(node);
      case 'problem': {
        const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('warning');
        item.tooltip = node.message;
        return item;
      }
    }
  }
}

function datasetItem(node: DatasetNode): vscode.TreeItem {
  const { entry } = node;
  const where = node.showFolder ? ` · ${node.folder.name}` : '';
  const item = new vscode.TreeItem(entry.name, entry.problem ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  if (entry.problem || entry.clips === undefined) {
    item.description = `not imported${where}`;
    item.tooltip = `${entry.dir}\n${entry.problem ?? ''}`;
    item.iconPath = new vscode.ThemeIcon('warning');
    item.contextValue = ContextValue.DatasetUnreadable;
  } else {
    item.description = `${plural(entry.clips, 'clip')}${where}`;
    item.tooltip = entry.recordsFile;
    item.iconPath = new vscode.ThemeIcon('database');
    item.contextValue = ContextValue.Dataset;
    item.resourceUri = vscode.Uri.file(entry.recordsFile);
  }
  return item;
}

function clipItem(node: ClipNode): vscode.TreeItem {
  const data = node.parent.parent.loaded.data;
  const rec = data.records[node.index]!;
  const item = new vscode.TreeItem(rec.id, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const range = rec.start !== undefined || rec.end !== undefined ? ` ${rec.start ?? 0}–${rec.end ?? ''}s` : '';
  item.description = `${rec.split} · ${rec.video}${range}`;
  item.tooltip = `${rec.video}${range}\n${JSON.stringify(rec.labels, null, 1)}`;
  item.iconPath = new vscode.ThemeIcon('device-camera-video');
  item.contextValue = ContextValue.Clip;
  const clip = data.report ? resolveClip(rec.video, data.report.root, data.report.allowRoots ?? []) : undefined;
  if (clip?.ok) {
    item.resourceUri = vscode.Uri.file(clip.abs);
    const kind = clipKind(clip.abs);
    if (kind === 'missing') {
      // Named with the path looked for: a moved project or an unmounted disk shows here.
      item.description = `${rec.split} · missing: ${clip.abs}`;
      item.tooltip += `\nmissing: no file or frame folder at ${clip.abs}`;
      item.iconPath = new vscode.ThemeIcon('warning');
    } else if (kind === 'folder') {
      const first = firstFrameSync(clip.abs);
      item.tooltip += `\nframe folder ${clip.abs}${first ? '' : ' (no frames)'}`;
      item.iconPath = new vscode.ThemeIcon(first ? 'file-media' : 'warning');
      if (first) item.command = { command: 'vscode.open', title: 'Open First Frame', arguments: [vscode.Uri.file(path.join(clip.abs, first)), { preview: true }] };
    } else item.command = { command: 'vscode.open', title: 'Preview Clip', arguments: [item.resourceUri, { preview: true }] };
  } else if (clip) {
    item.tooltip += `\n${clip.message}`;
  }
  return item;
}

/** One stat for a visible clip row: a file, a frame folder, or nothing there. */
function clipKind(abs: string): 'file' | 'folder' | 'missing' {
  try {
    return statSync(abs).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}

export function registerDatasetsView(ctx: Ctx): void {
  const provider = new DatasetTreeProvider(ctx);
  exposeTree(DATASETS_VIEW, provider);
  const view = vscode.window.createTreeView(DATASETS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  ctx.subscriptions.push(view);
}
