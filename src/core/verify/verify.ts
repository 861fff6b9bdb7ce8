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

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { verifyBBox } = bboxModule;
const { verifyClass } = classModule;
const { verifyNumber } = numberModule;
const { verifySequence } = sequenceModule;
const { textUnconfigured } = textModule;
const { verifyTemporalRange } = temporalModule;
const { verifyYesNo } = yesnoModule;

/**
 * Checks one answer against one (already validated) label. `question`, when known, lets a
 * yes/no answer that states an outcome be read against what was asked.
 */
export function verifyLabel(answer: string, label: VerifyLabel, question?: string): Check {
  switch (label.type) {
    case 'class':
      return verifyClass(answer, label);
    case 'number':
      return verifyNumber(answer, label);
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
}

/** Checks one answer against all labels of its record; all must hold. */
export function verifyAll(answer: string, labels: readonly VerifyLabel[], question?: string): Verdict {
  const checks = labels.map((l) => verifyLabel(answer, l, question));
  return { pass: checks.length > 0 && checks.every((c) => c.pass), checks };
}
