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
}

export interface ReviewPage {
  /** Attempts matching the filter. */
  total: number;
  offset: number;
  items: AttemptSummary[];
}
