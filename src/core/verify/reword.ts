/**
 * A second reading for numbers, times and boxes said in words the extractors do not parse:
 * "half a minute", "thrice", "a dozen", "the 12-second mark", "from the very start",
 * "1:05" for seconds, "40%" for a fraction, a box written as x and y ranges. Each phrase is
 * rewritten in place to digits padded with spaces to its own length, so every offset (the
 * evidence spans) stays that of the original answer. Used only when the first reading
 * failed, so the common path pays nothing.
 */
import type { VerifyLabel } from './labels';

type Rule = [RegExp, (m: RegExpExecArray) => string | null];

const NUM = '(\\d+(?:\\.\\d+)?)';
const COUNT_WORDS: Record<string, string> = { once: '1', twice: '2', thrice: '3', 'a dozen': '12', 'half a dozen': '6', 'a couple of': '2', 'a pair of': '2' };
const SMALL = 'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'.split(' ');
const TENS = 'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ');
function wordValue(w: string): number | null {
  const parts = w.toLowerCase().split(/[\s-]+/);
  let v = 0;
  for (const p of parts) {
    const s = SMALL.indexOf(p);
    const t = TENS.indexOf(p);
    if (s >= 0) v += s;
    else if (t >= 0) v += 20 + 10 * t;
    else return null;
  }
  return v;
}
const WORD_NUM = `((?:${TENS.join('|')})(?:[\\s-](?:${SMALL.slice(1, 10).join('|')}))?|${SMALL.join('|')})`;

const COUNTS: Rule[] = [[/\b(half a dozen|a dozen|a couple of|a pair of|once|twice|thrice)\b/g, (m) => COUNT_WORDS[m[1] as string] ?? null]];

const DURATIONS: Rule[] = [
  [/\b(?:a|one) minute and a half\b/g, () => '90 s'],
  [/\b(?:a|one) and a half minutes?\b/g, () => '90 s'],
  [/\bhalf a minute\b/g, () => '30 s'],
  [/\b(?:a|one) minute\b(?! and)/g, () => '60 s'],
  [/\ba quarter of a minute\b/g, () => '15 s'],
  [new RegExp(`\\b${WORD_NUM} seconds?\\b`, 'g'), (m) => { const v = wordValue(m[1] as string); return v === null ? null : `${v} s`; }],
];

const MARKS: Rule[] = [
  // "half a minute in", "20 seconds in": a time into the clip
  [/\bhalf a minute in(?:to the (?:clip|video))?\b/g, () => '30 s'],
  [new RegExp(`\\b${NUM} seconds in(?:to the (?:clip|video))?\\b`, 'g'), (m) => `${m[1]} s`],
  [new RegExp(`\\bthe ${NUM}[- ]second mark\\b`, 'g'), (m) => `${m[1]} s`],
  [new RegExp(`\\bsecond ${NUM}\\b`, 'g'), (m) => `${m[1]} s`],
  [/\b(?:the very (?:start|beginning)|the (?:start|beginning) of the (?:clip|video))\b/g, () => '0 s'],
  [new RegExp(`\\bin the first ${NUM} seconds\\b`, 'g'), (m) => `from 0 to ${m[1]} s`],
  [new RegExp(`\\b${WORD_NUM}\\b(?= (?:and|to) ${WORD_NUM} seconds)`, 'g'), (m) => { const v = wordValue(m[1] as string); return v === null ? null : `${v}`; }],
];

function clockToSeconds(m: RegExpExecArray): string | null {
  return String(Number(m[1]) * 60 + Number(m[2]));
}

/** Rewrites each match in place, padded to its length; skipped where the rewrite is longer. */
function apply(text: string, rules: readonly Rule[]): string {
  let out = text;
  for (const [re, to] of rules) {
    re.lastIndex = 0;
    const lower = out.toLowerCase();
    let next = '';
    let last = 0;
    for (let m = re.exec(lower); m; m = re.exec(lower)) {
      const r = to(m);
      if (r === null || r.length > m[0].length) continue;
      next += out.slice(last, m.index) + r.padEnd(m[0].length, ' ');
      last = m.index + m[0].length;
    }
    if (last) out = next + out.slice(last);
  }
  return out;
}

/** A box said as ranges: "x between 0.2 and 0.5 … y between 0.3 and 0.7" (or from … to, percents, "x 0.1–0.5"). */
const AXIS = new RegExp(`\\b(x|y|horizontally|vertically)\\b[^.;\\d]{0,40}?${NUM}(%?)\\s*(?:and|to|-|–)\\s*${NUM}(%?)`, 'g');
// Gaps bounded, so a long answer without periods cannot make the lazy gaps backtrack for long.
const EDGES = /\bleft(?: edge)? (?:at|is|of) (\d*\.?\d+)[^.]{0,40}?\btop(?: edge)? (?:at|is|of) (\d*\.?\d+)[^.]{0,40}?\bright(?: edge)? (?:at|is|of) (\d*\.?\d+)[^.]{0,40}?\bbottom(?: edge)? (?:at|is|of) (\d*\.?\d+)/;

function boxRanges(text: string): string {
  const lower = text.toLowerCase();
  const e = EDGES.exec(lower);
  if (e) {
    const box = `[${e[1]}, ${e[2]}, ${e[3]}, ${e[4]}]`;
    if (box.length <= e[0].length) return text.slice(0, e.index) + box.padEnd(e[0].length, ' ') + text.slice(e.index + e[0].length);
  }
  AXIS.lastIndex = 0;
  const axes: { axis: 'x' | 'y'; a: number; b: number; start: number; end: number }[] = [];
  for (let m = AXIS.exec(lower); m; m = AXIS.exec(lower)) {
    const axis = m[1] === 'x' || m[1] === 'horizontally' ? 'x' : 'y';
    const scale = (p: string | undefined) => (p === '%' ? 100 : 1);
    axes.push({ axis, a: Number(m[2]) / scale(m[3]), b: Number(m[4]) / scale(m[5]), start: m.index, end: m.index + m[0].length });
  }
  const x = axes.find((a) => a.axis === 'x');
  const y = axes.find((a) => a.axis === 'y');
  if (!x || !y) return text;
  const box = `[${x.a}, ${y.a}, ${x.b}, ${y.b}]`;
  const start = Math.min(x.start, y.start);
  const end = Math.max(x.end, y.end);
  if (box.length > end - start) return text;
  return text.slice(0, start) + box.padEnd(end - start, ' ') + text.slice(end);
}

const BOX = /\[\s*\d*\.?\d+\s*,\s*\d*\.?\d+\s*,\s*\d*\.?\d+\s*,\s*\d*\.?\d+\s*\]|\(\s*\d*\.?\d+\s*,\s*\d*\.?\d+\s*\)\s*to\s*\(\s*\d*\.?\d+\s*,\s*\d*\.?\d+\s*\)/g;
const Q_OBJECT = /\bwhere is (?:the |a |an )?([a-z]+)/;
const OBJECT_SYNONYMS: Record<string, string[]> = { person: ['person', 'rider', 'man', 'woman', 'player', 'child', 'boy', 'girl'] };

/**
 * Boxes of several objects: only the asked object's box is kept ("Where is the dog?": the box
 * after "dog", not the cat's); the others are blanked. The text unchanged when the question
 * names no object or fewer than two boxes are given.
 */
export function askedBox(text: string, question: string | undefined): string {
  const q = question ? Q_OBJECT.exec(question.toLowerCase()) : null;
  if (!q) return text;
  const lower = text.toLowerCase();
  const boxes: [number, number][] = [];
  BOX.lastIndex = 0;
  for (let m = BOX.exec(lower); m; m = BOX.exec(lower)) boxes.push([m.index, m.index + m[0].length]);
  if (boxes.length < 2) return text;
  const names = OBJECT_SYNONYMS[q[1] as string] ?? [q[1] as string];
  const owner = boxes.map(([s], i) => {
    const before = lower.slice(i > 0 ? (boxes[i - 1] as [number, number])[1] : Math.max(0, s - 60), s);
    return names.some((n) => new RegExp(`\\b${n}`).test(before));
  });
  if (owner.filter(Boolean).length !== 1) return text;
  let out = text;
  boxes.forEach(([s, e], i) => {
    if (!owner[i]) out = out.slice(0, s) + ' '.repeat(e - s) + out.slice(e);
  });
  return out;
}

/** The answer reread for this label, or null when no rule applies. Same length as `answer`. */
export function reword(answer: string, label: VerifyLabel, question?: string): string | null {
  let out = answer;
  if (label.type === 'number') {
    out = apply(out, [...COUNTS, ...DURATIONS]);
    if (label.unit && /^(?:s|sec|secs|seconds?)$/i.test(label.unit)) out = apply(out, [[/\b(\d{1,2}):(\d{2})\b/g, clockToSeconds]]);
    if (!label.unit && label.value > 0 && label.value <= 1) out = apply(out, [[new RegExp(`${NUM}\\s?%`, 'g'), (m) => String(Number(m[1]) / 100)]]);
    if (label.unit === '%') out = apply(out, [[/\b(0?\.\d+)\b(?!\s*%)/g, (m) => `${Math.round(Number(m[1]) * 1000) / 10}%`]]);
  } else if (label.type === 'temporal_range') {
    out = apply(out, [...MARKS, ...DURATIONS]);
  } else if (label.type === 'bbox') {
    out = boxRanges(askedBox(out, question));
  }
  return out === answer ? null : out;
}
