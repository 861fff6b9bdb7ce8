/**
 * The cycle store: `<workdir>/cycles/<N>/` holds `state.json` (rewritten atomically),
 * the append-only logs `attempts.jsonl`, `verdicts.jsonl`, `reviews.jsonl`, and
 * `exports/`. Appends are fsync'd, safe across processes, and a torn last line is
 * ignored by readers and cut by the next writer. See store.ts and append-log.ts.
 */
export {
  STAGES,
  Stage,
  AttemptRecord,
  VerdictCheck,
  VerdictRecord,
  REVIEW_DECISIONS,
  ReviewDecision,
  ReviewRecord,
  STAGE_STATUSES,
  StageState,
  CycleState,
  attemptId,
  serializeAttempt,
  serializeVerdict,
  serializeReview,
} from './records';
export { CycleStore, CYCLE_FILES, type AttemptInput, type VerdictInput, type ReviewInput, type CycleStatus } from './store';
export { createCycle, listCycles, openCycle, cycleNumbers, cyclesDir, cycleDir, type NewCycleOptions, type CycleEntry } from './workdir';
export { AttemptIndex, type LogProblem } from './attempt-index';
export { AppendLog, repairTail, type AppendLogOptions } from './append-log';
export { FileLock, type LockOptions } from './lock';
export { readLines, scanLinesSync, type Line } from './lines';
export { computeCounts, readReviews, decisionOf, type CycleCounts, type ReviewTable } from './status';
export { VerdictTable, readVerdicts } from './verdict-table';
