// The full review: a webview editor over a whole cycle. One panel per cycle (opening it
// again reveals it); revived after a window reload by the serializer, from the UI state
// the webview saved (its cycle), with the data fetched again.
import * as vscode from 'vscode';
import { REVIEW_PANEL_VIEW_TYPE, type ReviewUiState } from '../../shared/reviewProtocol';
import type { Ctx } from '../context';
import { ReviewController, resourceRoots, setReviewHtml, type ReviewTarget } from './controller';
import { clipRootsOf, reviewableCycles } from './targets';

const panels = new Map<string, ReviewPanel>();
const keyOf = (t: ReviewTarget): string => `${t.workdir}#${t.cycle}`;

export class ReviewPanel {
  private constructor(
    readonly panel: vscode.WebviewPanel,
    readonly controller: ReviewController,
  ) {}

  static async show(ctx: Ctx, target: ReviewTarget): Promise<ReviewPanel> {
    const existing = panels.get(keyOf(target));
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const roots = await clipRootsOf(target);
    const panel = vscode.window.createWebviewPanel(REVIEW_PANEL_VIEW_TYPE, `Review: cycle ${target.cycle}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: resourceRoots(ctx, roots),
    });
    return ReviewPanel.attach(ctx, panel, target, roots);
  }

  /** Sets up a new or revived panel for `target`. */
  static async attach(ctx: Ctx, panel: vscode.WebviewPanel, target: ReviewTarget, roots?: string[]): Promise<ReviewPanel> {
    panel.webview.options = { enableScripts: true, localResourceRoots: resourceRoots(ctx, roots ?? (await clipRootsOf(target))) };
    const controller = new ReviewController(ctx, panel.webview, target, false);
    setReviewHtml(ctx, panel.webview, panel.title);
    const p = new ReviewPanel(panel, controller);
    panels.set(keyOf(target), p);
    panel.onDidDispose(() => {
      panels.delete(keyOf(target));
      controller.dispose();
    });
    return p;
  }
}

/** Revives review panels after a reload, from the cycle in their saved UI state. */
export function registerReviewPanelSerializer(ctx: Ctx): void {
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(REVIEW_PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const cycle = (state as ReviewUiState | undefined)?.cycle;
        const target = (await reviewableCycles()).find((c) => c.cycle === cycle);
        if (!target) {
          panel.dispose(); // the cycle is gone (or the state is): nothing to revive
          return;
        }
        await ReviewPanel.attach(ctx, panel, target);
      },
    }),
  );
}
