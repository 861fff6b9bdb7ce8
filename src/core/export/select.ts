import type { ExportSample } from './types';

/**
 * Which attempts become training data. A human decision beats the verifier in both
 * directions: `accept` keeps an attempt whose verdict failed (the verifier can be
 * too strict, e.g. a correct synonym), `reject` drops one that passed (right label,
 * wrong reasoning). Unreviewed attempts follow the verdict.
 */
export type SelectionReason = 'review-accept' | 'verdict-pass';
export type SkipReason = 'review-reject' | 'verdict-fail' | 'verdict-uncertain';

/**
 * The rule itself: a review decides, else the verdict; a pass the verifier was unsure of
 * waits for a person unless the task keeps uncertain passes (`keepUncertain`).
 */
export function kept(review: 'accept' | 'reject' | null | undefined, pass: boolean, uncertain = false, keepUncertain = false): boolean {
  return review === 'accept' || (review !== 'reject' && pass && (!uncertain || keepUncertain));
}

/** Whether an attempt is kept, and why. */
export function selectionOf(s: ExportSample, keepUncertain = false): { keep: true; reason: SelectionReason } | { keep: false; reason: SkipReason } {
  const uncertain = (s.verdict as { uncertain?: boolean }).uncertain === true;
  if (kept(s.review, s.verdict.pass, uncertain, keepUncertain)) return { keep: true, reason: s.review === 'accept' ? 'review-accept' : 'verdict-pass' };
  return { keep: false, reason: s.review === 'reject' ? 'review-reject' : s.verdict.pass && uncertain ? 'verdict-uncertain' : 'verdict-fail' };
}
