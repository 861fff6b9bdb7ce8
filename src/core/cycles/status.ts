import { readLines, parseLine } from './lines';
import { ReviewRecord, type ReviewDecision } from './records';
import type { AttemptIndex, LogProblem } from './attempt-index';
import type { VerdictTable } from './verdict-table';

export interface ReviewTable {
  /** attemptId → its last review; a `clear` decision is kept (it means unreviewed). */
  last: Map<string, ReviewRecord>;
  problems: LogProblem[];
  problemCount: number;
}

/** Reads `reviews.jsonl`; the last line for an attempt wins. */
export async function readReviews(path: string): Promise<ReviewTable> {
  const table: ReviewTable = { last: new Map(), problems: [], problemCount: 0 };
  let line = 0;
  for await (const l of readLines(path)) {
    line++;
    if (l.text.trim() === '') continue;
    const r = ReviewRecord.safeParse(parseLine(l.text));
    if (!r.success) {
      table.problemCount++;
      if (table.problems.length < 100) table.problems.push({ line, message: `not a review record: ${r.error.issues[0]?.message ?? ''}` });
      continue;
    }
    table.last.set(r.data.attemptId, r.data);
  }
  return table;
}

export function decisionOf(reviews: ReviewTable, attemptId: string): ReviewDecision | undefined {
  const d = reviews.last.get(attemptId)?.decision;
  return d === 'clear' ? undefined : d;
}

export interface CycleCounts {
  attempts: { total: number; answer: number; rationalize: number };
  verdicts: { verified: number; passed: number; failed: number; orphans: number };
  /** Per sample: the outcome of its best attempt. */
  samples: { total: number; passedDirect: number; passedAfterRationalization: number; failed: number; unverified: number };
  /** accepted/rejected: attempts whose last decision says so; unreviewed: passed attempts with neither. */
  reviews: { accepted: number; rejected: number; unreviewed: number };
  /** Lines skipped as unreadable, per log, and attempts left out as duplicates. */
  problems: { attempts: number; verdicts: number; reviews: number; duplicates: number };
}

export function computeCounts(index: AttemptIndex, verdicts: VerdictTable, reviews: ReviewTable): CycleCounts {
  const c: CycleCounts = {
    attempts: { total: index.size, answer: 0, rationalize: 0 },
    verdicts: { verified: 0, passed: 0, failed: 0, orphans: verdicts.orphans },
    samples: { total: index.samples, passedDirect: 0, passedAfterRationalization: 0, failed: 0, unverified: 0 },
    reviews: { accepted: 0, rejected: 0, unreviewed: 0 },
    problems: { attempts: index.problemCount, verdicts: verdicts.problemCount, reviews: reviews.problemCount, duplicates: index.duplicates },
  };
  const pass = (i: number): number => verdicts.passAt(i);
  for (let i = 0; i < index.size; i++) {
    if (index.stageAt(i) === 'answer') c.attempts.answer++;
    else c.attempts.rationalize++;
    const p = pass(i);
    if (p === -1) continue;
    c.verdicts.verified++;
    if (p === 1) c.verdicts.passed++;
    else c.verdicts.failed++;
  }
  for (let k = 0; k < index.samples; k++) {
    let direct = false;
    let rationalized = false;
    let verified = false;
    for (const i of index.attemptsOfSample(k)) {
      const p = pass(i);
      if (p !== -1) verified = true;
      if (p === 1 && index.stageAt(i) === 'answer') direct = true;
      if (p === 1 && index.stageAt(i) === 'rationalize') rationalized = true;
    }
    if (direct) c.samples.passedDirect++;
    else if (rationalized) c.samples.passedAfterRationalization++;
    else if (verified) c.samples.failed++;
    else c.samples.unverified++;
  }
  let reviewedPassing = 0;
  for (const [id, r] of reviews.last) {
    if (r.decision === 'clear') continue;
    if (r.decision === 'accept') c.reviews.accepted++;
    else c.reviews.rejected++;
    const i = index.lookup(id);
    if (i !== -1 && pass(i) === 1) reviewedPassing++;
  }
  c.reviews.unreviewed = c.verdicts.passed - reviewedPassing;
  return c;
}
