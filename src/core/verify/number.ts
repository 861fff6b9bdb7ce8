/**
 * Number labels: the number the answer commits to — in the conclusion, after "is",
 * "=", "about", with the label's unit — not operands of its arithmetic, not numbers
 * attached to another unit ("3 seconds" for a px/s label), not negated ones — must be
 * within tolerance of the label.
 */
import type { Doc } from './doc';
import * as docModule from './doc';
import { DEFAULT_REL_TOL, type Check, type NumberLabel } from './labels';
import * as numbersModule from './numbers';
import type { Num } from './numbers';
import * as fixedModule from './fixed';

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { conclusion, docOf, isQuestion, isSpace, isWordCode, sentenceAt } = docModule;
const { canonUnit, isKnownUnit, numbersOf } = numbersModule;
const { numStr, roundFixed } = fixedModule;

const COMMIT = new Set(
  'is was are of be at around about approximately roughly ~ ≈ = : estimate estimated total totals totaling equal equals give gives yield yields reach reaches score scored scores answer count number comes came'.split(' '),
);
const LINK = new Set('of is at be around about approximately roughly ~ ≈ to'.split(' '));
const OPERATOR = new Set('× * + / ÷ x times plus minus by'.split(' '));
const NEGATOR = new Set(['not', 'never', 'than']);
const ARTICLE = new Set(['the', 'a', 'an']);
// What a token before a number is, as bits: one lookup per token, compared in place.
const F_COMMIT = 1;
const F_LINK = 2;
const F_OPERATOR = 4;
const F_ARTICLE = 8;
const F_NEGATOR = 16;
const F_EQ = 32;
const F_OF = 64;
const F_OUT = 128;
const F_INSTEAD = 256;
/** A small hash table of the words above: slot → words and their bits, matched against the answer without slicing. */
const SLOTS = 128;
const slotWords: string[][] = Array.from({ length: SLOTS }, () => []);
const slotBits: number[][] = Array.from({ length: SLOTS }, () => []);
function slotOf(c0: number, cLast: number, len: number): number {
  return (c0 * 31 + cLast * 7 + len) & (SLOTS - 1);
}
const flag = (words: Iterable<string>, bit: number): void => {
  for (const w of words) {
    const sl = slotOf(w.charCodeAt(0), w.charCodeAt(w.length - 1), w.length);
    const ws = slotWords[sl] as string[];
    const bs = slotBits[sl] as number[];
    const k = ws.indexOf(w);
    if (k >= 0) bs[k] = (bs[k] as number) | bit;
    else {
      ws.push(w);
      bs.push(bit);
    }
  }
};
flag(COMMIT, F_COMMIT);
flag(LINK, F_LINK);
flag(OPERATOR, F_OPERATOR);
flag(ARTICLE, F_ARTICLE);
flag(NEGATOR, F_NEGATOR);
flag(['='], F_EQ);
flag(['of'], F_OF);
flag(['out'], F_OUT);
flag(['instead'], F_INSTEAD);

/** Bits of the token lower[start, end) (0 when it is none of the words). */
function flagsAt(lower: string, start: number, end: number): number {
  const len = end - start;
  const sl = slotOf(lower.charCodeAt(start), lower.charCodeAt(end - 1), len);
  const ws = slotWords[sl] as string[];
  for (let k = 0; k < ws.length; k++) {
    const w = ws[k] as string;
    if (w.length === len && lower.startsWith(w, start)) return (slotBits[sl] as number[])[k] as number;
  }
  return 0;
}

/** The token lower[start, end) ends with "n't". */
function endsWithNt(lower: string, start: number, end: number): boolean {
  return end - start >= 3 && lower.charCodeAt(end - 1) === 116 && lower.charCodeAt(end - 2) === 39 && lower.charCodeAt(end - 3) === 110;
}

/** What operatorAfter matches by hand; exported for its test. */
export const OPERATOR_AFTER = /\s*(?:[×x*+\/÷]\s*\d|-\s+\d|times\b|multiplied\b|plus\b|minus\b|divided\b)/y;
const OPERATOR_WORDS = ['times', 'multiplied', 'plus', 'minus', 'divided'];

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * OPERATOR_AFTER tested at `at`, by hand (it runs once per number; a regex call costs more
 * than the few characters it reads). No alternative starts with a space, so skipping all
 * of them first is what the regex's backtracking comes to.
 */
export function operatorAfter(lower: string, at: number): boolean {
  let k = at;
  while (isSpace(lower.charCodeAt(k))) k++;
  const c = lower.charCodeAt(k);
  if (c === 0xd7 || c === 120 || c === 42 || c === 43 || c === 47 || c === 0xf7) {
    let j = k + 1;
    while (isSpace(lower.charCodeAt(j))) j++;
    return isDigitCode(lower.charCodeAt(j));
  }
  if (c === 45) {
    let j = k + 1;
    while (isSpace(lower.charCodeAt(j))) j++;
    return j > k + 1 && isDigitCode(lower.charCodeAt(j));
  }
  // Each operator word starts with one of d m p t: a look at that character first.
  if (c !== 100 && c !== 109 && c !== 112 && c !== 116) return false;
  for (let i = 0; i < OPERATOR_WORDS.length; i++) {
    const w = OPERATOR_WORDS[i] as string;
    if (lower.startsWith(w, k) && !isWordCode(lower.charCodeAt(k + w.length))) return true;
  }
  return false;
}

function isWord(k: number): boolean {
  return (k >= 97 && k <= 122) || k === 39;
}

/**
 * The three tokens before a number (words, or single symbols), nearest first, not crossing
 * `floor`: their bits in tok0..tok2 (0 where there are fewer), and whether one ends with
 * "n't" in tokNt. Nothing is sliced.
 */
let tok0 = 0;
let tok1 = 0;
let tok2 = 0;
let tokNt = false;
function tokensBefore(lower: string, pos: number, floor: number): void {
  tok0 = tok1 = tok2 = 0;
  tokNt = false;
  let i = pos - 1;
  for (let n = 0; n < 3 && i >= floor; n++) {
    let c = lower.charCodeAt(i);
    while (i >= floor && (c === 32 || c === 42 || c === 9)) c = lower.charCodeAt(--i);
    if (i < floor) break;
    const end = i + 1;
    if (isWord(c)) {
      while (i >= floor && isWord(lower.charCodeAt(i))) i--;
      if (endsWithNt(lower, i + 1, end)) tokNt = true;
    } else i--;
    const f = flagsAt(lower, i + 1, end);
    if (n === 0) tok0 = f;
    else if (n === 1) tok1 = f;
    else tok2 = f;
  }
}

const BETWEEN_BEFORE = /\bbetween\s*$/;

/**
 * What lies in [from, to) between two numbers, as /^\s*(?:-|–|to)\s*$/ (1) or
 * /^\s*and\s*$/ (2) would say, else 0; checked by hand, without slicing.
 */
function joinerBetween(lower: string, from: number, to: number): number {
  let k = from;
  while (k < to && isSpace(lower.charCodeAt(k))) k++;
  if (k >= to) return 0;
  let kind = 0;
  const c = lower.charCodeAt(k);
  if (c === 45 || c === 0x2013) {
    kind = 1;
    k++;
  } else if (c === 116 && k + 2 <= to && lower.charCodeAt(k + 1) === 111) {
    kind = 1;
    k += 2;
  } else if (c === 97 && k + 3 <= to && lower.charCodeAt(k + 1) === 110 && lower.charCodeAt(k + 2) === 100) {
    kind = 2;
    k += 3;
  } else return 0;
  while (k < to && isSpace(lower.charCodeAt(k))) k++;
  return k === to ? kind : 0;
}

const unitCache = new Map<string, string | null>();
function labelUnit(label: NumberLabel): string | null {
  if (!label.unit) return null;
  let u = unitCache.get(label.unit);
  if (u === undefined) {
    u = canonUnit(label.unit) ?? label.unit.toLowerCase();
    unitCache.set(label.unit, u);
  }
  return u;
}

// The best candidate (highest rank, the last of equals), kept in plain variables: no object per number.
let bestFound = false;
let bestValue = 0;
let bestStart = 0;
let bestEnd = 0;
let bestRank = 0;

/** The word a "how many … <verb>?" question counts by ("jumping"), as a pattern; null when none. */
const focusCache = new Map<string, RegExp | null>();
const Q_STOP = new Set('how many much what is are was were does do did the a an of in on at there this that video clip frame person people total'.split(' '));
function focusOf(question: string | undefined): RegExp | null {
  if (!question) return null;
  let f = focusCache.get(question);
  if (f === undefined) {
    const ws: string[] = question.toLowerCase().match(/[a-z]+/g) ?? [];
    const w = ws.includes('many') || ws.includes('much') ? [...ws].reverse().find((x) => !Q_STOP.has(x) && x.length > 3) : undefined;
    f = w ? new RegExp(`^[^.;]{0,30}?\\b${w.replace(/(?:ing|s|ed)$/, '')}`) : null;
    if (focusCache.size > 1000) focusCache.clear();
    focusCache.set(question, f);
  }
  return f;
}

function pickBest(doc: Doc, want: string | null, focus: RegExp | null = null): void {
  bestFound = false;
  const all = numbersOf(doc);
  let nums = all;
  for (const n of all) {
    if (n.kind === 'clock' || n.preFrame) {
      nums = all.filter((x) => x.kind !== 'clock' && !x.preFrame);
      break;
    }
  }
  const lower = doc.lower;
  let nc = 0;
  for (let i = 0; i < nums.length; i++) {
    const n = nums[i] as Num;
    let value = n.value;
    let end = n.end;
    let unit = n.unit;
    // "80-85 points", "between 80 and 85": read a range as its middle.
    const next = nums[i + 1];
    if (next && next.kind === n.kind) {
      const joiner = joinerBetween(lower, n.unitEnd, next.start);
      const isRange = joiner === 1 || (joiner === 2 && BETWEEN_BEFORE.test(lower.slice(Math.max(0, n.start - 10), n.start)));
      if (isRange && (n.unit === null || n.unit === next.unit)) {
        value = (n.value + next.value) / 2;
        end = next.end;
        unit = next.unit;
        i++;
      }
    }
    const sent = sentenceAt(doc, n.start);
    if (isQuestion(doc, sent)) continue;
    if (want !== null && isKnownUnit(unit) && unit !== want) continue;
    tokensBefore(lower, n.start, doc.sentStart[sent] ?? 0);
    const f0 = tok0;
    const f1 = tok1;
    const f2 = tok2;
    let rank = 0;
    if (want !== null && unit === want) rank += 2;
    if (want !== null && unit !== null && unit.startsWith('w:')) rank -= 1;
    if (f0 & F_COMMIT || (f0 & F_LINK && f1 & F_COMMIT)) rank += 1;
    if (f0 & F_EQ) rank += 0.5;
    if (f0 & F_OPERATOR || (f0 & F_OF && f1 & F_OUT) || operatorAfter(lower, end)) rank -= 2;
    const negated = (f0 | f1 | f2) & F_NEGATOR || tokNt;
    if (negated || (f0 & F_OF && f1 & F_INSTEAD) || (f1 & F_OF && f2 & F_INSTEAD)) rank -= 3;
    // "the 50 m pool", "a 10 m platform": describes a thing, is not the answer
    if (f0 & F_ARTICLE) rank -= 1;
    if (nc === cRank.length) growCandidates();
    cValue[nc] = value;
    cStart[nc] = n.start;
    cEnd[nc] = end;
    cRank[nc] = rank;
    nc++;
  }
  // Numbers in the conclusion rank higher; it is looked for only when there is a choice.
  const region = nc > 1 ? conclusion(doc) : null;
  for (let c = 0; c < nc; c++) {
    let rank = cRank[c] as number;
    const start = cStart[c] as number;
    if (region && start >= region.start && start < region.end) rank += 2;
    // "six in total, and two of them are jumping" for "how many … are jumping?": the part asked for.
    if (focus && nc > 1 && focus.test(doc.lower.slice(cEnd[c] as number, (cEnd[c] as number) + 60))) rank += 3;
    if (!bestFound || rank >= bestRank) {
      bestFound = true;
      bestValue = cValue[c] as number;
      bestStart = start;
      bestEnd = cEnd[c] as number;
      bestRank = rank;
    }
  }
}

// The candidates of one answer, reused from answer to answer: no object per number.
let cValue = new Float64Array(32);
let cStart = new Int32Array(32);
let cEnd = new Int32Array(32);
let cRank = new Float64Array(32);
function growCandidates(): void {
  const n = cRank.length * 2;
  const v = new Float64Array(n);
  const s = new Int32Array(n);
  const e = new Int32Array(n);
  const r = new Float64Array(n);
  v.set(cValue);
  s.set(cStart);
  e.set(cEnd);
  r.set(cRank);
  cValue = v;
  cStart = s;
  cEnd = e;
  cRank = r;
}

export function verifyNumber(answer: string, label: NumberLabel, question?: string): Check {
  const doc = docOf(answer);
  const want = labelUnit(label);
  const tol = label.absTol ?? (label.relTol ?? DEFAULT_REL_TOL) * Math.abs(label.value);
  pickBest(doc, want, focusOf(question));
  if (!bestFound) {
    const why = want ? `no number in ${label.unit} found` : 'no number found';
    return { type: 'number', pass: false, extracted: null, span: null, score: -1, threshold: 0, reason: why };
  }
  const err = Math.abs(bestValue - label.value);
  const score = tol > 0 ? Math.max(-1, 1 - err / tol) : err === 0 ? 1 : -1;
  const pass = score >= 0;
  const shown = roundFixed(bestValue, 6);
  return {
    type: 'number',
    pass,
    extracted: shown,
    span: [bestStart, bestEnd],
    score,
    threshold: 0,
    reason: `answers ${numStr(shown)}, label ${numStr(label.value)} ± ${numStr(roundFixed(tol, 6))} (off by ${numStr(roundFixed(err, 6))})`,
  };
}
