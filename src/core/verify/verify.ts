/**
 * One entry point per record: pick the verifier by label type; a record passes only when
 * every one of its labels holds.
 */
import * as bboxModule from './bbox';
import * as classModule from './class';
import type { Check, VerifyLabel } from './labels';
import * as numberModule from './number';
import * as sequenceModule from './sequence';
import * as textModule from './semantic/text';
import * as temporalModule from './temporal';
import * as yesnoModule from './yesno';
import * as rewordModule from './reword';
import * as stepsModule from './steps';

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { verifyBBox } = bboxModule;
const { verifyClass } = classModule;
const { verifyNumber } = numberModule;
const { verifySequence } = sequenceModule;
const { textUnconfigured } = textModule;
const { verifyTemporalRange } = temporalModule;
const { verifyYesNo } = yesnoModule;
const { askedBox, reword } = rewordModule;
const { codesSaidWhole, stepsInAnswerWords } = stepsModule;

/**
 * Checks one answer against one (already validated) label. `question`, when known, lets a
 * yes/no answer that states an outcome be read against what was asked.
 */
export function verifyLabel(answer: string, label: VerifyLabel, question?: string): Check {
  // Boxes of several objects: the asked one's counts (a pass on another object's box is no pass).
  const text = label.type === 'bbox' && question ? askedBox(answer, question) : answer;
  const first = ruleCheck(text, label, question);
  if (first.pass) return first;
  if (label.type === 'sequence') {
    // The steps in the answer's own words (synonyms, FineDiving codes spelt out); only when
    // some step was not found at all (steps all found in the wrong order stay wrong).
    if (!first.reason.includes('not found')) return first;
    const steps = stepsInAnswerWords(answer, label.value);
    if (steps === null) return first;
    const second = verifySequence(answer, { ...label, value: steps });
    return second.pass && codesSaidWhole(answer, label.value, steps) ? { ...second, extracted: label.value, reason: `${second.reason} (steps read as: ${steps.join('; ')})`, confidence: 0.8 } : first;
  }
  if (label.type !== 'number' && label.type !== 'temporal_range' && label.type !== 'bbox') return first;
  const again = reword(text, label, question);
  if (again === null) return first;
  const second = ruleCheck(again, label, question);
  return second.pass ? { ...second, reason: `${second.reason} (read from words: ${describe(answer, second.span)})`, confidence: 0.8 } : first;
}

function describe(answer: string, span: Check['span']): string {
  const s = Array.isArray(span) && typeof span[0] === 'number' ? (span as [number, number]) : null;
  return s ? `"${answer.slice(s[0], s[1]).trim()}"` : 'reworded';
}

function ruleCheck(answer: string, label: VerifyLabel, question?: string): Check {
  switch (label.type) {
    case 'class':
      return verifyClass(answer, label);
    case 'number':
      return verifyNumber(answer, label, question);
    case 'temporal_range':
      return verifyTemporalRange(answer, label);
    case 'bbox':
      return verifyBBox(answer, label);
    case 'sequence':
      return verifySequence(answer, label);
    case 'yes_no':
      return verifyYesNo(answer, label, question);
    case 'text':
      // Needs a model and is async: verifyAllSemantic (semantic/verify.ts) scores these.
      return textUnconfigured(label);
  }
}

export interface Verdict {
  /** True when every label's check passed (and there was at least one). */
  pass: boolean;
  checks: Check[];
  /** The least sure check decides how sure the verdict is; set only when below 1. */
  confidence?: number;
  /** `pass` is a guess (confidence below UNSURE_BELOW): a person should look before it is kept. */
  uncertain?: boolean;
}

/** Below this confidence a verdict is `uncertain`. */
export const UNSURE_BELOW = 0.7;

/** Confidence and the uncertain flag of a verdict over `checks` (the checks that decided it). */
export function sureness(pass: boolean, checks: readonly Check[]): { confidence?: number; uncertain?: boolean } {
  let c = 1;
  // A fail is as sure as its surest failing check; a pass as its least sure check.
  if (pass) for (const k of checks) c = Math.min(c, k.confidence ?? 1);
  else {
    c = 0;
    for (const k of checks) if (!k.pass) c = Math.max(c, k.confidence ?? 1);
  }
  return c >= 1 ? {} : { confidence: c, uncertain: c < UNSURE_BELOW };
}

/** Checks one answer against all labels of its record; all must hold. */
export function verifyAll(answer: string, labels: readonly VerifyLabel[], question?: string): Verdict {
  const checks = labels.map((l) => verifyLabel(answer, l, question));
  const pass = checks.length > 0 && checks.every((c) => c.pass);
  const s = sureness(pass, checks);
  return s.confidence === undefined ? { pass, checks } : { pass, checks, ...s };
}
