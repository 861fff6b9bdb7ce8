/**
 * The review query's data shapes. Plain JSON (no class instances), because the same
 * objects travel to the review webview through src/shared/reviewProtocol.ts.
 */

/** A reviewer's decision; `clear` takes a decision back (the attempt is unreviewed again). */
export type Decision = 'accept' | 'reject' | 'clear';

/** Which attempts a list shows; every given condition must hold (AND). */
export interface ReviewFilter {
  /** `failed` = the latest verdict failed; `unverified` = no verdict yet. */
  verdict?: 'passed' | 'failed' | 'unverified';
  /** `rationalize` = answers produced with the label as a hint. */
  stage?: 'answer' | 'rationalize';
  /** `unreviewed` = no accept/reject in force (never decided, or cleared). */
  review?: 'unreviewed' | 'accepted' | 'rejected';
  /** A label value of the attempt's sample, as text (`"pole vaulting"`, `"7.5"`, `"true"`). */
  label?: string;
  /** Only the attempts of the cycle's audit (audit.json), in the audit's order. */
  audit?: boolean;
  /**
   * The list's order: the log's (default); `label` by label value; `sample` each sample's
   * attempts together (a rationalized answer right after the direct one it replaced);
   * `stage` direct answers first; `confidence` least confident verdicts first.
   */
  sort?: ReviewSort;
}

export type ReviewSort = 'label' | 'sample' | 'stage' | 'confidence';
export type ReviewGroupBy = 'label' | 'stage' | 'verdict' | 'labelType';

/** One group of the list (a label value, a stage, a verdict) with its counts. */
export interface ReviewGroup {
  value: string;
  attempts: number;
  samples: number;
}

/** An answer cut around its decisive span; `mark` is [start, end) into `text`. */
export interface RowSnippet {
  text: string;
  mark?: [number, number];
}

/** One row of the list: what the list shows without reading the verdict's evidence. */
export interface AttemptSummary {
  id: string;
  /** Position in the cycle's attempt log (stable: the log only grows). */
  index: number;
  sampleId: string;
  stage: 'answer' | 'rationalize';
  try: number;
  /** Latest verdict: true passed, false failed, null not verified yet. */
  pass: boolean | null;
  decision: 'accept' | 'reject' | null;
  question: string;
  /** The label the verdict compared against (short text), its field and type. */
  label?: string;
  field?: string;
  labelType?: string;
  /** The answer around the decisive span, the span marked. */
  snippet?: RowSnippet;
  /** The filter's own grading of its verdict, when it gives one. */
  uncertain?: boolean;
  confidence?: number;
  /** A rationalized attempt: the label hint its prompt gave. */
  hint?: string;
  /** A rationalized attempt: the id of the (failed) direct answer of the same sample it replaced. */
  replaces?: string;
}

/** One piece of verifier evidence, as shown next to the rationale. */
export interface EvidenceRow {
  field: string;
  pass: boolean;
  kind?: string;
  expected?: unknown;
  extracted?: unknown;
  score?: number;
  threshold?: number;
  note?: string;
  /** [start, end) character offsets into the output: the decisive span(s). */
  spans: Array<[number, number]>;
}

export interface AttemptDetail extends AttemptSummary {
  model: string;
  backend: string;
  output: string;
  verifier?: string;
  evidence: EvidenceRow[];
  /** The sample's labels from the dataset, when the dataset is readable. */
  labels?: Record<string, unknown>;
  /** The clip on disk (absolute) and its range, when the dataset names one inside its roots. */
  clip?: { path: string; start?: number; end?: number };
  /** A rationalized attempt: the direct answer it replaced, with its verdict and decisive spans. */
  direct?: { id: string; try: number; output: string; pass: boolean | null; spans: Array<[number, number]>; note?: string };
}

export interface ReviewCounts {
  /** Attempts in the cycle. */
  total: number;
  passed: number;
  failed: number;
  /** Attempts of the rationalize stage. */
  rationalized: number;
  accepted: number;
  rejected: number;
  /** Attempts with no accept/reject in force. */
  unreviewed: number;
  /** The same cycle counted by sample (a question about a clip), not by attempt. */
  samples: SampleCounts;
  /** The cycle's audit, when one was drawn: how many of its attempts are decided. */
  audit?: { total: number; reviewed: number };
}

export interface SampleCounts {
  total: number;
  /** A direct answer passed. */
  passedDirect: number;
  /** No direct answer passed, a rationalized one did. */
  passedRationalized: number;
  /** Verified, and no attempt passed. */
  failed: number;
  /** No attempt verified yet. */
  unverified: number;
}

export interface ReviewPage {
  /** Attempts matching the filter. */
  total: number;
  offset: number;
  items: AttemptSummary[];
}
