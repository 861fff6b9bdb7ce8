/**
 * Every number an answer states, with where it is and the unit written after it:
 * digits ("82.5", "-3"), words ("eighty-two point five", "a hundred and twelve") and
 * clock times ("0:12", "00:01:05.5", as seconds). Read once per answer, shared by the
 * number, temporal-range and box verifiers.
 */
import type { Doc } from './doc';
import { STOPWORDS, stem } from './stem';
import { sortSmall } from './sort';
import { parseDecimal } from './fixed';

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
const CLOCK = /^\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?$/;
const WORDS_RE = new RegExp(
  `\\b(?:an?\\s+)?(?:${NUM_WORD})\\b(?:(?:\\s+and\\s+|[\\s-]+)(?:(?:${NUM_WORD})\\b|point\\s+(?:${NUM_WORD})\\b))*`,
  'g',
);
const UNIT_RE = /[ \t]*(%|°|[a-z]+\/[a-z]+|[a-z]+(?:\s+per\s+[a-z]+)?)/y;
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

function clockValue(text: string): number {
  const [main = '0', frac] = text.split('.');
  let secs = 0;
  for (const p of main.split(':')) secs = secs * 60 + Number(p);
  return frac ? secs + Number(`0.${frac}`) : secs;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46;
}

function withUnit(lower: string, start: number, end: number, value: number, kind: Num['kind'], frames: boolean): Num {
  let unit: string | null = null;
  let unitEnd = end;
  UNIT_RE.lastIndex = end;
  const u = UNIT_RE.exec(lower);
  if (u && u[1]) {
    unit = cachedUnit(u[1]);
    // "12 per cent" style two-word units fall back to their first word
    if (unit === null && u[1].includes(' per ')) unit = cachedUnit(u[1].split(' ')[0] ?? '');
    if (unit !== null) unitEnd = end + (u[1].includes(' per ') && !unit.includes('/') ? u[0].indexOf(' per ') : u[0].length);
  }
  const preFrame = frames && PRE_FRAME.test(lower.slice(Math.max(0, start - 18), start));
  return { value, start, end, kind, unit, unitEnd, preFrame };
}

/** Numbers written with digits (and clock times), in order; `words` adds numbers written as words. */
export function numbersOf(doc: Doc, words = true): Num[] {
  const memo = (words ? doc.numbers : doc.digits) as Num[] | undefined;
  if (memo) return memo;
  const lower = doc.lower;
  const frames = lower.includes('frame');
  let out = doc.digits as Num[] | undefined;
  if (!out) {
    out = [];
    DIGITS_RE.lastIndex = 0;
    for (let m = DIGITS_RE.exec(lower); m; m = DIGITS_RE.exec(lower)) {
      let start = m.index;
      if (start > 0 && isWordChar(lower.charCodeAt(start - 1))) continue;
      let end = start + m[0].length;
      for (let c = lower.charCodeAt(end - 1); c === 46 || c === 58; c = lower.charCodeAt(end - 1)) end--;
      const text = end === start + m[0].length ? m[0] : lower.slice(start, end);
      let value: number;
      let kind: Num['kind'] = 'digits';
      const colon = text.indexOf(':');
      if (colon >= 0 && CLOCK.test(text)) {
        value = clockValue(text);
        kind = 'clock';
      } else {
        value = parseDecimal(text);
        if (colon >= 0) {
          // "step 1:2" style: keep the first number only
          out.push(withUnit(lower, start, start + colon, value, kind, frames));
          continue;
        }
        const sign = lower.charCodeAt(start - 1);
        if ((sign === 45 || sign === 8722) && (start < 2 || !isWordChar(lower.charCodeAt(start - 2)))) {
          value = -value;
          start--;
        }
      }
      out.push(withUnit(lower, start, end, value, kind, frames));
    }
    doc.digits = out;
  }
  if (words) {
    const all = out.slice();
    WORDS_RE.lastIndex = 0;
    for (let m = WORDS_RE.exec(lower); m; m = WORDS_RE.exec(lower)) {
      if (/^an?$/.test(m[0].trim())) continue;
      all.push(withUnit(lower, m.index, m.index + m[0].length, wordsValue(m[0]), 'words', frames));
    }
    if (all.length > out.length) sortSmall(all, byNumStart);
    out = all;
    doc.numbers = out;
  }
  return out;
}

function byNumStart(x: Num, y: Num): number {
  return x.start - y.start;
}
