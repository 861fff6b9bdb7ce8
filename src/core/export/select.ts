import type { ExportSample } from './types';

/**
 * Which attempts become training data. A human decision beats the verifier in both
 * directions: `accept` keeps an attempt whose verdict failed (the verifier can be
 * too strict, e.g. a correct synonym), `reject` drops one that passed (right label,
 * wrong reasoning). Unreviewed attempts follow the verdict.
 */
export type SelectionReason = 'review-accept' | 'verdict-pass';
export type SkipReason = 'review-reject' | 'verdict-fail';

/** Whether an attempt is kept, and why. */
export function selectionOf(s: ExportSample): { keep: true; reason: SelectionReason } | { keep: false; reason: SkipReason } {
  if (s.review === 'reject') return { keep: false, reason: 'review-reject' };
  if (s.review === 'accept') return { keep: true, reason: 'review-accept' };
  return s.verdict.pass ? { keep: true, reason: 'verdict-pass' } : { keep: false, reason: 'verdict-fail' };
}
