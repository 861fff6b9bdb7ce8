import { promises as fs } from 'node:fs';
import type { InputProblem } from '../util/errors';
import { ExportSample } from './types';

/**
 * Reads a JSONL file of {@link ExportSample} records (the `metadata` export, or
 * what the cycle store writes). Every bad line becomes a problem naming file, line
 * and field; good lines are kept. Blank lines are skipped.
 */
export async function readExportSamples(file: string): Promise<{ samples: ExportSample[]; problems: InputProblem[] }> {
  const text = await fs.readFile(file, 'utf8');
  const samples: ExportSample[] = [];
  const problems: InputProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      // A torn last line is what a crash mid-append leaves; it is still reported.
      problems.push({ file, line: i + 1, message: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    const parsed = ExportSample.safeParse(value);
    if (parsed.success) samples.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        problems.push({ file, line: i + 1, field: issue.path.join('.') || undefined, message: issue.message });
      }
    }
  });
  return { samples, problems };
}
