/**
 * Number labels: the number the answer commits to — in the conclusion, after "is",
 * "=", "about", with the label's unit — not operands of its arithmetic, not numbers
 * attached to another unit ("3 seconds" for a px/s label), not negated ones — must be
 * within tolerance of the label.
 */
import type { Doc } from './doc';
import { conclusion, docOf, isQuestion, sentenceAt } from './doc';
import { DEFAULT_REL_TOL, type Check, type NumberLabel } from './labels';
import { canonUnit, isKnownUnit, numbersOf, type Num } from './numbers';

const COMMIT_BEFORE =
  /(?:\bis|\bwas|\bare|=|:|\bof|\bbe|\bat|\baround|\babout|approximately|roughly|~|≈|\bestimated?|\btotals?|\btotaling|\bequals?|\bgives?|\byields?|\breach(?:es)?|\bscored?|\bscores|\banswer|\bcount|\bnumber)\s*\**\s*(?:of|is|at|be|around|about|approximately|roughly|~|≈)?\s*\**\s*$/;
const EQUALS_BEFORE = /=\s*$/;
const OPERATOR_AFTER = /^\s*(?:[×x*+\/÷]\s*\d|-\s+\d|times\b|multiplied\b|plus\b|minus\b|divided\b)/;
const OPERATOR_BEFORE = /(?:[×*+\/÷]|\bx|\btimes|\bplus|\bminus|\bby|\bout of)\s*$/;
const NEGATED_BEFORE = /\b(?:not|n't|never|rather than|instead of|than)\s+(?:[a-z]+\s+){0,2}$/;
const ATTRIBUTIVE_BEFORE = /\b(?:the|a|an)\s*$/;
const RANGE_BETWEEN = /^\s*(?:-|–|to)\s*$/;

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
  const nums = numbersOf(doc).filter((n) => n.kind !== 'clock' && !n.preFrame);
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
      const isRange = RANGE_BETWEEN.test(between) || (/^\s*and\s*$/.test(between) && /\bbetween\s*$/.test(lower.slice(Math.max(0, n.start - 10), n.start)));
      if (isRange && (n.unit === null || n.unit === next.unit)) {
        value = (n.value + next.value) / 2;
        end = next.end;
        unit = next.unit;
        i++;
      }
    }
    if (isQuestion(doc, sentenceAt(doc, n.start))) continue;
    if (want !== null && isKnownUnit(unit) && unit !== want) continue;
    const before = lower.slice(Math.max(doc.sentStart[sentenceAt(doc, n.start)] ?? 0, n.start - 32), n.start);
    const after = lower.slice(end, end + 16);
    let rank = 0;
    if (region && n.start >= region.start && n.start < region.end) rank += 2;
    if (want !== null && unit === want) rank += 2;
    if (want !== null && unit !== null && unit.startsWith('w:')) rank -= 1;
    if (COMMIT_BEFORE.test(before)) rank += 1;
    if (EQUALS_BEFORE.test(before)) rank += 0.5;
    if (OPERATOR_AFTER.test(after) || OPERATOR_BEFORE.test(before)) rank -= 2;
    if (NEGATED_BEFORE.test(before)) rank -= 3;
    // "the 50 m pool", "a 10 m platform": describes a thing, is not the answer
    if (ATTRIBUTIVE_BEFORE.test(before)) rank -= 1;
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
  const shown = Number(best.value.toFixed(6));
  return {
    type: 'number',
    pass,
    extracted: shown,
    span: [best.start, best.end],
    score,
    threshold: 0,
    reason: `answers ${shown}, label ${label.value} ± ${Number(tol.toFixed(6))} (off by ${Number(err.toFixed(6))})`,
  };
}
