/**
 * Verification with an optional semantic matcher: the rule verifiers as usual, and text
 * labels scored by the matcher when one is given (else they fail as "not configured").
 */
import { InputError } from '../../util/errors';
import type { Check, VerifyLabel } from '../labels';
import type { VerifyOutput } from '../record';
import { verifyLine } from '../record';
import { sureness, verifyLabel, type Verdict } from '../verify';
import type { SemanticMatcher } from './matcher';
import { OnnxSemanticMatcher } from './onnxMatcher';
import { verifyText } from './text';

/** Like verifyAll, with text labels scored by `matcher` when given. */
export async function verifyAllSemantic(answer: string, labels: readonly VerifyLabel[], matcher?: SemanticMatcher, question?: string): Promise<Verdict> {
  const checks: Check[] = [];
  for (const l of labels) checks.push(l.type === 'text' && matcher ? await verifyText(answer, l, matcher) : verifyLabel(answer, l, question));
  const pass = checks.length > 0 && checks.every((c) => c.pass);
  const s = sureness(pass, checks);
  return s.confidence === undefined ? { pass, checks } : { pass, checks, ...s };
}

/**
 * Like verifyLine, with text labels scored by `matcher`. The rule checks come from
 * verifyLine; only records that have a text label are parsed again and re-scored.
 */
export async function verifyLineSemantic(
  text: string,
  file: string,
  line: number,
  matcher?: SemanticMatcher,
): Promise<ReturnType<typeof verifyLine>> {
  const res = verifyLine(text, file, line);
  if (!matcher || res.problem || !('checks' in res.out) || !res.out.checks.some((c) => c.type === 'text')) return res;
  const labels = (JSON.parse(text) as { labels: VerifyLabel[] }).labels;
  const answer = (JSON.parse(text) as { answer: string }).answer;
  const checks = [...res.out.checks];
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l?.type === 'text') checks[i] = await verifyText(answer, { ...l, value: l.value.trim() }, matcher);
  }
  const pass = checks.length > 0 && checks.every((c) => c.pass);
  const s = sureness(pass, checks);
  const out: VerifyOutput = s.confidence === undefined ? { id: res.out.id, pass, checks } : { id: res.out.id, pass, checks, ...s };
  return { out };
}

/** Loads the matcher for `vstar verify --semantic-model DIR`; a bad folder is an input error. */
export async function loadSemanticMatcher(dir: string, threshold?: number): Promise<SemanticMatcher> {
  try {
    return await OnnxSemanticMatcher.load(dir, threshold);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError({ file: dir, message: (err as Error).message });
  }
}
