/**
 * Yes/no labels: the last explicit "Yes" / "No" the answer commits to (at a sentence
 * start, or after "the answer is", "therefore"); without one, the polarity of the
 * conclusion (or last sentence): "it does not" reads as no.
 */
import type { Doc } from './doc';
import * as docModule from './doc';
import type { Check, YesNoLabel } from './labels';
import * as sortModule from './sort';

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { conclusion, docOf, isQuestion, sentenceAt, sentenceText } = docModule;
const { sortSmall } = sortModule;

const AFTER_MARKER =
  /\b(?:answer(?:\s+to\s+(?:the|this)\s+question)?\s*\**\s*(?:is|would be|should be|will be|:)?|so|therefore|thus|hence|overall|conclusion\s*\**\s*:?|verdict\s*:?)\s*[*"'(:,]*\s*(yes|no)\b(?=[\s,.!;:*"')]|$)/g;
const AT_START = /^[\s*#>"'\-(]*(?:\d+[.)]\s*)?(?:(yes)\b|(no)(?=\s*[,.!;:—–-]|\s*$|\s+(?:it|the|he|she|they|there|this|that|i|we|he's|she's|it's|they're|because)\b))/;
const IMPLICIT_NEG = /\b(?:not|no|never|nobody|none|nothing|neither|nor|cannot|[a-z]+n't)\b(?!\s+(?:only|just|merely|doubt|question)\b)/;

interface Said {
  value: boolean;
  start: number;
  end: number;
}

function explicitOnes(doc: Doc): Said[] {
  const memo = doc.yesno as Said[] | undefined;
  if (memo) return memo;
  const found: Said[] = [];
  const lower = doc.lower;
  for (let i = 0; i < doc.sentStart.length; i++) {
    const s = doc.sentStart[i] ?? 0;
    const m = AT_START.exec(lower.slice(s, Math.min(s + 24, doc.sentEnd[i] ?? s)));
    if (!m) continue;
    const word = m[1] ?? m[2] ?? '';
    const at = s + m[0].length - word.length;
    if (!isQuestion(doc, i)) found.push({ value: word === 'yes', start: at, end: at + word.length });
  }
  AFTER_MARKER.lastIndex = 0;
  for (let m = AFTER_MARKER.exec(lower); m; m = AFTER_MARKER.exec(lower)) {
    const word = m[1] ?? '';
    const at = m.index + m[0].length - word.length;
    if (isQuestion(doc, sentenceAt(doc, at))) continue;
    if (!found.some((f) => f.start === at)) found.push({ value: word === 'yes', start: at, end: at + word.length });
  }
  sortSmall(found, bySaidStart);
  doc.yesno = found;
  return found;
}

/**
 * Outcomes that say the asked event did not come about, though no "not" is written: the
 * ball "bounces out", the man "stays on his feet", the glass "remains intact", she "only
 * pretends to". Read as no unless the question asks about that very outcome.
 */
const CONTRARY =
  /\b(?:bounc(?:es|ed) (?:out|off|away)|rims? out|stays? (?:on (?:his|her|their|its) feet|upright|whole|intact|closed|shut)|remains? (?:intact|whole|unbroken|upright|standing|closed)|(?:only )?pretends? to|as if to|misses|missed|fails? to|sails? over|lands? (?:on [a-z ]{0,20})?behind|(?:big|large|huge) splash)\b/;
const CONTRARY_KEY = /\b(?:out|off|away|feet|upright|whole|intact|unbroken|standing|pretend|miss|fail|over|behind|splash)/;
const Q_SKIP = new Set('is are was were does do did can could will would the a an at of in on to by it this that person man woman he she they there end video clip'.split(' '));
const Q_WORD = /[a-z]+/g;

/** The answer's last clause states the question's predicate, affirmed: "…; the door is locked." for "Is the door locked?". */
function restatesYes(doc: Doc, question: string): [number, number] | null {
  const last = doc.sentStart.length - 1;
  if (last < 0) return null;
  const body = sentenceText(doc, last);
  const cut = Math.max(body.lastIndexOf(';'), body.lastIndexOf(' but '), body.lastIndexOf(', so '));
  const clause = cut >= 0 ? body.slice(cut + 1) : body;
  if (IMPLICIT_NEG.test(clause)) return null;
  const q = question.toLowerCase().match(Q_WORD) ?? [];
  const pred = q[q.length - 1];
  if (!pred || Q_SKIP.has(pred) || !new RegExp(`\\b${pred}\\b`).test(clause)) return null;
  const from = (doc.sentStart[last] ?? 0) + (cut >= 0 ? cut + 1 : 0);
  return [from, doc.sentEnd[last] ?? from];
}

export function verifyYesNo(answer: string, label: YesNoLabel, question?: string): Check {
  const doc = docOf(answer);
  const said = explicitOnes(doc);
  const want = label.value ? 'yes' : 'no';
  const last = said[said.length - 1];
  if (last) {
    const pass = last.value === label.value;
    const got = last.value ? 'yes' : 'no';
    return {
      type: 'yes_no', pass, extracted: last.value, span: [last.start, last.end], score: pass ? 1 : 0, threshold: 1,
      reason: said.length > 1 ? `final answer is "${got}" (expected ${want})` : `answers "${got}" (expected ${want})`,
    };
  }
  // No explicit yes/no: the polarity of the conclusion, or of the first and last statements
  // (a direct answer usually opens or closes the rationale).
  const regions: [number, number][] = [];
  const c = conclusion(doc);
  if (c) regions.push([c.start, c.end]);
  else {
    const statements: number[] = [];
    for (let i = 0; i < doc.sentStart.length; i++) {
      if (!isQuestion(doc, i) && /[a-z]/.test(sentenceText(doc, i))) statements.push(i);
    }
    for (const i of new Set([statements[0], statements[statements.length - 1]])) {
      if (i !== undefined) regions.push([doc.sentStart[i] ?? 0, doc.sentEnd[i] ?? 0]);
    }
  }
  const region = regions[regions.length - 1];
  if (!region) {
    return { type: 'yes_no', pass: false, extracted: null, span: null, score: 0, threshold: 1, reason: 'no answer found' };
  }
  const want2 = label.value ? 'yes' : 'no';
  const contrary = CONTRARY.exec(doc.lower);
  // "Does the ball bounce out?": the outcome is what was asked, not a contrary one.
  const key = contrary ? CONTRARY_KEY.exec(contrary[0])?.[0] : undefined;
  const asked = key !== undefined && question !== undefined && question.toLowerCase().includes(key);
  if (contrary && !asked) {
    const pass = !label.value;
    const span: [number, number] = [contrary.index, contrary.index + contrary[0].length];
    return {
      type: 'yes_no', pass, extracted: false, span, score: pass ? 1 : 0, threshold: 1, confidence: 0.8,
      reason: `no explicit yes/no; "${answer.slice(span[0], span[1])}" says it did not happen (expected ${want2})`,
    };
  }
  const restated = question ? restatesYes(doc, question) : null;
  if (restated) {
    const pass = label.value;
    return {
      type: 'yes_no', pass, extracted: true, span: restated, score: pass ? 1 : 0, threshold: 1, confidence: 0.8,
      reason: `no explicit yes/no; the last clause states what was asked (expected ${want2})`,
    };
  }
  const negative = regions.find((r) => IMPLICIT_NEG.test(doc.lower.slice(r[0], r[1])));
  const value = negative === undefined;
  const pass = value === label.value;
  const span: [number, number] = [...(negative ?? region)];
  return {
    type: 'yes_no', pass, extracted: value, span, score: pass ? 1 : 0, threshold: 1,
    reason: `no explicit yes/no; the ${c ? 'conclusion' : 'answer'} reads as ${value ? 'yes' : 'no'} (expected ${want})`,
  };
}

function bySaidStart(a: Said, b: Said): number {
  return a.start - b.start;
}
