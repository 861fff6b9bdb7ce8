// Renders the dataset model as the "Datasets" tree: one row per dataset with its clip
// count. Node ids are stable (folder URI + name) so selection and expansion survive rescans.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { ContextValue } from '../contextValues';
import type { DatasetEntry } from './scan';

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

export class DatasetTreeProvider implements vscode.TreeDataProvider<DatasetNode> {
  private readonly changed = new vscode.EventEmitter<DatasetNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly ctx: Ctx) {
    ctx.subscriptions.push(this.changed, ctx.datasets.onDidChange(() => this.changed.fire(undefined)));
  }

  async getChildren(element?: DatasetNode): Promise<DatasetNode[]> {
    if (element) return [];
    const projects = await this.ctx.datasets.get();
    const showFolder = projects.length > 1;
    return projects.flatMap(({ folder, datasets }) =>
      datasets.map((entry) => ({
        kind: 'dataset' as const,
        id: `${folder.uri.toString()}#${entry.name}`,
        folder,
        entry,
        showFolder,
      })),
    );
  }

  getTreeItem(node: DatasetNode): vscode.TreeItem {
    const { entry } = node;
    const item = new vscode.TreeItem(entry.name, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    const where = node.showFolder ? ` · ${node.folder.name}` : '';
    if (entry.clips === undefined) {
      item.description = `not imported${where}`;
      item.tooltip = `${entry.dir}\n${entry.problem ?? ''}`;
      item.iconPath = new vscode.ThemeIcon('warning');
      item.contextValue = ContextValue.DatasetUnreadable;
    } else {
      item.description = `${entry.clips} ${entry.clips === 1 ? 'clip' : 'clips'}${where}`;
      item.tooltip = entry.recordsFile;
      item.iconPath = new vscode.ThemeIcon('database');
      item.contextValue = ContextValue.Dataset;
      item.resourceUri = vscode.Uri.file(entry.recordsFile);
      item.command = { command: 'vscode.open', title: 'Open Records', arguments: [item.resourceUri] };
    }
    return item;
  }
}

export function registerDatasetsView(ctx: Ctx): void {
  const view = vscode.window.createTreeView(DATASETS_VIEW, {
    treeDataProvider: new DatasetTreeProvider(ctx),
    showCollapseAll: false,
  });
  ctx.subscriptions.push(view);
}
