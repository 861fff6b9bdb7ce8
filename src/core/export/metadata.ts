import { checkUniqueIds, ProblemList } from './checks';
import { ExportSample, type ExportProblem } from './types';

/**
 * The full record of every exported attempt — cycle, stage, model, the verifier's
 * evidence, the review decision, the hint prompt — one JSON line each. It is the
 * same shape `vstar export --input` reads, so it can be re-exported to any trainer.
 */
export function checkMetadata(data: unknown): ExportProblem[] {
  const out = new ProblemList();
  if (!Array.isArray(data)) return [{ index: -1, message: 'metadata must be a list of JSON lines' }];
  const ids: (string | undefined)[] = [];
  data.forEach((r, i) => {
    const parsed = ExportSample.safeParse(r);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) out.add(i, undefined, `${issue.path.join('.') || '(record)'}: ${issue.message}`);
      ids.push(undefined);
    } else ids.push(parsed.data.id);
  });
  checkUniqueIds(out, ids);
  return out.problems;
}
