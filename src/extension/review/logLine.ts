// Which attempt a line of a cycle's log is about. No `vscode` import: plain Node tests load it.
import * as path from 'node:path';

/** Where to review: a project's workdir and a cycle number. */
export interface LogTarget {
  workdir: string;
  cycle: number;
}

/** A cycle's log file: `<workdir>/cycles/<N>/(attempts|verdicts|reviews).jsonl`. */
export const CYCLE_LOG = /[\\/]cycles[\\/]([1-9]\d*)[\\/](attempts|verdicts|reviews)\.jsonl$/;

/** The cycle and attempt id of a log line, or undefined when it is not one. */
export function attemptOfLine(file: string, line: string): { target: LogTarget; id: string } | undefined {
  const m = CYCLE_LOG.exec(file);
  if (!m) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const o = v as { id?: unknown; attemptId?: unknown };
  const id = m[2] === 'attempts' ? o.id : o.attemptId;
  if (typeof id !== 'string' || id === '') return undefined;
  return { target: { workdir: path.resolve(path.dirname(file), '..', '..'), cycle: Number(m[1]) }, id };
}

