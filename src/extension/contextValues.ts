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
} as const;
export type ContextValue = (typeof ContextValue)[keyof typeof ContextValue];

export const CONTEXT_VALUES: readonly string[] = Object.values(ContextValue);
