/**
 * One line of `vstar verify` input: `{id, question, answer, labels}` (other fields are
 * ignored), read and verified without throwing; a bad line becomes a located problem.
 */
import { z } from 'zod';
import type { InputProblem } from '../util/errors';
import { formatProblem } from '../util/errors';
import { VerifyLabel, type Check } from './labels';
import { verifyAll } from './verify';

export const VerifyRecord = z.object({
  id: z.union([z.string(), z.number()]),
  question: z.string().optional(),
  answer: z.string(),
  labels: z.array(VerifyLabel).min(1, 'at least one label is needed'),
});
export type VerifyRecord = z.infer<typeof VerifyRecord>;

export type VerifyOutput =
  | { id: string | number; pass: boolean; checks: Check[]; confidence?: number; uncertain?: boolean }
  | { id: string | number | null; error: string };

/** `labels.1.value` → `labels[1].value` */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(line)';
}

/** Verifies one already-decoded line; `line` is 1-based. Never throws on bad input. */
export function verifyLine(text: string, file: string, line: number): { out: VerifyOutput; problem?: InputProblem } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const problem = { file, line, field: '(line)', message: `invalid JSON: ${(err as Error).message}` };
    return { out: { id: null, error: formatProblem(problem) }, problem };
  }
  const id = raw && typeof raw === 'object' && 'id' in raw && (typeof raw.id === 'string' || typeof raw.id === 'number') ? raw.id : null;
  const parsed = VerifyRecord.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const problem = { file, line, field: fieldPath(issue?.path ?? []), message: issue?.message ?? 'invalid record' };
    return { out: { id, error: formatProblem(problem) }, problem };
  }
  const { pass, checks, confidence, uncertain } = verifyAll(parsed.data.answer, parsed.data.labels, parsed.data.question);
  return { out: confidence === undefined ? { id: parsed.data.id, pass, checks } : { id: parsed.data.id, pass, checks, confidence, uncertain } };
}
