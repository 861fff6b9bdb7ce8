// The Cycles view exists from the first release so the container is complete (the Jobs
// view is jobs/tree.ts); until its feature lands it is an empty tree, and `viewsWelcome` says
// what will appear there. Registering a provider avoids VS Code's "no data provider" text.
import * as vscode from 'vscode';
import type { Ctx } from '../context';

export const CYCLES_VIEW = 'vstar.views.cycles';

class EmptyTree implements vscode.TreeDataProvider<never> {
  getChildren(): never[] {
    return [];
  }
  getTreeItem(node: never): vscode.TreeItem {
    return node;
  }
}

export function registerPlaceholderViews(ctx: Ctx): void {
  for (const id of [CYCLES_VIEW]) {
    ctx.subscriptions.push(vscode.window.createTreeView(id, { treeDataProvider: new EmptyTree() }));
  }
}
