/**
 * Every number an answer states, with where it is and the unit written after it:
 * digits ("82.5", "-3"), words ("eighty-two point five", "a hundred and twelve") and
 * clock times ("0:12", "00:01:05.5", as seconds). Read once per answer, shared by the
 * number, temporal-range and box verifiers.
 */
import type { Doc } from './doc';
import * as stemModule from './stem';
import * as sortModule from './sort';
import * as fixedModule from './fixed';
import * as docModule from './doc';

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { STOPWORDS, stem } = stemModule;
const { sortSmall } = sortModule;
const { parseDecimal, parseDecimalAt } = fixedModule;
const { isSpace, isWordCode } = docModule;

export interface Num {
  value: number;
  start: number;
  end: number;
  kind: 'digits' | 'words' | 'clock';
  /** Canonical unit after the number ("s", "px/s", "point", "%"), "w:<stem>" for a counted noun, or null. */
  unit: string | null;
  /** End of the number and its unit. */
  unitEnd: number;
  /** Written as "frame 360". */
  preFrame: boolean;
}

const SMALL =
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'.split(' ');
const TENS = 'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ');
const WORD_VALUE = new Map<string, number>();
SMALL.forEach((w, i) => WORD_VALUE.set(w, i));
TENS.forEach((w, i) => WORD_VALUE.set(w, 20 + 10 * i));
const NUM_WORD = [...SMALL, ...TENS, 'hundred', 'thousand', 'million'].sort((a, b) => b.length - a.length).join('|');

// Digits are found by a plain scan and checked by hand (lookbehinds cost more than the rest).
const DIGITS_RE = /\d[\d.:]*/g;
export const CLOCK = /^\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?$/;
const WORDS_RE = new RegExp(
  `\\b(?:an?\\s+)?(?:${NUM_WORD})\\b(?:(?:\\s+and\\s+|[\\s-]+)(?:(?:${NUM_WORD})\\b|point\\s+(?:${NUM_WORD})\\b))*`,
  'y',
);
const NUM_WORD_SCAN = new RegExp(`\\b(?:${NUM_WORD})\\b`, 'g');
/** DIGITS_RE and NUM_WORD_SCAN as one scan. */
const NUMBER_SCAN = new RegExp(`${DIGITS_RE.source}|${NUM_WORD_SCAN.source}`, 'g');
/** What unitMatchEnd matches by hand; exported for its test. */
export const UNIT_RE = /[ \t]*(%|°|[a-z]+\/[a-z]+|[a-z]+(?:\s+per\s+[a-z]+)?)/y;
const PRE_FRAME = /\bframes?\s*(?:number\s*|no\.?\s*|#\s*|index\s*)?$/;

const ALIASES: Record<string, string> = {};
const alias = (canon: string, forms: string) => forms.split(' ').forEach((f) => (ALIASES[f] = canon));
alias('s', 's sec secs second seconds');
alias('ms', 'ms millisecond milliseconds');
alias('min', 'min mins minute minutes');
alias('h', 'h hr hrs hour hours');
alias('frame', 'frame frames f');
alias('fps', 'fps frame/s');
alias('px', 'px pixel pixels');
alias('point', 'point points pt pts');
alias('%', '% percent pct percentage');
alias('deg', '° deg degree degrees');
alias('m', 'm meter meters metre metres');
alias('cm', 'cm centimeter centimeters centimetre centimetres');
alias('km', 'km kilometer kilometers kilometre kilometres');
alias('kg', 'kg kilogram kilograms kilo kilos');
alias('ft', 'ft foot feet');
alias('in', 'inch inches');
alias('mi', 'mile miles');
alias('lb', 'lb lbs pound pounds');
alias('rep', 'rep reps repetition repetitions times');
alias('km/h', 'kph kmh km/h');
alias('mph', 'mph mile/h');

/** Units the verifiers know; a number followed by another known unit is not a match for a label's unit. */
export function isKnownUnit(u: string | null): boolean {
  return u !== null && !u.startsWith('w:');
}

/** Canonical form of a written unit ("pixels per second" → "px/s"), or null when it is not a unit. */
export function canonUnit(raw: string): string | null {
  const r = raw.trim().toLowerCase();
  const direct = ALIASES[r];
  if (direct) return direct;
  const parts = r.split(/\s*(?:\/|\bper\b)\s*/);
  if (parts.length === 2 && parts[0] && parts[1]) {
    const a = ALIASES[parts[0]] ?? parts[0];
    const b = ALIASES[parts[1]] ?? parts[1];
    const joined = `${a}/${b}`;
    return ALIASES[joined] ?? joined;
  }
  if (!/^[a-z]+$/.test(r) || STOPWORDS.has(r) || NOT_UNIT.has(r)) return null;
  return `w:${stem(r)}`;
}
const NOT_UNIT = new Set('because but so and or then which while since after before until to into out point overall total'.split(' '));

const unitCache = new Map<string, string | null>();
function cachedUnit(raw: string): string | null {
  let u = unitCache.get(raw);
  if (u === undefined) {
    u = canonUnit(raw);
    if (unitCache.size > 10_000) unitCache.clear();
    unitCache.set(raw, u);
  }
  return u;
}

function wordsValue(text: string): number {
  let total = 0;
  let cur = 0;
  let dec = '';
  let inDec = false;
  for (const t of text.split(/[\s-]+/)) {
    if (t === 'and' || t === '') continue;
    if (t === 'point') {
      inDec = true;
      continue;
    }
    if (t === 'a' || t === 'an') {
      cur += 1;
      continue;
    }
    if (t === 'hundred') cur = (cur || 1) * 100;
    else if (t === 'thousand' || t === 'million') {
      total += (cur || 1) * (t === 'thousand' ? 1000 : 1_000_000);
      cur = 0;
    } else {
      const v = WORD_VALUE.get(t) ?? 0;
      if (inDec) dec += String(v);
      else cur += v;
    }
  }
  return total + cur + (dec ? Number(`0.${dec}`) : 0);
}

/**
 * Seconds of a clock time CLOCK accepted ("0:12", "01:02:03.5"): each colon part read as an
 * integer, and the fraction as `Number("0." + digits)`, which for up to 14 digits is the
 * exact integer of its digits over the exact power of ten (one correctly rounded division).
 */
export function clockValue(text: string): number {
  let secs = 0;
  let part = 0;
  let k = 0;
  for (; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 58) {
      secs = secs * 60 + part;
      part = 0;
    } else if (c === 46) break;
    else part = part * 10 + (c - 48);
  }
  secs = secs * 60 + part;
  if (k >= text.length) return secs;
  const digits = text.length - k - 1;
  if (digits > 14) return secs + Number(`0.${text.slice(k + 1)}`);
  let n = 0;
  for (let j = k + 1; j < text.length; j++) n = n * 10 + (text.charCodeAt(j) - 48);
  return secs + n / 10 ** digits;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** What `[\d.:]` matches. */
function isRunChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 58;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46;
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** Where UNIT_RE's group 1 starts in the last unitMatchEnd call. */
export let unitTextStart = 0;

/**
 * UNIT_RE matched by hand at `at` (it runs once per number, and exec() builds a match
 * object each time): the end of the match, or `at` when there is none; the unit text
 * (group 1) starts at unitTextStart. `[ \t]*(%|°|[a-z]+\/[a-z]+|[a-z]+(?:\s+per\s+[a-z]+)?)`.
 */
export function unitMatchEnd(lower: string, at: number): number {
  let k = at;
  let c = lower.charCodeAt(k);
  while (c === 32 || c === 9) c = lower.charCodeAt(++k);
  unitTextStart = k;
  if (c === 37 || c === 0xb0) return k + 1;
  if (!isLetter(c)) return at;
  let j = k + 1;
  while (isLetter(lower.charCodeAt(j))) j++;
  if (lower.charCodeAt(j) === 47 && isLetter(lower.charCodeAt(j + 1))) {
    let e = j + 2;
    while (isLetter(lower.charCodeAt(e))) e++;
    return e;
  }
  let p = j;
  while (isSpace(lower.charCodeAt(p))) p++;
  if (p > j && lower.startsWith('per', p)) {
    const q = p + 3;
    let r = q;
    while (isSpace(lower.charCodeAt(r))) r++;
    if (r > q && isLetter(lower.charCodeAt(r))) {
      r++;
      while (isLetter(lower.charCodeAt(r))) r++;
      return r;
    }
  }
  return j;
}

function withUnit(lower: string, start: number, end: number, value: number, kind: Num['kind'], frames: boolean): Num {
  let unit: string | null = null;
  let unitEnd = end;
  const uEnd = unitMatchEnd(lower, end);
  if (uEnd > end) {
    const ts = unitTextStart;
    const len = uEnd - ts;
    // Most unit words recur ("points", "seconds"): one slot per first char, last char and
    // length holds the last one seen there, compared in place (no slice, no hashing).
    const slot = (lower.charCodeAt(ts) * 31 + lower.charCodeAt(uEnd - 1) * 7 + len) & SLOT_MASK;
    const raw = slotRaw[slot];
    if (raw !== undefined && raw.length === len && lower.startsWith(raw, ts)) {
      unit = slotUnit[slot] ?? null;
      if (unit !== null) unitEnd = uEnd;
    } else {
      const u1 = lower.slice(ts, uEnd);
      unit = unitOf(u1);
      if (!u1.includes(' per ')) {
        slotRaw[slot] = u1;
        slotUnit[slot] = unit;
        if (unit !== null) unitEnd = uEnd;
      } else if (unit !== null) unitEnd = end + (!unit.includes('/') ? lower.slice(end, uEnd).indexOf(' per ') : uEnd - end);
    }
  }
  // PRE_FRAME needs "frame" right before the number: a substring check first.
  const from = Math.max(0, start - 18);
  const preFrame = frames && frameWithin(from, start) && PRE_FRAME.test(lower.slice(from, start));
  return { value, start, end, kind, unit, unitEnd, preFrame };
}

// Where "frame" occurs in the answer being read (found once per answer when it occurs at all):
// a number checks its own 18 characters, not a search on through the rest of the answer.
let framePos: number[] = [];

/** Whether "frame" starts somewhere in [from, to). */
function frameWithin(from: number, to: number): boolean {
  for (const p of framePos) {
    if (p >= to) return false;
    if (p >= from) return true;
  }
  return false;
}

function findFrames(lower: string): void {
  framePos = [];
  for (let p = lower.indexOf('frame'); p >= 0; p = lower.indexOf('frame', p + 1)) framePos.push(p);
}

const SLOT_MASK = 255;
const slotRaw: (string | undefined)[] = new Array<string | undefined>(SLOT_MASK + 1).fill(undefined);
const slotUnit: (string | null)[] = new Array<string | null>(SLOT_MASK + 1).fill(null);

/** The unit of a unit text UNIT_RE matched: "12 per cent" style two-word units fall back to their first word. */
function unitOf(u1: string): string | null {
  const unit = cachedUnit(u1);
  if (unit === null && u1.includes(' per ')) return cachedUnit(u1.split(' ')[0] ?? '');
  return unit;
}

/**
 * The digit number of the DIGITS_RE match that ends at `matchEnd` (found searching from
 * `prev`), appended to `out` unless it continues a word ("x1"); its first digit goes to `starts`. test() rather than exec():
 * no match object per number. The match is the first digit at or after `prev`, through the
 * run of digits, "." and ":" that ends at `matchEnd`.
 */
function pushDigits(lower: string, prev: number, matchEnd: number, out: Num[], frames: boolean, starts: number[]): void {
  let start = matchEnd - 1;
  while (start > prev && isRunChar(lower.charCodeAt(start - 1))) start--;
  while (!isDigit(lower.charCodeAt(start))) start++;
  starts.push(start);
  if (start > 0 && isWordChar(lower.charCodeAt(start - 1))) return;
  let end = matchEnd;
  for (let c = lower.charCodeAt(end - 1); c === 46 || c === 58; c = lower.charCodeAt(end - 1)) end--;
  let value: number;
  let kind: Num['kind'] = 'digits';
  // The number's text is sliced out only when it has a colon (clock times) or is unusual.
  let colon = -1;
  for (let k = start; k < end; k++) {
    if (lower.charCodeAt(k) === 58) {
      colon = k - start;
      break;
    }
  }
  const text = colon >= 0 ? lower.slice(start, end) : '';
  if (colon >= 0 && CLOCK.test(text)) {
    value = clockValue(text);
    kind = 'clock';
  } else {
    value = colon >= 0 ? parseDecimal(text) : parseDecimalAt(lower, start, end);
    if (colon >= 0) {
      // "step 1:2" style: keep the first number only
      out.push(withUnit(lower, start, start + colon, value, kind, frames));
      return;
    }
    const sign = lower.charCodeAt(start - 1);
    if ((sign === 45 || sign === 8722) && (start < 2 || !isWordChar(lower.charCodeAt(start - 2)))) {
      value = -value;
      start--;
    }
  }
  out.push(withUnit(lower, start, end, value, kind, frames));
}

/**
 * The number written in words around the number word found at `wordStart` (WORDS_RE
 * anchored where its match would start: on an "a "/"an " before it, not reaching back
 * before `from`), appended to `words`; returns where its match ends, or -1 when none.
 */
function pushWords(lower: string, wordStart: number, from: number, words: Num[], frames: boolean): number {
  let start = wordStart;
  let k = start - 1;
  while (k >= from && isSpace(lower.charCodeAt(k))) k--;
  if (k < start - 1 && k >= from) {
    if (lower.charCodeAt(k) === 97 && !isWordCode(lower.charCodeAt(k - 1))) start = k;
    else if (k - 1 >= from && lower.charCodeAt(k) === 110 && lower.charCodeAt(k - 1) === 97 && !isWordCode(lower.charCodeAt(k - 2))) start = k - 1;
  }
  WORDS_RE.lastIndex = start;
  const m = WORDS_RE.exec(lower);
  if (!m) return -1;
  words.push(withUnit(lower, start, start + m[0].length, wordsValue(m[0]), 'words', frames));
  return start + m[0].length;
}

/** Numbers written with digits (and clock times), in order; `words` adds numbers written as words. */
export function numbersOf(doc: Doc, words = true): Num[] {
  const memo = (words ? doc.numbers : doc.digits) as Num[] | undefined;
  if (memo) return memo;
  const lower = doc.lower;
  const frames = lower.includes('frame');
  if (frames) findFrames(lower);
  let out = doc.digits as Num[] | undefined;
  // Number words: a scan for the words alone (the optional "a "/"an " in front of WORDS_RE
  // makes every "a" a place to try); at each one, WORDS_RE anchored where its match would
  // start. A match always holds a number word, and the scan resumes after each match, so
  // these are the matches a WORDS_RE scan finds.
  const found: Num[] = [];
  if (!out) {
    out = [];
    const starts: number[] = [];
    if (words) {
      // Digits and number words in one pass (neither kind of match can overlap the other,
      // nor hide one: digit runs hold no letters, word matches no digits). Which one matched
      // shows in the last character: a letter ends a number word.
      let from = 0;
      NUMBER_SCAN.lastIndex = 0;
      for (let prev = 0; NUMBER_SCAN.test(lower); prev = NUMBER_SCAN.lastIndex) {
        const end = NUMBER_SCAN.lastIndex;
        if (!isLetter(lower.charCodeAt(end - 1))) {
          pushDigits(lower, prev, end, out, frames, starts);
          continue;
        }
        let start = end - 1;
        while (start > 0 && isLetter(lower.charCodeAt(start - 1))) start--;
        const e = pushWords(lower, start, from, found, frames);
        if (e >= 0) NUMBER_SCAN.lastIndex = from = e;
      }
    } else {
      DIGITS_RE.lastIndex = 0;
      for (let prev = 0; DIGITS_RE.test(lower); prev = DIGITS_RE.lastIndex) pushDigits(lower, prev, DIGITS_RE.lastIndex, out, frames, starts);
    }
    doc.digits = out;
    doc.digitStarts = starts;
  } else if (words) {
    let from = 0;
    NUM_WORD_SCAN.lastIndex = 0;
    for (let w = NUM_WORD_SCAN.exec(lower); w; w = NUM_WORD_SCAN.exec(lower)) {
      const e = pushWords(lower, w.index, from, found, frames);
      if (e >= 0) NUM_WORD_SCAN.lastIndex = from = e;
    }
  }
  if (words) {
    // Copied only when a number word is found; else the digit list serves for both.
    if (found.length) {
      out = out.concat(found);
      sortSmall(out, byNumStart);
    }
    doc.numbers = out;
  }
  return out;
}

function byNumStart(x: Num, y: Num): number {
  return x.start - y.start;
}
