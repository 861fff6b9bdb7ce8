import { readLines } from '../cycles/lines';
import type { InputProblem } from '../util/errors';
import { ExportInputError, ExportSample } from './types';

const MAX_PROBLEMS = 1000;

/**
 * Streams a JSONL file of {@link ExportSample} records (the `metadata` export, or what
 * the cycle store writes). Every bad line becomes a problem naming file, line and field
 * (pushed to `problems`, the first 1000) while good lines are yielded; blank lines are
 * skipped. At the end, if any line was bad, it throws ExportInputError: a training set
 * silently missing records is worse than no export.
 */
export async function* streamExportSamples(file: string, problems: InputProblem[] = []): AsyncGenerator<ExportSample> {
  let count = 0;
  const problem = (p: InputProblem): void => {
    count++;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  let line = 0;
  for await (const { text } of readLines(file, 0, 1 << 20, { tail: true })) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      // A torn last line is what a crash mid-append leaves; it is still reported.
      problem({ file, line, message: `not valid JSON: ${(err as Error).message}` });
      continue;
    }
    const parsed = ExportSample.safeParse(value);
    if (parsed.success) yield parsed.data;
    else for (const issue of parsed.error.issues) problem({ file, line, field: issue.path.join('.') || undefined, message: issue.message });
  }
  if (count > 0) throw new ExportInputError(file, problems, count);
}

/** {@link streamExportSamples} gathered in memory, problems returned instead of thrown. */
export async function readExportSamples(file: string): Promise<{ samples: ExportSample[]; problems: InputProblem[] }> {
  const samples: ExportSample[] = [];
  const problems: InputProblem[] = [];
  try {
    for await (const s of streamExportSamples(file, problems)) samples.push(s);
  } catch (err) {
    if (!(err instanceof ExportInputError)) throw err;
  }
  return { samples, problems };
}
