/**
 * An input problem that names where it is: the file, the 1-based line (or row) and the
 * field. Importers collect these and keep going; commands print them and exit 1.
 */
export interface InputProblem {
  file: string;
  /** 1-based line or row number; absent when the problem is about the whole file. */
  line?: number;
  /** Dotted path of the field, e.g. `labels.direction`. */
  field?: string;
  message: string;
}

export function formatProblem(p: InputProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return p.field ? `${where}: ${p.field}: ${p.message}` : `${where}: ${p.message}`;
}

export class InputError extends Error {
  constructor(readonly problem: InputProblem) {
    super(formatProblem(problem));
    this.name = 'InputError';
  }
}

/** A mistake in how a command was called (exit code 2 in the CLI). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
