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
  /** Per sentence: 1 question or restated question, 0 not, -1 or undefined not computed yet. */
  readonly sentQuestion: number[];
  conclusionDone: boolean;
  conclusionRegion: Region | null;
  /**
   * Per-answer results the verifiers share, as fixed fields (a Map per answer cost more
   * than some of the work it saved). undefined: not computed yet.
   */
  restate: boolean | undefined;
  /** Start of the first word a restated question needs (-1: none), or undefined: not looked for yet. */
  restateFrom: number | undefined;
  /**
   * Per sentence (computed when first asked): ends of negation cues, ends of clause breaks,
   * hedge words as flattened [start, end] pairs. None of these can span a sentence bound,
   * so scanning one sentence finds what a scan of the whole answer finds there.
   */
  negCues: (number[] | undefined)[];
  clauses: (number[] | undefined)[];
  hedges: (number[] | undefined)[];
  digits: unknown[] | undefined;
  /** Where each digit run starts (its first digit), kept or not as a number; set with `digits`. */
  digitStarts: number[] | undefined;
  numbers: unknown[] | undefined;
  yesno: unknown[] | undefined;
  seqOrder: unknown[] | undefined;
  /** Per sentence: its lowercase text, sliced once and shared by the per-sentence scans (see sentenceText). */
  readonly bodies: (string | undefined)[];
  /** Other per-verifier caches keyed by name; created on first use. */
  readonly memo: Map<string, unknown>;
}

class AnswerDoc implements Doc {
  readonly sentQuestion: number[] = [];
  conclusionDone = false;
  conclusionRegion: Region | null = null;
  restate: boolean | undefined = undefined;
  restateFrom: number | undefined = undefined;
  readonly negCues: (number[] | undefined)[] = [];
  readonly clauses: (number[] | undefined)[] = [];
  readonly hedges: (number[] | undefined)[] = [];
  digits: unknown[] | undefined = undefined;
  digitStarts: number[] | undefined = undefined;
  numbers: unknown[] | undefined = undefined;
  yesno: unknown[] | undefined = undefined;
  seqOrder: unknown[] | undefined = undefined;
  readonly bodies: (string | undefined)[] = [];
  private memoMap: Map<string, unknown> | undefined = undefined;

  constructor(
    readonly text: string,
    readonly lower: string,
    readonly sentStart: number[],
    readonly sentEnd: number[],
  ) {}

  get memo(): Map<string, unknown> {
    return (this.memoMap ??= new Map());
  }
}

/** What sentenceEnds matches by hand; exported for its test. */
export const SENT_END = /[.!?]+["'’)\]*]*(?=\s|$)|\n+/g;
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

const NONE = 0x7fffffff;

function nextOf(lower: string, ch: string, from: number): number {
  const k = lower.indexOf(ch, from);
  return k < 0 ? NONE : k;
}

/** A closing mark SENT_END allows after the end punctuation: " ' ’ ) ] * */
function isCloser(c: number): boolean {
  return c === 34 || c === 39 || c === 0x2019 || c === 41 || c === 93 || c === 42;
}

/**
 * Where each SENT_END match ends, in order (what `SENT_END.lastIndex` is after each test()),
 * found without trying the regex at every offset: the next ".", "!", "?" and newline come
 * from single-character indexOf calls, each reused until passed. A match starting at p is
 * the greedy run of [.!?] and then closers when a space or the end follows it (backtracking
 * cannot help: every shorter run is followed by a [.!?] or a closer, neither a space), else
 * the scan resumes where that run ends (no offset inside it can match either); or a run of
 * newlines.
 */
export function sentenceEnds(lower: string, out: number[] = []): number[] {
  const n = lower.length;
  let dot = -1;
  let bang = -1;
  let qm = -1;
  let nl = -1;
  for (let pos = 0; pos < n; ) {
    if (dot < pos) dot = nextOf(lower, '.', pos);
    if (bang < pos) bang = nextOf(lower, '!', pos);
    if (qm < pos) qm = nextOf(lower, '?', pos);
    if (nl < pos) nl = nextOf(lower, '\n', pos);
    let p = dot < bang ? dot : bang;
    if (qm < p) p = qm;
    if (nl < p) {
      let q = nl + 1;
      while (lower.charCodeAt(q) === 10) q++;
      out.push(q);
      pos = q;
      continue;
    }
    if (p === NONE) break;
    let q = p + 1;
    let c = lower.charCodeAt(q);
    while (c === 46 || c === 33 || c === 63) c = lower.charCodeAt(++q);
    while (isCloser(c)) c = lower.charCodeAt(++q);
    if (q >= n || isSpace(c)) out.push(q);
    pos = q;
  }
  return out;
}

// The match ends of the answer being split, reused from answer to answer.
const ends: number[] = [];

/** The reading of `text`, reused when the same answer is verified against several labels. */
export function docOf(text: string): Doc {
  if (text === lastText && lastDoc) return lastDoc;
  const lower = lowerOf(text);
  const sentStart: number[] = [];
  const sentEnd: number[] = [];
  let start = 0;
  ends.length = 0;
  sentenceEnds(lower, ends);
  for (let k = 0; k < ends.length; k++) {
    const end = ends[k] as number;
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
  const doc = new AnswerDoc(text, lower, sentStart, sentEnd);
  lastText = text;
  lastDoc = doc;
  return doc;
}

/** Lowercase text of sentence `i`, sliced once per answer. */
export function sentenceText(doc: Doc, i: number): string {
  let b = doc.bodies[i];
  if (b === undefined) {
    b = doc.lower.slice(doc.sentStart[i] ?? 0, doc.sentEnd[i]);
    doc.bodies[i] = b;
  }
  return b;
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
  let v = doc.restate;
  if (v === undefined) {
    const l = doc.lower;
    v = l.includes('question') || l.includes('ask') || l.includes('determine') || l.includes('decide') ||
      l.includes('figure out') || l.includes('identify') || (l.includes('q') && qLabelAtLineStart(l));
    doc.restate = v;
  }
  return v;
}

/** Words every QUESTION_RESTATED match holds (restateWordAt finds the first by hand; exported for its test). */
export const RESTATE_WORD = /q|ask|determine|decide|figure out|identify/;

// Six letters or more each, so the regex engine can skip ahead through the text.
const RESTATE_LONG = /determine|decide|figure out|identify/;

/**
 * Start of the answer's first RESTATE_WORD match, or -1; found once per answer. The leftmost
 * match starts at the first occurrence of any of its words, so it is the least of their
 * indexOf results ("ask" found through its rarer "k", the long words by one regex): cheaper than trying the alternation at
 * every offset.
 */
export function restateWordAt(l: string): number {
  let at = l.indexOf('q');
  let k = l.indexOf('k');
  while (k >= 0 && !(k >= 2 && l.charCodeAt(k - 1) === 115 && l.charCodeAt(k - 2) === 97)) k = l.indexOf('k', k + 1);
  if (k >= 0 && (at < 0 || k - 2 < at)) at = k - 2;
  const m = RESTATE_LONG.exec(l);
  if (m && (at < 0 || m.index < at)) at = m.index;
  return at;
}

function restateWordFrom(doc: Doc): number {
  let at = doc.restateFrom;
  if (at === undefined) {
    at = restateWordAt(doc.lower);
    doc.restateFrom = at;
  }
  return at;
}
const Q_LABEL = /q\s*\**\s*[:.-]/y;

/** What `\w` matches, so where `\b` falls. */
export function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** `/(?:^|\n)\W*q\s*\**\s*[:.-]/` without trying every offset: a line opening with "Q:". */
function qLabelAtLineStart(l: string): boolean {
  for (let from = 0; from >= 0; ) {
    let k = from;
    while (k < l.length && !isWordCode(l.charCodeAt(k))) k++;
    if (l.charCodeAt(k) === 113) {
      Q_LABEL.lastIndex = k;
      if (Q_LABEL.test(l)) return true;
    }
    const nl = l.indexOf('\n', from);
    from = nl < 0 ? -1 : nl + 1;
  }
  return false;
}

/** What `\s` matches in a regular expression. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `/\?["'*)\s]*$/` on [s, e) without slicing: the sentence ends with a question mark. */
function endsWithQuestionMark(l: string, s: number, e: number): boolean {
  for (let k = e - 1; k >= s; k--) {
    const c = l.charCodeAt(k);
    if (c === 63) return true;
    if (c !== 34 && c !== 39 && c !== 42 && c !== 41 && !isSpace(c)) return false;
  }
  return false;
}

/** A question, or a sentence restating the question ("The question asks whether…"). */
export function isQuestion(doc: Doc, i: number): boolean {
  const known = doc.sentQuestion[i];
  if (known !== undefined && known >= 0) return known === 1;
  const s = doc.sentStart[i] ?? 0;
  const e = doc.sentEnd[i] ?? 0;
  let q = endsWithQuestionMark(doc.lower, s, e);
  // Every QUESTION_RESTATED match has one of these words, so the sentence is read (and the
  // answer-wide mayRestate gate asked) only when one is there. Where the answer's first such
  // word is (one scan per answer) rules out every sentence ending before it.
  if (!q && restateWordFrom(doc) >= 0 && restateWordFrom(doc) < e) {
    const body = sentenceText(doc, i);
    q = RESTATE_WORD.test(body) && mayRestate(doc) && QUESTION_RESTATED.test(body);
  }
  doc.sentQuestion[i] = q ? 1 : 0;
  return q;
}

/** Index of the last sentence with a letter or digit in it. */
export function lastContentSentence(doc: Doc): number {
  for (let i = doc.sentStart.length - 1; i >= 0; i--) {
    const l = doc.lower;
    for (let k = doc.sentStart[i] ?? 0, e = doc.sentEnd[i] ?? 0; k < e; k++) {
      const c = l.charCodeAt(k);
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) return i;
    }
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
  // The last strong marker, looking at the answer from its end back, one stretch at a time,
  // and stopping at the first stretch that has one. A stretch starts at a sentence bound
  // after ".", "!" or "?"; no marker contains those, so none crosses such a bound and a
  // stretch holds exactly the matches a scan of the whole answer finds in it.
  let to = lower.length;
  for (let i = doc.sentStart.length - 1; i >= 0 && at < 0; i--) {
    const from = doc.sentStart[i] ?? 0;
    if (i > 0 && lower.charCodeAt(from - 1) === 10) continue;
    // One sentence (the usual stretch): its shared text, not a fresh slice.
    const part = to === doc.sentEnd[i] ? sentenceText(doc, i) : lower.slice(from, to);
    STRONG.lastIndex = 0;
    for (let m = STRONG.exec(part); m; m = STRONG.exec(part)) {
      at = from + m.index;
      markerEnd = at + m[0].length;
    }
    to = from;
  }
  const last = lastContentSentence(doc);
  if (last >= 0) {
    const ls = doc.sentStart[last] ?? 0;
    if (at < ls) {
      const w = WEAK.exec(sentenceText(doc, last));
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

/** Ends of the negation cues in sentence `i`, found in one pass and kept with the doc. */
function negationCueEnds(doc: Doc, i: number): number[] {
  let ends = doc.negCues[i];
  if (ends) return ends;
  ends = [];
  const lower = doc.lower;
  const s = doc.sentStart[i] ?? 0;
  const body = sentenceText(doc, i);
  NEG_CUE.lastIndex = 0;
  while (NEG_CUE.test(body)) {
    const after = s + NEG_CUE.lastIndex;
    if (!NEG_EXCEPTION.test(lower.slice(after, after + 12))) ends.push(after);
  }
  doc.negCues[i] = ends;
  return ends;
}

/** Whether a negation governs the words at [start, end) ("not swimming", "swimming is ruled out"). */
export function isNegated(doc: Doc, start: number, end: number): boolean {
  const lower = doc.lower;
  const sent = sentenceAt(doc, start);
  const ends = negationCueEnds(doc, sent);
  if (ends.length) {
    const from = Math.max(doc.sentStart[sent] ?? 0, start - 80);
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
  // Every AFTER_NEG alternative, past its leading spaces, starts with one of a c d e i r s w:
  // a look at that one character spares most of the regex calls.
  let k = end;
  while (isSpace(lower.charCodeAt(k))) k++;
  const c = lower.charCodeAt(k);
  if (c !== 97 && c !== 99 && c !== 100 && c !== 101 && c !== 105 && c !== 114 && c !== 115 && c !== 119) return false;
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
const HEDGE_ALL = new RegExp(HEDGE.source, 'g');
const OR_AFTER = /^\s*,?\s*(?:(?!not\b|no\b)[a-z']+,?\s+){0,2}?or\b/;
const OR_BEFORE = /\bor\s+(?:even\s+|perhaps\s+|maybe\s+)?(?:[a-z']+\s+)?$/;

/** Ends of clause breaks (";", ":", contrastive words) in sentence `i`, kept with the doc. */
function clauseBreakEnds(doc: Doc, i: number): number[] {
  let ends = doc.clauses[i];
  if (ends) return ends;
  ends = [];
  const s = doc.sentStart[i] ?? 0;
  const body = sentenceText(doc, i);
  CLAUSE_BREAK.lastIndex = 0;
  while (CLAUSE_BREAK.test(body)) ends.push(s + CLAUSE_BREAK.lastIndex);
  doc.clauses[i] = ends;
  return ends;
}

/** Start of the clause holding `start`: after the last ";", ":" or contrastive word. */
export function clauseStart(doc: Doc, start: number): number {
  const sent = sentenceAt(doc, start);
  let from = doc.sentStart[sent] ?? 0;
  for (const e of clauseBreakEnds(doc, sent)) {
    if (e > start) break;
    if (e > from) from = e;
  }
  return from;
}

/**
 * Whether a hedge word lies inside [from, to) of one sentence. Same answer as testing HEDGE
 * on that slice: `from` is a clause start and `to` a word start, so word boundaries at
 * the edges agree.
 */
function hedgeWithin(doc: Doc, from: number, to: number): boolean {
  const i = sentenceAt(doc, from);
  let hs = doc.hedges[i];
  if (!hs) {
    hs = [];
    const s = doc.sentStart[i] ?? 0;
    const body = sentenceText(doc, i);
    HEDGE_ALL.lastIndex = 0;
    for (let m = HEDGE_ALL.exec(body); m; m = HEDGE_ALL.exec(body)) hs.push(s + m.index, s + m.index + m[0].length);
    doc.hedges[i] = hs;
  }
  for (let k = 0; k < hs.length; k += 2) {
    if ((hs[k + 1] as number) > to) break;
    if ((hs[k] as number) >= from) return true;
  }
  return false;
}

/** Whether the words at [start, end) are only a candidate ("could be X", "X or Y", "at first X"). */
export function isHedged(doc: Doc, start: number, end: number): boolean {
  const lower = doc.lower;
  const cs = clauseStart(doc, start);
  if (hedgeWithin(doc, cs, start)) return true;
  // Both patterns need the word "or": look for it before running them.
  // "or" looked for in place; the text is sliced out for the pattern only when it is there.
  const afterEnd = Math.min(end + 40, lower.length);
  const orA = lower.indexOf('or', end);
  if (orA >= 0 && orA + 2 <= afterEnd && OR_AFTER.test(lower.slice(end, afterEnd))) return true;
  const from = Math.max(cs, start - 30);
  const orB = lower.indexOf('or', from);
  return orB >= 0 && orB + 2 <= start && OR_BEFORE.test(lower.slice(from, start));
}

export type Stance = 'question' | 'negated' | 'hedged' | 'affirmed';

/** How the answer stands on the words at [start, end). */
export function stanceAt(doc: Doc, start: number, end: number): Stance {
  if (isQuestion(doc, sentenceAt(doc, start))) return 'question';
  if (isNegated(doc, start, end)) return 'negated';
  if (isHedged(doc, start, end)) return 'hedged';
  return 'affirmed';
}
