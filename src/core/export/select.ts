import type { ExportSample } from './types';

/**
 * Which attempts become training data. A human decision beats the verifier in both
 * directions: `accept` keeps an attempt whose verdict failed (the verifier can be
 * too strict, e.g. a correct synonym), `reject` drops one that passed (right label,
 * wrong reasoning). Unreviewed attempts follow the verdict.
 */
export type SelectionReason = 'review-accept' | 'verdict-pass';
export type SkipReason = 'review-reject' | 'verdict-fail';

export interface Selection {
  selected: { sample: ExportSample; reason: SelectionReason }[];
  skipped: { id: string; sampleId: string; reason: SkipReason }[];
}

export function selectForExport(samples: readonly ExportSample[]): Selection {
  const out: Selection = { selected: [], skipped: [] };
  for (const s of samples) {
    if (s.review === 'reject') out.skipped.push({ id: s.id, sampleId: s.sampleId, reason: 'review-reject' });
    else if (s.review === 'accept') out.selected.push({ sample: s, reason: 'review-accept' });
    else if (s.verdict.pass) out.selected.push({ sample: s, reason: 'verdict-pass' });
    else out.skipped.push({ id: s.id, sampleId: s.sampleId, reason: 'verdict-fail' });
  }
  return out;
}
