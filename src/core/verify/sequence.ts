/**
 * Sequence labels: the steps must be described in order. A step is found where most of
 * its content words (folding near-synonymous verbs: grab/pick/take) occur together and
 * are not negated; "X after Y" and "Before X, Y" put Y first. The score is the longest
 * in-order chain of found steps (LCS) over the number of steps.
 */
import type { Doc } from './doc';
import * as docModule from './doc';
import type { Check, SequenceLabel, Span } from './labels';
import * as matcherModule from './matcher';
import type { Mention, PhraseSet } from './matcher';
import * as fixedModule from './fixed';
import * as sortModule from './sort';

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { conclusion, docOf, isNegated, isQuestion, isSpace, sentenceAt, sentenceText } = docModule;
const { compilePhrases, findHits, findMentions } = matcherModule;
const { roundFixed } = fixedModule;
const { sortSmall } = sortModule;

// Cached by the steps' text (labels arrive as fresh objects; see class.ts), looked up by the
// first step and confirmed step by step: no joined key string to build and hash per call.
interface Compiled {
  steps: readonly string[];
  set: PhraseSet;
}
const byFirst = new Map<string, Compiled[]>();
let cached = 0;

function sameSteps(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function compiled(label: SequenceLabel): PhraseSet {
  const steps = label.value;
  const first = steps[0] ?? '';
  let list = byFirst.get(first);
  if (list) for (const c of list) if (sameSteps(c.steps, steps)) return c.set;
  const set = compilePhrases(steps, true);
  if (cached > 10_000) {
    byFirst.clear();
    cached = 0;
    list = undefined;
  }
  if (!list) byFirst.set(first, (list = []));
  list.push({ steps: steps.slice(), set });
  cached++;
  return set;
}

const need = (k: number): number => (k <= 2 ? k : Math.ceil(0.6 * k));
const LEADING_BEFORE = /^[\s\d.)*#-]*(?:step\s*\d+\s*[:.)-]?\s*)?before\b/;
const MID_AFTER = /\s(?:after|once)\s(?!that\b|this\b|which\b|a while\b|some\b|it\b|these\b|those\b)/;

/**
 * Whether LEADING_BEFORE could match: past the longest run of its leading [\s\d.)*#-],
 * "step" or "before" must start (neither starts with a character of that run, so a shorter
 * run cannot help). One character looked at instead of a search of the sentence.
 */
function mayLeadWithBefore(body: string): boolean {
  let k = 0;
  let c = body.charCodeAt(0);
  while (isSpace(c) || (c >= 48 && c <= 57) || c === 46 || c === 41 || c === 42 || c === 35 || c === 45) c = body.charCodeAt(++k);
  return c === 98 || c === 115;
}

/** Per sentence: where "Before X," ends, or where "after" starts and its clause ends (-1: none). */
interface Order {
  leadComma: number;
  after: number;
  afterEnd: number;
}

function orderOf(doc: Doc, i: number): Order {
  let memo = doc.seqOrder as (Order | undefined)[] | undefined;
  if (!memo) {
    memo = [];
    doc.seqOrder = memo;
  }
  let o = memo[i];
  if (o) return o;
  const body = sentenceText(doc, i);
  o = { leadComma: -1, after: -1, afterEnd: -1 };
  // Each pattern needs its word: a substring check before the regex.
  const lead = mayLeadWithBefore(body) && body.includes('before') ? LEADING_BEFORE.exec(body) : null;
  if (lead) {
    const comma = body.indexOf(',', lead[0].length);
    o.leadComma = comma >= 0 ? comma : body.length;
  } else {
    const after = body.includes('after') || body.includes('once') ? MID_AFTER.exec(body) : null;
    if (after && after.index > 0 && !/^\W*$/.test(body.slice(0, after.index))) {
      o.after = after.index;
      const comma = body.indexOf(',', after.index);
      o.afterEnd = comma >= 0 ? comma : body.length;
    }
  }
  memo[i] = o;
  return o;
}

/** Sort key in time order: sentence, then which side of "after"/"before" it is on, then position. */
function timeKey(doc: Doc, pos: number): number {
  const i = sentenceAt(doc, pos);
  const rel = pos - (doc.sentStart[i] ?? 0);
  const o = orderOf(doc, i);
  let sub = 1;
  // "Before X, Y": Y, then X
  if (o.leadComma >= 0) sub = rel < o.leadComma ? 2 : 1;
  // "X after Y, then Z": Y, X, Z
  else if (o.after >= 0) sub = rel < o.after ? 2 : rel < o.afterEnd ? 0 : 3;
  return (i * 4 + sub) * 1e7 + pos;
}

interface Placed {
  step: number;
  key: number;
  m: Mention;
  /** Index of the sentence holding the mention. */
  sent: number;
}

export function verifySequence(answer: string, label: SequenceLabel): Check {
  const doc = docOf(answer);
  const set = compiled(label);
  const n = label.value.length;
  const threshold = label.minScore ?? 1;
  const hits = findHits(doc, set);
  let placed: Placed[] = [];
  if (hits.length) {
    for (const m of findMentions(doc, set, hits, 60, need)) {
      // Questions and negations drop a step; a hedged one still counts, so hedges are not looked for.
      const sent = sentenceAt(doc, m.start);
      if (isQuestion(doc, sent) || isNegated(doc, m.start, m.end)) continue;
      placed.push({ step: m.phrase, key: timeKey(doc, m.start), m, sent });
    }
  }
  // A conclusion that restates the order ("So the order is: …") decides.
  // Only asked when it could decide: the conclusion lies within one sentence, so it can
  // hold enough steps only when some sentence does.
  const enough = Math.min(2, n);
  const region = placed.length && richestSentence(placed) >= enough ? conclusion(doc) : null;
  if (region) {
    const inside = placed.filter((p) => p.m.start >= region.start && p.m.end <= region.end);
    if (distinctSteps(inside) >= enough) placed = inside;
  }
  // Longest chain of steps in label order with increasing time keys.
  sortSmall(placed, byTimeKey);
  const np = placed.length;
  const len = scratch(np);
  const back = scratchBack;
  let bestEnd = -1;
  for (let i = 0; i < np; i++) {
    const p = placed[i] as Placed;
    len[i] = 1;
    back[i] = -1;
    for (let j = 0; j < i; j++) {
      const q = placed[j] as Placed;
      if (q.step < p.step && q.key < p.key && (len[j] as number) + 1 > (len[i] as number)) {
        len[i] = (len[j] as number) + 1;
        back[i] = j;
      }
    }
    if (bestEnd < 0 || (len[i] as number) > (len[bestEnd] as number)) bestEnd = i;
  }
  const chain: Placed[] = [];
  for (let i = bestEnd; i >= 0; i = back[i] as number) chain.push(placed[i] as Placed);
  chain.reverse();
  const order: string[] = [];
  for (const p of placed) {
    const text = label.value[p.step] ?? '';
    if (!order.includes(text)) order.push(text);
  }
  const score = n ? chain.length / n : 0;
  const pass = score >= threshold;
  const missing: string[] = [];
  for (let i = 0; i < n; i++) if (!hasStep(placed, i)) missing.push(label.value[i] as string);
  let reason: string;
  if (chain.length === n) reason = `all ${n} steps in order`;
  else if (missing.length) reason = `${chain.length} of ${n} steps in order; not found: ${missing.map((s) => `"${s}"`).join(', ')}`;
  else reason = `${chain.length} of ${n} steps in order; the rest are out of order`;
  const span: Span[] = chain.map((p) => [p.m.start, p.m.end]);
  return { type: 'sequence', pass, extracted: order, span, score: roundFixed(score, 4), threshold, reason };
}

// Per-call scratch for the chain search, grown as needed (chains are short; no arrays per answer).
let scratchLen = new Int32Array(16);
let scratchBack = new Int32Array(16);
function scratch(n: number): Int32Array {
  if (scratchLen.length < n) {
    scratchLen = new Int32Array(n * 2);
    scratchBack = new Int32Array(n * 2);
  }
  return scratchLen;
}

function hasStep(placed: readonly Placed[], step: number): boolean {
  for (const p of placed) if (p.step === step) return true;
  return false;
}

/** How many different steps the list holds. */
function distinctSteps(placed: readonly Placed[]): number {
  let d = 0;
  for (let i = 0; i < placed.length; i++) {
    const step = (placed[i] as Placed).step;
    let seen = false;
    for (let j = 0; j < i && !seen; j++) seen = (placed[j] as Placed).step === step;
    if (!seen) d++;
  }
  return d;
}

/** The most different steps any one sentence holds. */
function richestSentence(placed: readonly Placed[]): number {
  let most = 0;
  for (let i = 0; i < placed.length; i++) {
    const a = placed[i] as Placed;
    let d = 0;
    // Count each step once, at its first mention in a's sentence (only from that sentence's first mention).
    let firstInSentence = true;
    for (let j = 0; j < i && firstInSentence; j++) firstInSentence = (placed[j] as Placed).sent !== a.sent;
    if (!firstInSentence) continue;
    for (let j = i; j < placed.length; j++) {
      const b = placed[j] as Placed;
      if (b.sent !== a.sent) continue;
      let seen = false;
      for (let k = i; k < j && !seen; k++) seen = (placed[k] as Placed).sent === a.sent && (placed[k] as Placed).step === b.step;
      if (!seen) d++;
    }
    if (d > most) most = d;
  }
  return most;
}

function byTimeKey(a: Placed, b: Placed): number {
  return a.key - b.key;
}
