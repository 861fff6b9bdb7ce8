// Where Run Demo puts the demo and how it starts the CLI (no vscode: unit-tested).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const DEMO_MARKER = 'demo.json';

/** The folder the demo goes into: the workspace folder itself when empty or an earlier demo's. */
export function demoFolder(root: string): string {
  const names = existsSync(root) ? readdirSync(root).filter((n) => !n.startsWith('.')) : [];
  return names.length === 0 || names.includes(DEMO_MARKER) ? root : join(root, 'vstar-demo');
}

/** argv for the configured CLI: a .js file runs under node, anything else is the executable. */
export function cliCommand(cliPath: string, args: readonly string[]): [string, string[]] {
  return /\.[cm]?js$/.test(cliPath) ? ['node', [cliPath, ...args]] : [cliPath, [...args]];
}

