// The review feature: the side view, the editor panel (with its serializer), and the
// action behind `vstar.review.open` (in the command table).
import type { Ctx } from '../context';
import { followEditor } from './editorSelection';
import { ReviewPanel, registerReviewPanelSerializer } from './panel';
import { registerReviewSideView, reviewSideView } from './sideView';
import { chooseCycle } from './targets';

export function registerReview(ctx: Ctx): void {
  const side = registerReviewSideView(ctx);
  registerReviewPanelSerializer(ctx);
  followEditor(ctx, side);
}

/** `vstar.review.open [cycle]`: the full review of a cycle (a quick pick when several). */
export async function openReview(ctx: Ctx, cycle?: unknown): Promise<void> {
  const target = await chooseCycle(cycle);
  if (!target) return;
  await ReviewPanel.show(ctx, target);
  void reviewSideView()?.show(target);
}
