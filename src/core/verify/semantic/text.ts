/**
 * The `text` label: the answer passes when its conclusion says the same thing as the label,
 * judged by sentence-embedding cosine similarity. Without a configured matcher the check
 * fails with a reason that says so — a free-text label is never passed by default.
 */
import { conclusion, docOf, isQuestion } from '../doc';
import type { Check, Span, TextLabel } from '../labels';
import { DEFAULT_MIN_SIMILARITY, type SemanticMatcher } from './matcher';

export const NOT_CONFIGURED =
  'semantic matcher not configured: text labels need a sentence-embedding model (vstar verify --semantic-model DIR, or verifier.semantic.model in vstar.yaml)';

/** The failing check given for a text label when no matcher is configured. */
export function textUnconfigured(label: TextLabel): Check {
  return {
    type: 'text',
    pass: false,
    extracted: null,
    span: null,
    score: 0,
    threshold: label.minSimilarity ?? DEFAULT_MIN_SIMILARITY,
    reason: NOT_CONFIGURED,
  };
}

export interface Candidate {
  text: string;
  span: Span;
}

/**
 * What is compared with the label: the conclusion when the answer has one (the rest is
 * reasoning, which may weigh alternatives), else every sentence that is not a question.
 */
export function textCandidates(answer: string): Candidate[] {
  const doc = docOf(answer);
  const c = conclusion(doc);
  if (c) return [{ text: answer.slice(c.start, c.end), span: [c.start, c.end] }];
  const out: Candidate[] = [];
  for (let i = 0; i < doc.sentStart.length; i++) {
    const s = doc.sentStart[i] ?? 0;
    const e = doc.sentEnd[i] ?? 0;
    if (!/[a-z0-9]/.test(doc.lower.slice(s, e)) || isQuestion(doc, i)) continue;
    out.push({ text: answer.slice(s, e), span: [s, e] });
  }
  return out;
}

// Embeddings barely see "not" or "might": a negated or hedged statement must not pass on
// similarity alone. A label that is itself negated ("no rain") needs a negated statement.
const NEGATION = /\b(?:not|no|never|none|nothing|neither|nor|without|cannot)\b|n't\b/i;
const HEDGE = /\b(?:could|might|may|possibly|perhaps|maybe|either|whether)\b/i;

/** Scores the answer against a text label with the matcher; the best candidate decides. */
export async function verifyText(answer: string, label: TextLabel, matcher: SemanticMatcher): Promise<Check> {
  const threshold = label.minSimilarity ?? matcher.threshold;
  const candidates = textCandidates(answer);
  if (candidates.length === 0) {
    return { type: 'text', pass: false, extracted: null, span: null, score: 0, threshold, reason: 'no statement in the answer to compare' };
  }
  const scores = await matcher.similarities(label.value, candidates.map((c) => c.text));
  let best = 0;
  for (let i = 1; i < scores.length; i++) if ((scores[i] ?? -2) > (scores[best] ?? -2)) best = i;
  const cand = candidates[best] as Candidate;
  const score = Math.round((scores[best] ?? 0) * 1e4) / 1e4;
  const negationDiffers = NEGATION.test(cand.text) !== NEGATION.test(label.value);
  const hedged = HEDGE.test(cand.text) && !HEDGE.test(label.value);
  const pass = score >= threshold && !negationDiffers && !hedged;
  const reason =
    score < threshold
      ? `similarity ${score} to "${label.value}" is below ${threshold} (${matcher.model})`
      : pass
        ? `similarity ${score} to "${label.value}" (${matcher.model})`
        : `similar (${score}) but the statement is ${negationDiffers ? 'negated' : 'hedged'}`;
  return { type: 'text', pass, extracted: cand.text.trim(), span: cand.span, score, threshold, reason };
}
