/**
 * The review of a cycle's attempts, without VS Code: filtered, sorted pages over the
 * attempt index, counts by attempt and by sample, groups, one attempt with its verdict
 * evidence and clip, decisions appended to reviews.jsonl (with undo), audits, and the
 * filter measured by the decisions. The review panel and side view are thin hosts over it.
 */
export { ReviewSession, AUDIT_FILE, type AuditFile, type CycleFilterReport } from './session';
export { SampleLookup, splitSampleId, labelText, readClipRoots, type SampleInfo } from './samples';
export { filterReport, groupStats, thresholdWhatIf, wilson, type FilterReport, type GroupStats, type FieldStats, type Rate, type ReviewedCheck, type ThresholdWhatIf, type Disagreement } from './report';
export { drawAudit, allocate, type AuditCandidate, type AuditDraw } from './audit';
export { snippetOf, shortLabel, shortQuestion, type Snippet } from './snippet';
export type {
  Decision, ReviewFilter, ReviewSort, ReviewGroupBy, ReviewGroup, RowSnippet, AttemptSummary, AttemptDetail, EvidenceRow, ReviewCounts, SampleCounts, ReviewPage,
} from './types';
export { reviewGuidelines, type TaskGuidelines } from './guidelines';
