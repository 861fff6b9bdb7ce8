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
const { conclusion, docOf, isQuestion, sentenceAt } = docModule;
const { canonUnit, isKnownUnit, numbersOf } = numbersModule;
const { numStr, roundFixed } = fixedModule;

const COMMIT = new Set(
  'is was are of be at around about approximately roughly ~ ≈ = : estimate estimated total totals totaling equal equals give gives yield yields reach reaches score scored scores answer count number'.split(' '),
);
const LINK = new Set('of is at be around about approximately roughly ~ ≈'.split(' '));
const OPERATOR = new Set('× * + / ÷ x times plus minus by'.split(' '));
const NEGATOR = new Set(['not', 'never', 'than']);
const ARTICLE = new Set(['the', 'a', 'an']);
// What the word before a number is, as bits: one map lookup instead of one per set.
const F_COMMIT = 1;
const F_LINK = 2;
const F_OPERATOR = 4;
const F_ARTICLE = 8;
const FLAGS = new Map<string, number>();
const flag = (words: Iterable<string>, bit: number): void => {
  for (const w of words) FLAGS.set(w, (FLAGS.get(w) ?? 0) | bit);
};
flag(COMMIT, F_COMMIT);
flag(LINK, F_LINK);
flag(OPERATOR, F_OPERATOR);
flag(ARTICLE, F_ARTICLE);
const OPERATOR_AFTER = /\s*(?:[×x*+\/÷]\s*\d|-\s+\d|times\b|multiplied\b|plus\b|minus\b|divided\b)/y;

function isWord(k: number): boolean {
  return (k >= 97 && k <= 122) || k === 39;
}

/** Up to `n` tokens before `pos` (words, or single symbols), nearest first, not crossing `floor`. */
function tokensBefore(lower: string, pos: number, floor: number, n: number): string[] {
  const out: string[] = [];
  let i = pos - 1;
  while (out.length < n && i >= floor) {
    let c = lower.charCodeAt(i);
    while (i >= floor && (c === 32 || c === 42 || c === 9)) c = lower.charCodeAt(--i);
    if (i < floor) break;
    const end = i + 1;
    if (isWord(c)) {
      while (i >= floor && isWord(lower.charCodeAt(i))) i--;
      out.push(lower.slice(i + 1, end));
    } else {
      out.push(lower[i] ?? '');
      i--;
    }
  }
  return out;
}

const RANGE_BETWEEN = /^\s*(?:-|–|to)\s*$/;
const AND_BETWEEN = /^\s*and\s*$/;
const BETWEEN_BEFORE = /\bbetween\s*$/;

function negatedBy(t: string[]): boolean {
  for (const w of t) if (NEGATOR.has(w) || w.endsWith("n't")) return true;
  return false;
}

interface Candidate {
  value: number;
  start: number;
  end: number;
  unit: string | null;
  rank: number;
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

function candidates(doc: Doc, want: string | null): Candidate[] {
  const all = numbersOf(doc);
  let nums = all;
  for (const n of all) {
    if (n.kind === 'clock' || n.preFrame) {
      nums = all.filter((x) => x.kind !== 'clock' && !x.preFrame);
      break;
    }
  }
  const region = conclusion(doc);
  const lower = doc.lower;
  const out: Candidate[] = [];
  for (let i = 0; i < nums.length; i++) {
    const n = nums[i] as Num;
    let value = n.value;
    let end = n.end;
    let unit = n.unit;
    // "80-85 points", "between 80 and 85": read a range as its middle.
    const next = nums[i + 1];
    if (next && next.kind === n.kind) {
      const between = lower.slice(n.unitEnd, next.start);
      const isRange = RANGE_BETWEEN.test(between) || (AND_BETWEEN.test(between) && BETWEEN_BEFORE.test(lower.slice(Math.max(0, n.start - 10), n.start)));
      if (isRange && (n.unit === null || n.unit === next.unit)) {
        value = (n.value + next.value) / 2;
        end = next.end;
        unit = next.unit;
        i++;
      }
    }
    if (isQuestion(doc, sentenceAt(doc, n.start))) continue;
    if (want !== null && isKnownUnit(unit) && unit !== want) continue;
    const t = tokensBefore(lower, n.start, doc.sentStart[sentenceAt(doc, n.start)] ?? 0, 3);
    const t0 = t[0] ?? '';
    const t1 = t[1] ?? '';
    const t2 = t[2] ?? '';
    const f0 = FLAGS.get(t0) ?? 0;
    let rank = 0;
    if (region && n.start >= region.start && n.start < region.end) rank += 2;
    if (want !== null && unit === want) rank += 2;
    if (want !== null && unit !== null && unit.startsWith('w:')) rank -= 1;
    if (f0 & F_COMMIT || (f0 & F_LINK && COMMIT.has(t1))) rank += 1;
    if (t0 === '=') rank += 0.5;
    OPERATOR_AFTER.lastIndex = end;
    if (f0 & F_OPERATOR || (t0 === 'of' && t1 === 'out') || OPERATOR_AFTER.test(lower)) rank -= 2;
    if (negatedBy(t) || (t0 === 'of' && t1 === 'instead') || (t1 === 'of' && t2 === 'instead')) rank -= 3;
    // "the 50 m pool", "a 10 m platform": describes a thing, is not the answer
    if (f0 & F_ARTICLE) rank -= 1;
    out.push({ value, start: n.start, end, unit, rank });
  }
  return out;
}

export function verifyNumber(answer: string, label: NumberLabel): Check {
  const doc = docOf(answer);
  const want = labelUnit(label);
  const tol = label.absTol ?? (label.relTol ?? DEFAULT_REL_TOL) * Math.abs(label.value);
  const cs = candidates(doc, want);
  let best: Candidate | undefined;
  for (const c of cs) if (!best || c.rank >= best.rank) best = c;
  if (!best) {
    const why = want ? `no number in ${label.unit} found` : 'no number found';
    return { type: 'number', pass: false, extracted: null, span: null, score: -1, threshold: 0, reason: why };
  }
  const err = Math.abs(best.value - label.value);
  const score = tol > 0 ? Math.max(-1, 1 - err / tol) : err === 0 ? 1 : -1;
  const pass = score >= 0;
  const shown = roundFixed(best.value, 6);
  return {
    type: 'number',
    pass,
    extracted: shown,
    span: [best.start, best.end],
    score,
    threshold: 0,
    reason: `answers ${numStr(shown)}, label ${numStr(label.value)} ± ${numStr(roundFixed(tol, 6))} (off by ${numStr(roundFixed(err, 6))})`,
  };
}
