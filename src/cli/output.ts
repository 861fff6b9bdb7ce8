import type { Command } from 'commander';
import { formatProblem, type InputProblem } from '../core/util/errors';

/** How a command talks back: human text on a terminal, or one JSON document with `--json`. */
export interface Output {
  readonly json: boolean;
  /** A line for people (suppressed with --json). */
  info(line: string): void;
  /** The command's machine-readable result (printed only with --json). */
  result(value: unknown): void;
  /** A problem with the input; always on stderr. */
  problem(p: InputProblem): void;
  error(message: string): void;
}

export function makeOutput(json: boolean): Output {
  return {
    json,
    info: (line) => {
      if (!json) process.stdout.write(line + '\n');
    },
    result: (value) => {
      if (json) process.stdout.write(JSON.stringify(value, null, 2) + '\n');
    },
    problem: (p) => process.stderr.write(formatProblem(p) + '\n'),
    error: (message) => process.stderr.write(`error: ${message}\n`),
  };
}

/** Renders a simple aligned table for terminal output. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths: number[] = [];
  for (const r of cells) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

/** The output for a command action, honouring the global --json. */
export function outputFor(cmd: Command): Output {
  return makeOutput(Boolean(cmd.optsWithGlobals().json));
}
