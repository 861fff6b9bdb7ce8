// Where Run Demo puts the demo and how it starts the CLI (no vscode: unit-tested).
import { join } from 'node:path';
import { canHoldDemo } from '../../core/demo/marker';

/** The folder the demo goes into: the workspace folder itself when empty or an earlier demo's. */
export function demoFolder(root: string): string {
  return canHoldDemo(root) ? root : join(root, 'vstar-demo');
}

/** argv for the configured CLI: a .js file runs under node, anything else is the executable. */
export function cliCommand(cliPath: string, args: readonly string[]): [string, string[]] {
  return /\.[cm]?js$/.test(cliPath) ? ['node', [cliPath, ...args]] : [cliPath, [...args]];
}

