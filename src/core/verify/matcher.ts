/**
 * Finds where the answer names a phrase (a class label, a synonym, a sequence step) by
 * its content words' canonical forms, in any order, close together in one clause.
 * One regular expression per compiled phrase set finds candidate words by prefix; only
 * those words are normalized, so an answer is scanned once, at regex speed.
 */
import type { Doc } from './doc';
import * as docModule from './doc';
import * as stemModule from './stem';
import * as sortModule from './sort';

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { sentenceAt } = docModule;
const { ACTION_CANON, ACTION_MEMBERS, IRREGULAR_FORMS, PARTICLES, STOPWORDS, stem, words } = stemModule;
const { sortSmall } = sortModule;

export interface Phrase {
  text: string;
  /** Distinct canonical forms of its content words, in phrase order. */
  stems: string[];
  /** A single -ing word ("swimming"): met as a bare noun, it needs a fitting verb. */
  gerund: boolean;
  /** `stems` as indexes into the set's stem list (PhraseSet.ids). */
  ids: number[];
  /** `ids` as bits (bit i: stem i), or 0 when one is past bit 30 (then `ids` is searched). */
  mask: number;
}

export interface PhraseSet {
  phrases: Phrase[];
  stems: Set<string>;
  /** Index of each stem, so hits and phrases compare numbers, not strings. */
  ids: Map<string, number>;
  re: RegExp;
  /** Fold near-synonymous action verbs (sequence steps only). */
  canon: boolean;
  /** Some word is long enough to be a closed compound ("skateboarding"). */
  compounds: boolean;
}

export interface Hit {
  start: number;
  end: number;
  stem: string;
  /** Index of `stem` in the set (PhraseSet.ids). */
  sid: number;
  /** Index of its sentence. */
  sent: number;
  /** First clause break (BREAK) at or after `end`, or -1 when not looked for yet (see breakAfter). */
  brk: number;
}

export interface Mention {
  phrase: number;
  start: number;
  end: number;
  /** Hits making up the mention, by position. */
  parts: Hit[];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Content stems of a phrase; function words (and, for steps, particles) dropped unless nothing is left. */
export function phraseStems(text: string, canon: boolean): string[] {
  const ws = words(text);
  let content = ws.filter((w) => !STOPWORDS.has(w) && !(canon && PARTICLES.has(w)));
  if (content.length === 0) content = ws.filter((w) => !STOPWORDS.has(w));
  if (content.length === 0) content = ws;
  const out: string[] = [];
  for (const w of content) {
    let s = stem(w);
    if (canon) s = ACTION_CANON.get(s) ?? s;
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

export function compilePhrases(texts: string[], canon = false): PhraseSet {
  const ids = new Map<string, number>();
  const phrases = texts.map((text) => {
    const stems = phraseStems(text, canon);
    for (const x of stems) if (!ids.has(x)) ids.set(x, ids.size);
    const own = stems.map((x) => ids.get(x) as number);
    const mask = own.every((i) => i <= 30) ? own.reduce((m, i) => m | (1 << i), 0) : 0;
    return { text, stems, gerund: stems.length === 1 && /ing$/.test(text.trim().toLowerCase()), ids: own, mask };
  });
  const stems = new Set<string>(ids.keys());
  const prefixes = new Set<string>();
  for (const s of stems) {
    const members = canon ? (ACTION_MEMBERS.get(s) ?? [s]) : [s];
    for (const m of members) {
      prefixes.add(m.length > 2 && m.endsWith('i') ? m.slice(0, -1) : m);
      for (const f of IRREGULAR_FORMS.get(m) ?? []) prefixes.add(f);
    }
  }
  const alts = [...prefixes].sort((a, b) => b.length - a.length).map(escape).join('|');
  // No word at all (a label like "?"): an empty alternation would match the empty string at
  // every \b and findHits' test() loop would never advance; match nothing instead.
  const re = alts ? new RegExp(`\\b(?:${alts})[a-z0-9']*`, 'g') : /(?!)/g;
  return { phrases, stems, ids, re, canon, compounds: [...stems].some((x) => x.length >= 7) };
}

/** A word's canonical form as the set uses it (action verbs folded for steps). */
function setStem(set: PhraseSet, word: string): string {
  const s = stem(word);
  return set.canon ? (ACTION_CANON.get(s) ?? s) : s;
}

/**
 * Per set, the last word seen in each of a few slots (by first char, last char and length)
 * with its stem and stem index (-1: not one of the set's): recurring words are recognized
 * by comparing in place, with no slice, hash or stem lookup.
 */
interface WordSlots {
  words: (string | undefined)[];
  stems: string[];
  sids: Int32Array;
}
const SLOT_MASK = 127;
const slotsOf = new WeakMap<PhraseSet, WordSlots>();

function isAlnumCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * Words of the answer whose canonical form is one of the set's stems; only those starting in
 * [from, to) when a range is given (`from` at a word start: a sentence or marker start).
 */
export function findHits(doc: Doc, set: PhraseSet, from = 0, to = Infinity): Hit[] {
  const hits: Hit[] = [];
  const re = set.re;
  const lower = doc.lower;
  let slots = slotsOf.get(set);
  if (!slots) {
    slots = { words: new Array<string | undefined>(SLOT_MASK + 1).fill(undefined), stems: new Array<string>(SLOT_MASK + 1).fill(''), sids: new Int32Array(SLOT_MASK + 1) };
    slotsOf.set(set, slots);
  }
  re.lastIndex = from;
  // test(), not exec(): no match object per word. A match is a \b, a stem prefix, then
  // [a-z0-9']* to the end of the run, so it ends at lastIndex; without an apostrophe in the
  // run (or a "_" before it) the only \b it can start at is where the run of [a-z0-9]
  // before lastIndex starts. Anything else asks exec() for the start.
  for (let prev = from; re.test(lower); prev = re.lastIndex) {
    const end = re.lastIndex;
    let start = end;
    while (start > prev && isAlnumCode(lower.charCodeAt(start - 1))) start--;
    const before = start > 0 ? lower.charCodeAt(start - 1) : 32;
    if (before === 39 || before === 95 || (before >= 65 && before <= 90) || isAlnumCode(before)) {
      re.lastIndex = prev;
      start = (re.exec(lower) as RegExpExecArray).index;
    }
    if (start >= to) break;
    const len = end - start;
    const slot = (lower.charCodeAt(start) * 31 + lower.charCodeAt(end - 1) * 7 + len) & SLOT_MASK;
    const w = slots.words[slot];
    let sid: number;
    let st: string;
    if (w !== undefined && w.length === len && lower.startsWith(w, start)) {
      sid = slots.sids[slot] as number;
      st = slots.stems[slot] as string;
    } else {
      const word = lower.slice(start, end);
      st = setStem(set, word);
      sid = set.ids.get(st) ?? -1;
      slots.words[slot] = word;
      slots.stems[slot] = st;
      slots.sids[slot] = sid;
    }
    if (sid >= 0) hits.push({ start, end, stem: st, sid, sent: sentenceAt(doc, start), brk: -1 });
  }
  // "blow-drying" for "blowdrying": join hyphenated words when the label has a long word.
  if (set.compounds && lower.includes('-')) {
    HYPHENATED.lastIndex = from;
    for (let m = HYPHENATED.exec(lower); m && m.index < to; m = HYPHENATED.exec(lower)) {
      const s = setStem(set, m[0].replace(/-/g, ''));
      const sid = set.ids.get(s);
      if (sid !== undefined) hits.push({ start: m.index, end: m.index + m[0].length, stem: s, sid, sent: sentenceAt(doc, m.index), brk: -1 });
    }
    sortSmall(hits, byStart);
  }
  return hits;
}

const HYPHENATED = /\b[a-z]+(?:-[a-z]+)+/g;

function byStart(a: Hit, b: Hit): number {
  return a.start - b.start;
}

/** Clause punctuation between two words (".;:!?" and newline; "," too when asked). */
function hasBreak(lower: string, from: number, to: number, comma: boolean): boolean {
  for (let i = from; i < to; i++) {
    const c = lower.charCodeAt(i);
    if (c === 46 || c === 59 || c === 58 || c === 33 || c === 63 || c === 10 || (comma && c === 44)) return true;
  }
  return false;
}

/** The characters hasBreak looks for, comma included. */
const BREAK = /[.;:!?\n,]/g;

/**
 * Where the first clause break (comma included) at or after the hit's end is (the text's
 * length when none), found once per hit: `hasBreak(lower, hit.end, to, true)` is then
 * `breakAfter(lower, hit) < to`, with no character loop per pair of hits.
 */
function breakAfter(lower: string, hit: Hit): number {
  if (hit.brk < 0) {
    BREAK.lastIndex = hit.end;
    hit.brk = BREAK.test(lower) ? BREAK.lastIndex - 1 : lower.length;
  }
  return hit.brk;
}

/**
 * Mentions of each phrase: for every hit of one of its words, the nearest hits of its
 * other words in the same sentence within `window` characters, with no clause
 * punctuation between them. `need(k)` says how many of k words must be present.
 */
export function findMentions(
  doc: Doc,
  set: PhraseSet,
  hits: Hit[],
  window = 50,
  need: (k: number) => number = (k) => k,
  noComma = true,
  only?: readonly number[],
): Mention[] {
  const out: Mention[] = [];
  const lower = doc.lower;
  // Reused across hits; np is its length (no length writes, no array per hit).
  const parts: Hit[] = [];
  // Which stems occur at all (bits, as Phrase.mask): a phrase with too few of its words
  // among the hits has no mention, and is passed over without looking at its hits.
  let present = 0;
  for (let hi = 0; hi < hits.length; hi++) {
    const sid = (hits[hi] as Hit).sid;
    if (sid <= 30) present |= 1 << sid;
  }
  // `only`: the phrases worth trying (a large set's caller knows which hold a hit's word).
  const count = only ? only.length : set.phrases.length;
  for (let qi = 0; qi < count; qi++) {
    const pi = only ? (only[qi] as number) : qi;
    const p = set.phrases[pi] as Phrase;
    const ids = p.ids;
    const k = ids.length;
    const required = need(k);
    const mask = p.mask;
    if (mask !== 0 && bitCount(mask & present) < required) continue;
    for (let hi = 0; hi < hits.length; hi++) {
      const h = hits[hi] as Hit;
      if (mask !== 0 ? h.sid > 30 || ((mask >>> h.sid) & 1) === 0 : !ids.includes(h.sid)) continue;
      if (k === 1) {
        out.push({ phrase: pi, start: h.start, end: h.end, parts: [h] });
        continue;
      }
      let np = 0;
      parts[np++] = h;
      // The other words' hits in answer order (hits are few: no per-stem lists). Hits are
      // sorted by start, so those of h's sentence are contiguous around it, and none after
      // one starting past the window can be near enough.
      let from = hi;
      while (from > 0 && (hits[from - 1] as Hit).sent === h.sent) from--;
      for (let si = 0; si < k; si++) {
        const sid = ids[si] as number;
        if (sid === h.sid) continue;
        let best: Hit | undefined;
        let bestDist = Infinity;
        for (let oi = from; oi < hits.length; oi++) {
          const o = hits[oi] as Hit;
          if (o.sent !== h.sent || o.start - h.end > window) break;
          if (o.sid !== sid) continue;
          const dist = o.start > h.start ? o.start - h.end : h.start - o.end;
          if (dist < 0 || dist > window || dist >= bestDist) continue;
          const to = Math.max(h.start, o.start);
          if (noComma ? breakAfter(lower, h.end <= o.end ? h : o) < to : hasBreak(lower, Math.min(h.end, o.end), to, false)) continue;
          best = o;
          bestDist = dist;
        }
        if (best) parts[np++] = best;
      }
      if (np < required) continue;
      let sorted: Hit[];
      if (np === 2) sorted = (parts[1] as Hit).start < h.start ? [parts[1] as Hit, h] : [h, parts[1] as Hit];
      else {
        sorted = parts.slice(0, np);
        if (np > 2) sortSmall(sorted, byStart);
      }
      const start = (sorted[0] as Hit).start;
      const end = (sorted[sorted.length - 1] as Hit).end;
      let dup = false;
      for (let i = out.length - 1; i >= 0 && !dup; i--) {
        const o = out[i] as Mention;
        dup = o.phrase === pi && o.start === start && o.end === end;
      }
      if (dup) continue;
      out.push({ phrase: pi, start, end, parts: sorted });
    }
  }
  return sortSmall(out, byStartLongest);
}

function bitCount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}

function byStartLongest(a: Mention, b: Mention): number {
  return a.start - b.start || b.end - a.end;
}
