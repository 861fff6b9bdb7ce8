// The Cycles and Jobs views exist from the first release so the container is complete;
// until their features land they are empty trees, and package.json `viewsWelcome` says
// what will appear there. Registering a provider avoids VS Code's "no data provider" text.
import * as vscode from 'vscode';
import type { Ctx } from '../context';

export const CYCLES_VIEW = 'vstar.views.cycles';
export const JOBS_VIEW = 'vstar.views.jobs';

class EmptyTree implements vscode.TreeDataProvider<never> {
  getChildren(): never[] {
    return [];
  }
  getTreeItem(node: never): vscode.TreeItem {
    return node;
  }
}

export function registerPlaceholderViews(ctx: Ctx): void {
  for (const id of [CYCLES_VIEW, JOBS_VIEW]) {
    ctx.subscriptions.push(vscode.window.createTreeView(id, { treeDataProvider: new EmptyTree() }));
  }
}
