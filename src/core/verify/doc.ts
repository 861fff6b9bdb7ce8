/**
 * Shared reading of one answer: lowercased text, sentence bounds, the conclusion, and
 * the context tests (question, negation, hedge) every verifier asks about a mention.
 * Built once per answer and reused by all labels of a record (one-entry cache), with
 * every regular expression compiled once at module load.
 */

export interface Region {
  start: number;
  end: number;
  /** Index of the sentence holding the region. */
  sentence: number;
}

export interface Doc {
  readonly text: string;
  /** Lowercase, with typographic apostrophes made ASCII; same length and offsets as text. */
  readonly lower: string;
  readonly sentStart: number[];
  readonly sentEnd: number[];
  /** Per sentence: 1 question or restated question, 0 not, -1 not computed yet. */
  readonly sentQuestion: Int8Array;
  conclusionDone: boolean;
  conclusionRegion: Region | null;
  /** Per-verifier caches keyed by name (numbers, ...). */
  readonly memo: Map<string, unknown>;
}

const SENT_END = /[.!?]+["'’)\]*]*(?=\s|$)|\n+/g;
const QUESTION_RESTATED =
  /^\W*(?:question|q)\s*\**\s*[:.-]|\bthe question (?:asks|is asking|is whether|is if|wants)|\b(?:asks|asked|asking) (?:whether|if|us|which|what)|\bwe (?:are|were) asked|\b(?:need|needs|have|want) to (?:determine|decide|figure out|identify) (?:whether|if)|\bto determine (?:whether|if)/;
const STRONG =
  /\b(?:therefore|thus|hence|consequently|in conclusion|to conclude|in summary|to summari[sz]e|to sum up|in short|overall,|final answer|(?:answer|conclusion)\s*\**\s*:|answer (?:is|would be|should be|will be)|we can (?:conclude|infer|say)|it can be concluded|i conclude)/g;
const WEAK =
  /^\W*so\b|,\s*so\b|\b(?:this|which|that) (?:means|indicates|suggests|shows|confirms|implies)\b|\bit is (?:clear|evident) that\b|\bthe (?:main |primary |overall |key |specific )?(?:activity|action)\b[^.]{0,30}\bis\b/;
const REGION_CUT = /\b(?:because|since|as evidenced|given that|due to)\b/g;

let lastText: string | undefined;
let lastDoc: Doc | undefined;

function lowerOf(text: string): string {
  let lower = text.toLowerCase();
  if (lower.length !== text.length) {
    // A few characters change length when lowercased (İ); keep offsets aligned.
    let s = '';
    for (const c of text) {
      const l = c.toLowerCase();
      s += l.length === c.length ? l : c;
    }
    lower = s;
  }
  return lower.indexOf('’') >= 0 ? lower.replace(/’/g, "'") : lower;
}

/** The reading of `text`, reused when the same answer is verified against several labels. */
export function docOf(text: string): Doc {
  if (text === lastText && lastDoc) return lastDoc;
  const lower = lowerOf(text);
  const sentStart: number[] = [];
  const sentEnd: number[] = [];
  let start = 0;
  SENT_END.lastIndex = 0;
  for (let m = SENT_END.exec(lower); m; m = SENT_END.exec(lower)) {
    const end = m.index + m[0].length;
    if (end > start) {
      sentStart.push(start);
      sentEnd.push(end);
    }
    start = end;
  }
  if (start < lower.length) {
    sentStart.push(start);
    sentEnd.push(lower.length);
  }
  const doc: Doc = {
    text,
    lower,
    sentStart,
    sentEnd,
    sentQuestion: new Int8Array(sentStart.length).fill(-1),
    conclusionDone: false,
    conclusionRegion: null,
    memo: new Map(),
  };
  lastText = text;
  lastDoc = doc;
  return doc;
}

/** Index of the sentence containing offset `pos`. */
export function sentenceAt(doc: Doc, pos: number): number {
  const ends = doc.sentEnd;
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ends[mid] ?? 0) <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether any sentence could restate the question: cheap substring checks before the regex. */
function mayRestate(doc: Doc): boolean {
  let v = doc.memo.get('restate') as boolean | undefined;
  if (v === undefined) {
    const l = doc.lower;
    v = l.includes('question') || l.includes('ask') || l.includes('determine') || l.includes('decide') ||
      l.includes('figure out') || l.includes('identify') || /(?:^|\n)\W*q\s*\**\s*[:.-]/.test(l);
    doc.memo.set('restate', v);
  }
  return v;
}

/** A question, or a sentence restating the question ("The question asks whether…"). */
export function isQuestion(doc: Doc, i: number): boolean {
  const known = doc.sentQuestion[i];
  if (known !== undefined && known >= 0) return known === 1;
  const s = doc.sentStart[i] ?? 0;
  const e = doc.sentEnd[i] ?? 0;
  const body = doc.lower.slice(s, e);
  const q = /\?["'*)\s]*$/.test(body) || (mayRestate(doc) && QUESTION_RESTATED.test(body));
  doc.sentQuestion[i] = q ? 1 : 0;
  return q;
}

/** Index of the last sentence with a letter or digit in it. */
function lastContentSentence(doc: Doc): number {
  for (let i = doc.sentStart.length - 1; i >= 0; i--) {
    if (/[a-z0-9]/.test(doc.lower.slice(doc.sentStart[i], doc.sentEnd[i]))) return i;
  }
  return -1;
}

/**
 * The answer's conclusion: from the last strong marker ("therefore", "the answer is",
 * "final answer:") to the end of its sentence (cut before "because …"), or a weak
 * marker ("so", "this indicates") in the last sentence when that comes later.
 */
export function conclusion(doc: Doc): Region | null {
  if (doc.conclusionDone) return doc.conclusionRegion;
  doc.conclusionDone = true;
  const lower = doc.lower;
  let at = -1;
  let markerEnd = -1;
  STRONG.lastIndex = 0;
  for (let m = STRONG.exec(lower); m; m = STRONG.exec(lower)) {
    at = m.index;
    markerEnd = m.index + m[0].length;
  }
  const last = lastContentSentence(doc);
  if (last >= 0) {
    const ls = doc.sentStart[last] ?? 0;
    if (at < ls) {
      const w = WEAK.exec(lower.slice(ls, doc.sentEnd[last]));
      if (w) {
        at = ls + w.index;
        markerEnd = at + w[0].length;
      }
    }
  }
  if (at < 0) return null;
  const sentence = sentenceAt(doc, at);
  let end = doc.sentEnd[sentence] ?? lower.length;
  REGION_CUT.lastIndex = markerEnd;
  const cut = REGION_CUT.exec(lower);
  if (cut && cut.index < end) end = cut.index;
  doc.conclusionRegion = { start: at, end, sentence };
  return doc.conclusionRegion;
}

// "n't" is matched on its own: a leading [a-z]+ would be tried at every word start.
const NEG_CUE = /\b(?:not|no|never|nobody|none|nothing|neither|nor|without|cannot|unlikely|instead of|rather than)\b|n't\b/g;
const NEG_EXCEPTION = /^\s+(?:only|just|merely|doubt|question|a doubt|but)\b/;
const SCOPE_BREAK = /[,;:()—–!?]|\b(?:and|but|however|yet|although|though|whereas|while|so|because|since|which|who|where|then)\b/;
const AFTER_NEG =
  /\s*(?:is|are|was|were|does|do|did|can|could|would|should|seems?|appears?)\s+(?:(?:definitely|clearly|certainly|also|be|been|being|probably)\s+)*(?:not\b|ruled out|excluded|unlikely|incorrect|wrong|impossible)|\s*(?:isn't|aren't|wasn't|doesn't|can't)\b|\s+(?:is\s+)?(?:ruled out|excluded)\b/y;

/** Ends of the negation cues in the answer, found in one pass and kept with the doc. */
function negationCueEnds(doc: Doc): number[] {
  let ends = doc.memo.get('negcues') as number[] | undefined;
  if (ends) return ends;
  ends = [];
  const lower = doc.lower;
  NEG_CUE.lastIndex = 0;
  for (let m = NEG_CUE.exec(lower); m; m = NEG_CUE.exec(lower)) {
    const after = m.index + m[0].length;
    if (!NEG_EXCEPTION.test(lower.slice(after, after + 12))) ends.push(after);
  }
  doc.memo.set('negcues', ends);
  return ends;
}

/** Whether a negation governs the words at [start, end) ("not swimming", "swimming is ruled out"). */
export function isNegated(doc: Doc, start: number, end: number): boolean {
  const lower = doc.lower;
  const ends = negationCueEnds(doc);
  if (ends.length) {
    const from = Math.max(doc.sentStart[sentenceAt(doc, start)] ?? 0, start - 80);
    let cueEnd = -1;
    for (const e of ends) {
      if (e > start) break;
      if (e >= from) cueEnd = e;
    }
    if (cueEnd >= 0) {
      const between = lower.slice(cueEnd, start);
      if (!SCOPE_BREAK.test(between) && countWords(between) <= 6) return true;
    }
  }
  AFTER_NEG.lastIndex = end;
  return AFTER_NEG.test(lower);
}

function countWords(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const w = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39;
    if (w && !inWord) n++;
    inWord = w;
  }
  return n;
}

const CLAUSE_BREAK = /[;:]|\b(?:but|however|yet|although|though|whereas|instead|actually|rather|closer look|looking closer)\b/g;
const HEDGE =
  /\b(?:could|might|may|possibly|perhaps|maybe|either|whether|if|would|options?|possibilit(?:y|ies)|candidates?|alternatives?|choices?|at first|initially|first glance|guess)\b/;
const OR_AFTER = /^\s*,?\s*(?:(?!not\b|no\b)[a-z']+,?\s+){0,2}?or\b/;
const OR_BEFORE = /\bor\s+(?:even\s+|perhaps\s+|maybe\s+)?(?:[a-z']+\s+)?$/;

/** Ends of clause breaks (";", ":", contrastive words), found in one pass and kept with the doc. */
function clauseBreakEnds(doc: Doc): number[] {
  let ends = doc.memo.get('clauses') as number[] | undefined;
  if (ends) return ends;
  ends = [];
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(doc.lower); m; m = CLAUSE_BREAK.exec(doc.lower)) ends.push(m.index + m[0].length);
  doc.memo.set('clauses', ends);
  return ends;
}

/** Start of the clause holding `start`: after the last ";", ":" or contrastive word. */
export function clauseStart(doc: Doc, start: number): number {
  let from = doc.sentStart[sentenceAt(doc, start)] ?? 0;
  for (const e of clauseBreakEnds(doc)) {
    if (e > start) break;
    if (e > from) from = e;
  }
  return from;
}

/** Whether the words at [start, end) are only a candidate ("could be X", "X or Y", "at first X"). */
export function isHedged(doc: Doc, start: number, end: number): boolean {
  const lower = doc.lower;
  const cs = clauseStart(doc, start);
  if (HEDGE.test(lower.slice(cs, start))) return true;
  if (OR_AFTER.test(lower.slice(end, end + 40))) return true;
  return OR_BEFORE.test(lower.slice(Math.max(cs, start - 30), start));
}

export type Stance = 'question' | 'negated' | 'hedged' | 'affirmed';

/** How the answer stands on the words at [start, end). */
export function stanceAt(doc: Doc, start: number, end: number): Stance {
  if (isQuestion(doc, sentenceAt(doc, start))) return 'question';
  if (isNegated(doc, start, end)) return 'negated';
  if (isHedged(doc, start, end)) return 'hedged';
  return 'affirmed';
}
