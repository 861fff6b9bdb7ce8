import type { ExportSample } from './types';

/**
 * Which attempts become training data. A human decision beats the verifier in both
 * directions: `accept` keeps an attempt whose verdict failed (the verifier can be
 * too strict, e.g. a correct synonym), `reject` drops one that passed (right label,
 * wrong reasoning). Unreviewed attempts follow the verdict.
 */
export type SelectionReason = 'review-accept' | 'verdict-pass';
export type SkipReason = 'review-reject' | 'verdict-fail';

/** The rule itself: a review decides, else the verdict. */
export function kept(review: 'accept' | 'reject' | null | undefined, pass: boolean): boolean {
  return review === 'accept' || (review !== 'reject' && pass);
}

/** Whether an attempt is kept, and why. */
export function selectionOf(s: ExportSample): { keep: true; reason: SelectionReason } | { keep: false; reason: SkipReason } {
  if (kept(s.review, s.verdict.pass)) return { keep: true, reason: s.review === 'accept' ? 'review-accept' : 'verdict-pass' };
  return { keep: false, reason: s.review === 'reject' ? 'review-reject' : 'verdict-fail' };
}
