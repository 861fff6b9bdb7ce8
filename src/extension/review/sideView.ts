// The review in the Video-STaR side bar: the same UI, compact (list above the attempt),
// showing the cycle last opened for review (or the latest one), with a button to open
// the full review panel. Its badge (shown on the activity-bar icon) is the number of
// attempts of that cycle nobody has decided yet.
import * as vscode from 'vscode';
import { REVIEW_SIDE_VIEW_ID } from '../../shared/reviewProtocol';
import type { ReviewCounts } from '../../core/review';
import type { Ctx } from '../context';
import { ReviewController, resourceRoots, setReviewHtml, type ReviewTarget } from './controller';
import { ReviewPanel } from './panel';
import { clipRootsOf, reviewableCycles } from './targets';

export class ReviewSideView implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private controller: ReviewController | undefined;
  private target: ReviewTarget | undefined;
  private pendingId: string | undefined;

  constructor(private readonly ctx: Ctx) {}

  async resolveWebviewView(view: vscode.WebviewView): Promise<void> {
    this.view = view;
    this.target ??= (await reviewableCycles()).at(-1);
    const roots = this.target ? await clipRootsOf(this.target) : [];
    view.webview.options = { enableScripts: true, localResourceRoots: resourceRoots(this.ctx, roots) };
    this.controller = this.makeController(view.webview, this.target);
    if (this.pendingId) this.controller.select(this.pendingId);
    setReviewHtml(this.ctx, view.webview, 'Review');
    view.onDidDispose(() => {
      this.controller?.dispose();
      this.controller = undefined;
      this.view = undefined;
    });
  }

  private makeController(webview: vscode.Webview, target: ReviewTarget | undefined): ReviewController {
    const c = new ReviewController(this.ctx, webview, target, true, (t) => void ReviewPanel.show(this.ctx, t));
    c.onCounts = (counts) => this.badge(counts);
    return c;
  }

  /** The unreviewed count on the view (and so on the Video-STaR activity-bar icon). */
  private badge(c: ReviewCounts): void {
    if (!this.view) return;
    this.view.badge = c.unreviewed > 0 ? { value: c.unreviewed, tooltip: `${c.unreviewed} attempt(s) of cycle ${this.target?.cycle ?? ''} not reviewed yet` } : undefined;
  }

  /** Shows one attempt of `target` here (the attempt under the cursor in a cycle's log). */
  async showAttempt(target: ReviewTarget, id: string): Promise<void> {
    this.pendingId = id;
    await this.show(target);
    this.controller?.select(id);
  }

  /** Shows `target` here (the cycle chosen in the palette or the Cycles tree). */
  async show(target: ReviewTarget): Promise<void> {
    if (this.target?.workdir !== target.workdir || this.target.cycle !== target.cycle) this.pendingId = undefined;
    this.target = target;
    if (!this.view || !this.controller) return;
    // New clip roots need new options (and so a fresh page); the same roots keep the page.
    const roots = await clipRootsOf(target);
    const current = (this.view.webview.options.localResourceRoots ?? []).map((u) => u.toString()).join('\n');
    const next = resourceRoots(this.ctx, roots);
    if (next.map((u) => u.toString()).join('\n') !== current) {
      this.controller.dispose();
      this.view.webview.options = { enableScripts: true, localResourceRoots: next };
      this.controller = this.makeController(this.view.webview, target);
      setReviewHtml(this.ctx, this.view.webview, 'Review');
    } else {
      this.controller.show(target);
    }
  }
}

let side: ReviewSideView | undefined;

export function registerReviewSideView(ctx: Ctx): ReviewSideView {
  side = new ReviewSideView(ctx);
  ctx.subscriptions.push(vscode.window.registerWebviewViewProvider(REVIEW_SIDE_VIEW_ID, side));
  return side;
}

export function reviewSideView(): ReviewSideView | undefined {
  return side;
}
