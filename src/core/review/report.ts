// The filter measured by people: from the review decisions on verified attempts, how often
// the filter keeps what a reviewer rejects and rejects what a reviewer accepts, per label
// type and per field, each rate with a 95% Wilson interval; the disagreements with their
// evidence; and for number and IoU checks what another threshold would have kept. Pure:
// the checks come in (see ReviewSession.reviewedChecks), the figures go out.

/** One verifier check of an attempt a reviewer decided on. */
export interface ReviewedCheck {
  attemptId: string;
  sampleId: string;
  stage: 'answer' | 'rationalize';
  field: string;
  /** The check's kind: the label type (`class`, `number`, `temporal_range`, `bbox`, …). */
  labelType: string;
  /** The filter kept this answer for this field (the check passed). */
  kept: boolean;
  /** The reviewer accepted the attempt (else rejected it). */
  accepted: boolean;
  expected?: unknown;
  extracted?: unknown;
  score?: number;
  threshold?: number;
  note?: string;
  /** Set by filters that grade their own confidence. */
  uncertain?: boolean;
  confidence?: number;
}

/** x of n, with its 95% Wilson score interval. */
export interface Rate {
  x: number;
  n: number;
  value: number;
  low: number;
  high: number;
}

export interface Tally {
  reviewed: number;
  accepted: number;
  rejected: number;
}

export interface GroupStats {
  /** Checks reviewed (an attempt with two fields counts in each field). */
  reviewed: number;
  /** Of the reviewed answers the filter kept: how the reviewers decided. */
  kept: Tally;
  /** Of the reviewed answers the filter rejected: how the reviewers decided. */
  rejected: Tally;
  /** Precision of what the filter kept: accepted / kept reviewed (null: none reviewed). */
  keptPrecision: Rate | null;
  /** Miss rate of what the filter rejected: accepted / rejected reviewed (null: none reviewed). */
  rejectedAccepted: Rate | null;
  /** The checks the filter marked uncertain, when it marks any. */
  uncertain?: Tally;
}

export interface FieldStats extends GroupStats {
  labelType: string;
}

export interface ThresholdOption {
  value: number;
  acceptedKept: number;
  rejectedKept: number;
}

/** What another threshold would have kept of the reviewed answers of one field. */
export interface ThresholdWhatIf {
  field: string;
  labelType: string;
  /** `relTol` for numbers (relative error allowed), `minIoU` for ranges and boxes. */
  param: 'relTol' | 'minIoU';
  current: number;
  acceptedTotal: number;
  rejectedTotal: number;
  options: ThresholdOption[];
  /** One sentence per other threshold: "relTol 0.1 → 0.15 keeps 12 of the 14 answers reviewers accepted and 1 they rejected". */
  lines: string[];
}

export interface Disagreement {
  attemptId: string;
  sampleId: string;
  stage: 'answer' | 'rationalize';
  field: string;
  labelType: string;
  /** `kept-rejected`: the filter kept it, a reviewer rejected it; `rejected-accepted`: the other way. */
  kind: 'kept-rejected' | 'rejected-accepted';
  expected?: unknown;
  extracted?: unknown;
  score?: number;
  note?: string;
}

export interface FilterReport {
  reviewed: number;
  overall: GroupStats;
  byLabelType: Record<string, GroupStats>;
  byField: Record<string, FieldStats>;
  byStage: Record<string, GroupStats>;
  disagreements: Disagreement[];
  thresholds: ThresholdWhatIf[];
}

const Z = 1.959963984540054;

/** x of n with its 95% Wilson score interval (better than the normal one near 0 and 1 and for small n). */
export function wilson(x: number, n: number): Rate {
  if (n <= 0) return { x, n, value: NaN, low: NaN, high: NaN };
  const p = x / n;
  const z2 = Z * Z;
  const d = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / d;
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / d;
  return { x, n, value: p, low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

export function groupStats(checks: readonly ReviewedCheck[]): GroupStats {
  const kept: Tally = { reviewed: 0, accepted: 0, rejected: 0 };
  const rejected: Tally = { reviewed: 0, accepted: 0, rejected: 0 };
  let uncertain: Tally | undefined;
  for (const c of checks) {
    const t = c.kept ? kept : rejected;
    t.reviewed++;
    if (c.accepted) t.accepted++;
    else t.rejected++;
    if (c.uncertain) {
      uncertain ??= { reviewed: 0, accepted: 0, rejected: 0 };
      uncertain.reviewed++;
      if (c.accepted) uncertain.accepted++;
      else uncertain.rejected++;
    }
  }
  return {
    reviewed: checks.length,
    kept,
    rejected,
    keptPrecision: kept.reviewed ? wilson(kept.accepted, kept.reviewed) : null,
    rejectedAccepted: rejected.reviewed ? wilson(rejected.accepted, rejected.reviewed) : null,
    ...(uncertain ? { uncertain } : {}),
  };
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function filterReport(checks: readonly ReviewedCheck[]): FilterReport {
  const byLabelType: Record<string, GroupStats> = {};
  for (const [t, cs] of groupBy(checks, (c) => c.labelType)) byLabelType[t] = groupStats(cs);
  const byField: Record<string, FieldStats> = {};
  const thresholds: ThresholdWhatIf[] = [];
  for (const [f, cs] of groupBy(checks, (c) => c.field)) {
    byField[f] = { labelType: cs[0]!.labelType, ...groupStats(cs) };
    const w = thresholdWhatIf(f, cs);
    if (w) thresholds.push(w);
  }
  const byStage: Record<string, GroupStats> = {};
  for (const [s, cs] of groupBy(checks, (c) => c.stage)) byStage[s] = groupStats(cs);
  const disagreements: Disagreement[] = checks
    .filter((c) => c.kept !== c.accepted)
    .map((c) => ({
      attemptId: c.attemptId,
      sampleId: c.sampleId,
      stage: c.stage,
      field: c.field,
      labelType: c.labelType,
      kind: c.kept ? ('kept-rejected' as const) : ('rejected-accepted' as const),
      ...(c.expected === undefined ? {} : { expected: c.expected }),
      ...(c.extracted === undefined ? {} : { extracted: c.extracted }),
      ...(c.score === undefined ? {} : { score: c.score }),
      ...(c.note === undefined ? {} : { note: c.note }),
    }))
    .sort((a, b) => (a.kind === b.kind ? (a.field < b.field ? -1 : a.field > b.field ? 1 : 0) : a.kind === 'kept-rejected' ? -1 : 1));
  return { reviewed: checks.length, overall: groupStats(checks), byLabelType, byField, byStage, disagreements, thresholds };
}

const DEFAULT_REL_TOL = 0.1;
const DEFAULT_MIN_IOU = 0.5;
const REL_TOLS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
const MIN_IOUS = [0.3, 0.4, 0.5, 0.6, 0.7];
const EPS = 1e-9;
const IOU_TYPES = new Set(['temporal_range', 'bbox']);

/** A threshold as people write it: 0.15, not 0.15000000000000002. */
const fmt = (v: number): string => String(Number(v.toPrecision(6)));

/** Relative error of a number check's answer (Infinity when no number was read). */
function relError(c: ReviewedCheck): number {
  if (typeof c.extracted !== 'number' || typeof c.expected !== 'number') return Infinity;
  const err = Math.abs(c.extracted - c.expected);
  if (c.expected === 0) return err === 0 ? 0 : Infinity;
  return err / Math.abs(c.expected);
}

/**
 * The relTol a number check was judged with, read back from its evidence: the verifier
 * scores `1 - error / tolerance`, so tolerance = error / (1 - score) where the answer was
 * off by something and not by the cap. undefined when the evidence cannot tell.
 */
function relTolOf(c: ReviewedCheck): number | undefined {
  if (typeof c.extracted !== 'number' || typeof c.expected !== 'number' || c.expected === 0) return undefined;
  const err = Math.abs(c.extracted - c.expected);
  if (typeof c.score !== 'number' || err === 0 || !(c.score < 1 && c.score > -1)) return undefined;
  return Number((err / (1 - c.score) / Math.abs(c.expected)).toPrecision(6));
}

/** The most common value of `xs` (the first seen among equals), or undefined. */
function mode(xs: ReadonlyArray<number | undefined>): number | undefined {
  const m = new Map<number, number>();
  for (const x of xs) if (x !== undefined) m.set(x, (m.get(x) ?? 0) + 1);
  let best: number | undefined;
  let count = 0;
  for (const [x, c] of m) if (c > count) [best, count] = [x, c];
  return best;
}

/** For a number or IoU field: what each of a few thresholds would have kept of the reviewed answers. */
export function thresholdWhatIf(field: string, checks: readonly ReviewedCheck[]): ThresholdWhatIf | undefined {
  const labelType = checks[0]?.labelType;
  if (labelType === undefined) return undefined;
  let param: 'relTol' | 'minIoU';
  let current: number;
  let keeps: (c: ReviewedCheck, t: number) => boolean;
  let grid: number[];
  if (labelType === 'number') {
    param = 'relTol';
    current = mode(checks.map(relTolOf)) ?? DEFAULT_REL_TOL;
    keeps = (c, t) => relError(c) <= t + EPS;
    grid = REL_TOLS;
  } else if (IOU_TYPES.has(labelType)) {
    param = 'minIoU';
    current = mode(checks.map((c) => (typeof c.threshold === 'number' && c.threshold > 0 ? c.threshold : undefined))) ?? DEFAULT_MIN_IOU;
    keeps = (c, t) => c.extracted !== null && c.extracted !== undefined && typeof c.score === 'number' && c.score >= t - EPS;
    grid = MIN_IOUS;
  } else {
    return undefined;
  }
  const accepted = checks.filter((c) => c.accepted);
  const rejected = checks.filter((c) => !c.accepted);
  const values = [...new Set([...grid, current])].sort((a, b) => a - b);
  const options = values.map((value) => ({
    value,
    acceptedKept: accepted.filter((c) => keeps(c, value)).length,
    rejectedKept: rejected.filter((c) => keeps(c, value)).length,
  }));
  const now = options.find((o) => o.value === current)!;
  const lines = options
    .filter((o) => o !== now)
    .map((o) => `${param} ${fmt(current)} → ${fmt(o.value)} keeps ${o.acceptedKept} of the ${accepted.length} answers reviewers accepted and ${o.rejectedKept} of the ${rejected.length} they rejected (now ${now.acceptedKept} and ${now.rejectedKept})`);
  return { field, labelType, param, current, acceptedTotal: accepted.length, rejectedTotal: rejected.length, options, lines };
}
