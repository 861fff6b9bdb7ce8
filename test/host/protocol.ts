// What the extension-host suite writes for its runner (one JSON file per window), shared by
// both sides: test/host/index.ts in the extension host, test/host/results.ts in the runner.

/** The three windows the suite runs in (test/host/workspaces.ts). */
export type Scenario = 'project' | 'empty' | 'untrusted';
export const SCENARIOS: readonly Scenario[] = ['project', 'empty', 'untrusted'];

export interface HostResults {
  scenario: Scenario;
  /** Tests defined (Mocha's runner.total): a run that stopped early passes fewer. */
  total: number;
  passed: { title: string; ms: number }[];
  /** Failed tests and hooks (a failed `before` hook skips the tests under it). */
  failed: { title: string; error: string }[];
  pending: string[];
  ms: number;
  /** VS Code's version in that extension host. */
  vscode: string;
}
