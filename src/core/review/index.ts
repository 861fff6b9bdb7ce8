/**
 * The review of a cycle's attempts, without VS Code: filtered pages over the attempt
 * index, counts, one attempt with its verdict evidence and clip, and decisions appended
 * to reviews.jsonl (with undo). The review panel and side view are thin hosts over it.
 */
export { ReviewSession } from './session';
export { SampleLookup, splitSampleId, labelText, readClipRoots, type SampleInfo } from './samples';
export type { Decision, ReviewFilter, AttemptSummary, AttemptDetail, EvidenceRow, ReviewCounts, ReviewPage } from './types';
