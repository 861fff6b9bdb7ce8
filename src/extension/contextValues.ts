// Every `contextValue` a tree item can carry, in one place: the `viewItem == …` clauses in
// package.json menus must use these strings (test/unit/extension/contributions.test.ts
// checks it). No `vscode` import, so plain Node tests can read it.

export const ContextValue = {
  /** A dataset folder with a readable records.jsonl. */
  Dataset: 'dataset',
  /** A dataset folder whose records.jsonl is missing or unreadable. */
  DatasetUnreadable: 'datasetUnreadable',
  /** A job not yet over (pending, running, unknown): can be cancelled. */
  JobRunning: 'job.running',
  /** A completed, failed or cancelled job. */
  JobFinished: 'job.finished',
  /** A label field of a dataset, a value group of a field, and one clip (Datasets tree). */
  DatasetField: 'dataset.field',
  DatasetValue: 'dataset.value',
  Clip: 'clip',
  /** A "Show more…" row that loads the next page of a long list. */
  ShowMore: 'showMore',
  /** A cycle with a readable state.json, and one whose state cannot be read. */
  Cycle: 'cycle',
  CycleUnreadable: 'cycle.unreadable',
  /** The stages of a cycle (Cycles tree); each has its own run action. */
  StageGenerate: 'stage.generate',
  StageVerify: 'stage.verify',
  StageRationalize: 'stage.rationalize',
  StageReview: 'stage.review',
  /** The review stage while the loop waits at the review gate: Continue passes it. */
  StageReviewWaiting: 'stage.review.waiting',
  StageExport: 'stage.export',
  StageFinetune: 'stage.finetune',
  StageEvaluate: 'stage.evaluate',
  /** A group of a stage's attempts (passed, failed, unreviewed…), one attempt, an export file. */
  AttemptGroup: 'attempt.group',
  Attempt: 'attempt',
  ExportFile: 'export.file',
} as const;
export type ContextValue = (typeof ContextValue)[keyof typeof ContextValue];

export const CONTEXT_VALUES: readonly string[] = Object.values(ContextValue);
