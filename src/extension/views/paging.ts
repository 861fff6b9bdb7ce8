// Paged children for long tree lists (a label value with 100k clips, a stage with 100k
// attempts): each list shows its first page and ends with a "Show more…" row; clicking it
// (the `vstar.tree.showMore` command) grows that list by a page and refreshes only its
// parent. The number shown per list is kept by id, so a refresh keeps what was opened.
import * as vscode from 'vscode';
import { ContextValue } from '../contextValues';

/** Default page size; `vstar.trees.pageSize` overrides it. */
export const DEFAULT_PAGE_SIZE = 200;

export function pageSize(): number {
  const n = vscode.workspace.getConfiguration('vstar').get<number>('trees.pageSize', DEFAULT_PAGE_SIZE);
  return Number.isInteger(n) && n >= 10 ? n : DEFAULT_PAGE_SIZE;
}

/** The "Show more…" row at the end of a page. */
export interface MoreNode {
  readonly kind: 'more';
  readonly id: string;
  readonly remaining: number;
  /** Grows the list by a page (what the command calls). */
  readonly load: () => void;
}

export class Pager {
  private readonly shown = new Map<string, number>();

  /** How many items of list `id` to show now. */
  limit(id: string): number {
    return this.shown.get(id) ?? pageSize();
  }

  /** The "Show more…" row for list `id` after `end` of `total` items, or none. */
  more(id: string, end: number, total: number, refresh: () => void): MoreNode[] {
    if (end >= total) return [];
    return [{
      kind: 'more',
      id: `${id}#more@${end}`,
      remaining: total - end,
      load: () => {
        this.shown.set(id, end + pageSize());
        refresh();
      },
    }];
  }

  /** Forgets every opened page (a rescan that replaced the data). */
  reset(): void {
    this.shown.clear();
  }
}

export function moreItem(node: MoreNode): vscode.TreeItem {
  const item = new vscode.TreeItem('Show more…', vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = `${node.remaining.toLocaleString('en-US')} more`;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.contextValue = ContextValue.ShowMore;
  item.command = { command: 'vstar.tree.showMore', title: 'Show More', arguments: [node] };
  return item;
}

/** `vstar.tree.showMore`: the row passes itself. */
export function showMore(node: unknown): void {
  if (node && typeof node === 'object' && (node as MoreNode).kind === 'more') (node as MoreNode).load();
}
