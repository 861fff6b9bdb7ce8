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
    return { text, stems, gerund: stems.length === 1 && /ing$/.test(text.trim().toLowerCase()), ids: stems.map((x) => ids.get(x) as number) };
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
  const re = new RegExp(`\\b(?:${alts})[a-z0-9']*`, 'g');
  return { phrases, stems, ids, re, canon, compounds: [...stems].some((x) => x.length >= 7) };
}

/** Words of the answer whose canonical form is one of the set's stems. */
export function findHits(doc: Doc, set: PhraseSet): Hit[] {
  const hits: Hit[] = [];
  const re = set.re;
  re.lastIndex = 0;
  for (let m = re.exec(doc.lower); m; m = re.exec(doc.lower)) {
    let s = stem(m[0]);
    if (set.canon) s = ACTION_CANON.get(s) ?? s;
    const sid = set.ids.get(s);
    if (sid !== undefined) hits.push({ start: m.index, end: m.index + m[0].length, stem: s, sid, sent: sentenceAt(doc, m.index) });
  }
  // "blow-drying" for "blowdrying": join hyphenated words when the label has a long word.
  if (set.compounds && doc.lower.includes('-')) {
    HYPHENATED.lastIndex = 0;
    for (let m = HYPHENATED.exec(doc.lower); m; m = HYPHENATED.exec(doc.lower)) {
      let s = stem(m[0].replace(/-/g, ''));
      if (set.canon) s = ACTION_CANON.get(s) ?? s;
      const sid = set.ids.get(s);
    if (sid !== undefined) hits.push({ start: m.index, end: m.index + m[0].length, stem: s, sid, sent: sentenceAt(doc, m.index) });
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
): Mention[] {
  const out: Mention[] = [];
  const lower = doc.lower;
  // Reused across hits; np is its length (no length writes, no array per hit).
  const parts: Hit[] = [];
  for (let pi = 0; pi < set.phrases.length; pi++) {
    const p = set.phrases[pi] as Phrase;
    const ids = p.ids;
    const k = ids.length;
    const required = need(k);
    for (let hi = 0; hi < hits.length; hi++) {
      const h = hits[hi] as Hit;
      if (!ids.includes(h.sid)) continue;
      if (k === 1) {
        out.push({ phrase: pi, start: h.start, end: h.end, parts: [h] });
        continue;
      }
      let np = 0;
      parts[np++] = h;
      for (const sid of ids) {
        if (sid === h.sid) continue;
        let best: Hit | undefined;
        let bestDist = Infinity;
        // The other word's hits in answer order (hits are few: no per-stem lists). Hits are
        // sorted by start, so those of h's sentence are contiguous around it, and none after
        // one starting past the window can be near enough.
        let from = hi;
        while (from > 0 && (hits[from - 1] as Hit).sent === h.sent) from--;
        for (let oi = from; oi < hits.length; oi++) {
          const o = hits[oi] as Hit;
          if (o.sent !== h.sent || o.start - h.end > window) break;
          if (o.sid !== sid) continue;
          const dist = o.start > h.start ? o.start - h.end : h.start - o.end;
          if (dist < 0 || dist > window || dist >= bestDist) continue;
          const from = Math.min(h.end, o.end);
          const to = Math.max(h.start, o.start);
          if (hasBreak(lower, from, to, noComma)) continue;
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

function byStartLongest(a: Mention, b: Mention): number {
  return a.start - b.start || b.end - a.end;
}
