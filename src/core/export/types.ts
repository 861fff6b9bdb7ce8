import { z } from 'zod';
import type { InputProblem } from '../util/errors';

/**
 * One attempt offered for export: the bare question, the rationale the model wrote,
 * where it came from and why it was kept. The cycle store produces these; the CLI
 * also reads them from a JSONL file (the `metadata` export writes the same shape, so
 * an export can be re-exported in another format).
 */
export const ExportSample = z.object({
  /** The attempt id (unique within an export). */
  id: z.string().min(1),
  /** The dataset sample the attempt answered. */
  sampleId: z.string().min(1),
  /** The clip path as the trainer should see it (absolute, or relative to its video folder). */
  video: z.string().min(1),
  /** The bare question: never the hint prompt. */
  question: z.string().min(1),
  /** The rationale text: the training target. */
  answer: z.string().min(1),
  stage: z.enum(['answer', 'rationalize']),
  cycle: z.number().int().nonnegative(),
  model: z.string().min(1),
  verdict: z.object({
    pass: z.boolean(),
    /** The verifier's evidence, one entry per check (shape owned by the verifier). */
    checks: z.array(z.unknown()).default([]),
  }),
  /** The last review decision; absent or null when nobody reviewed it. */
  review: z.enum(['accept', 'reject']).nullable().optional(),
  /** The prompt used for rationalization; lets the leak guard know the hint. */
  hintPrompt: z.string().optional(),
});
export type ExportSample = z.infer<typeof ExportSample>;

export const EXPORT_FORMATS = ['llava', 'llama-factory', 'ms-swift', 'metadata'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One problem a trainer would trip over, found by `checkExport` before writing. */
export interface ExportProblem {
  /** 0-based index of the record in the exported list. */
  index: number;
  /** The record's id where the format has one. */
  id?: string;
  message: string;
}

/** An export refused before anything was written; `problems` lists each one. */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly problems: readonly ExportProblem[] = [],
  ) {
    super(problems.length ? `${message}\n${problems.map(formatExportProblem).join('\n')}` : message);
    this.name = 'ExportError';
  }
}

export function formatExportProblem(p: ExportProblem): string {
  return `  record ${p.index}${p.id ? ` (${p.id})` : ''}: ${p.message}`;
}

/**
 * The input of an export had problems (bad lines, attempts without a dataset record…):
 * thrown by a sample source after it has read everything, so a writer consuming it
 * discards what it wrote. `problems` holds the first 1000 of `count`.
 */
export class ExportInputError extends Error {
  constructor(
    /** What was read: a file, or "cycle N". */
    readonly where: string,
    readonly problems: readonly InputProblem[],
    readonly count = problems.length,
  ) {
    super(`${count} problem(s) in ${where}; nothing exported`);
    this.name = 'ExportInputError';
  }
}
