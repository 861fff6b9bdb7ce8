/**
 * Rival classes: the field's other classes, given with a class label (`rivals`), so the
 * class verifier can tell "It's a triangle." (a rival named as the answer) from "It is a sunny
 * day." (no class at all). Only the decisive statement counts — the conclusion, or the final
 * sentence when the answer has no conclusion marker — so reasoning that rules rivals out
 * earlier ("not a triangle … so it is a circle") is left alone.
 *
 * One phrase set is compiled per vocabulary (the rivals plus the label, sorted), shared by
 * every label of the field; each label keeps only which of its phrases are rivals.
 */
import type { Doc } from './doc';
import * as docModule from './doc';
import type { ClassLabel } from './labels';
import * as matcherModule from './matcher';
import type { Mention, PhraseSet } from './matcher';

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { stanceAt } = docModule;
const { compilePhrases, findHits, findMentions, phraseStems } = matcherModule;

export interface RivalSet {
  /** The vocabulary: rivals and the label. */
  set: PhraseSet;
  /** Per phrase of `set`: 1 when it is a rival, 0 when it is the label (or one of its synonyms). */
  rival: Uint8Array;
  /** Some rival shares a word with the label or a synonym ("bass guitar" and "guitar"). */
  overlap: boolean;
  /** Per stem id of `set`: the phrases holding it (large vocabularies try only those). */
  byStem: number[][] | null;
}

const vocabularies = new Map<string, PhraseSet>();
/** Past this many phrases, findMentions is given only those holding a word the answer has. */
const LARGE = 32;
interface Entry {
  rivals: readonly string[];
  synonyms: readonly string[] | undefined;
  rs: RivalSet;
}
/** Per label value, the rival lists seen with it (usually one: one field). */
const byValue = new Map<string, Entry[]>();
let entries = 0;
// The last label's inputs: callers that build labels in process reuse one rivals array per class.
let last: RivalSet | undefined;
let lastRivals: readonly string[] | undefined;
let lastSynonyms: readonly string[] | undefined;
let lastValue = '';

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return (a?.length ?? 0) === 0 && (b?.length ?? 0) === 0;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function norm(t: string): string {
  return t.trim().toLowerCase().replace(/\s+/g, ' ');
}

function build(value: string, synonyms: readonly string[] | undefined, rivals: readonly string[]): RivalSet {
  const own = new Set([value, ...(synonyms ?? [])].map(norm));
  const others = new Set<string>();
  for (const r of rivals) {
    const t = norm(r);
    if (t && !own.has(t)) others.add(t);
  }
  const all = [...new Set([...others, norm(value)])].sort();
  const key = all.join('\u0000');
  let set = vocabularies.get(key);
  if (!set) {
    set = compilePhrases(all);
    if (vocabularies.size >= 64) vocabularies.clear();
    vocabularies.set(key, set);
  }
  const rival = Uint8Array.from(set.phrases, (p) => (others.has(p.text) ? 1 : 0));
  const ownStems = new Set([...own].flatMap((t) => phraseStems(t, false)));
  const overlap = set.phrases.some((p, i) => rival[i] === 1 && p.stems.some((x) => ownStems.has(x)));
  let byStem: number[][] | null = null;
  if (set.phrases.length > LARGE) {
    byStem = Array.from({ length: set.ids.size }, () => [] as number[]);
    set.phrases.forEach((p, i) => p.ids.forEach((id) => byStem?.[id]?.push(i)));
  }
  return { set, rival, overlap, byStem };
}

/** The label's vocabulary with its rivals marked, or null when the label gives none. */
export function rivalSet(label: ClassLabel): RivalSet | null {
  const rivals = label.rivals;
  if (!rivals || rivals.length === 0) return null;
  const syn = label.synonyms;
  if (last && rivals === lastRivals && syn === lastSynonyms && label.value === lastValue) return last;
  // Found by value, then the lists compared word by word: labels parsed from JSON arrive as
  // fresh objects, and comparing a few short strings costs less than joining them into a key.
  let list = byValue.get(label.value);
  let e = list?.find((x) => sameList(x.rivals, rivals) && sameList(x.synonyms, syn));
  if (!e) {
    if (entries >= 10_000) {
      byValue.clear();
      entries = 0;
      list = undefined;
    }
    // Kept as given (labels are not mutated): a shared array then compares in one step.
    e = { rivals, synonyms: syn, rs: build(label.value, syn, rivals) };
    if (list) list.push(e);
    else byValue.set(label.value, [e]);
    entries++;
  }
  last = e.rs;
  lastRivals = rivals;
  lastSynonyms = syn;
  lastValue = label.value;
  return e.rs;
}

const WORD_CHAR = /[a-z0-9]/;

/** Whether mention a ends later than b (on a tie, a is the longer one). */
function later(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.end > b.end || (a.end === b.end && a.start < b.start);
}

/**
 * The rival that the statement in [from, to) names last, affirmed, after any affirmed mention
 * of the label (`labelMentions`, with their stances); null when the label comes last or no
 * rival is affirmed there. A rival inside a mention of the label ("guitar" in "playing guitar")
 * is part of the label, not a rival; one holding it ("bass guitar" around "guitar") wins.
 */
export function rivalNamedLast(
  doc: Doc,
  rs: RivalSet,
  from: number,
  to: number,
  labelMentions: readonly { m: Mention; stance: string }[],
): Mention | null {
  // The label named last with nothing after it: a rival could only end there too, on the
  // label's own last word, so only one sharing a word with it needs the scan.
  if (!rs.overlap) {
    let end = -1;
    for (const j of labelMentions) if (j.stance === 'affirmed' && j.m.start >= from && j.m.end <= to && j.m.end > end) end = j.m.end;
    if (end >= 0 && !WORD_CHAR.test(doc.lower.slice(end, to))) return null;
  }
  const hits = findHits(doc, rs.set, from, to);
  if (hits.length === 0) return null;
  let best: Mention | null = null;
  let only: number[] | undefined;
  if (rs.byStem) {
    // Only phrases with every word among the hits can have a mention (findMentions' default need).
    const present = new Set<number>();
    for (const h of hits) present.add(h.sid);
    const seen = new Set<number>();
    for (const sid of present) {
      for (const pi of rs.byStem[sid] ?? []) {
        if (!seen.has(pi) && (rs.set.phrases[pi]?.ids ?? []).every((id) => present.has(id))) seen.add(pi);
      }
    }
    only = [...seen];
  }
  for (const r of findMentions(doc, rs.set, hits, undefined, undefined, undefined, only)) {
    if (rs.rival[r.phrase] !== 1 || r.start < from || r.end > to) continue;
    if (best && !later(r, best)) continue;
    let inside = false;
    for (const j of labelMentions) if (r.start >= j.m.start && r.end <= j.m.end) inside = true;
    if (inside || stanceAt(doc, r.start, r.end) !== 'affirmed') continue;
    best = r;
  }
  if (!best) return null;
  for (const j of labelMentions) {
    if (j.stance === 'affirmed' && j.m.start >= from && j.m.end <= to && !later(best, j.m)) return null;
  }
  return best;
}
