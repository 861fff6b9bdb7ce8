/**
 * A class named by the words that single it out among its field's classes: "front crawl"
 * for "swimming front crawl" (every rival swims), "a bicycle" for "riding a bike" (WordNet:
 * bicycle = bike), "putting" for "golf putting". Reached only when the class verifier found
 * no affirmed mention of the label itself.
 *
 * Each class (the label and its rivals) is a list of concepts, one per content word (or a
 * two-word name with domain synonyms, "front crawl"), each with its synonyms (lexicon.ts).
 * In the decisive statement (the conclusion, or else the last sentence that names any of
 * them) every class scores the concepts it finds affirmed there; the label holds when it
 * alone scores best (more concepts, then a larger share of its own) and one of its found
 * concepts is not common to all classes. Without rivals the label must be covered whole,
 * bar a light verb ("playing", "doing").
 */
import type { Doc } from './doc';
import * as docModule from './doc';
import type { ClassLabel } from './labels';
import * as lexiconModule from './lexicon';
import * as stemModule from './stem';

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { conclusion, isQuestion, lastContentSentence, sentenceAt, stanceAt } = docModule;
const { synonymsOf } = lexiconModule;
const { ACTION_CANON, ACTION_MEMBERS, IRREGULAR_FORMS, SOFT_MODIFIERS, STOPWORDS, stem, words } = stemModule;

/** One meaning: its alternatives, each a list of stems read in a row. */
type Concept = string[][];
interface Klass {
  text: string;
  concepts: Concept[];
  /** How many concepts are light verbs, which an answer may leave out. */
  light: boolean[];
}

/** "from left to right", "from the top to the bottom": one ordered concept. */
const DIRECTION = /\bfrom (?:the )?(left|right|top|bottom)\b[^.;]{0,40}?\bto (?:the )?(left|right|top|bottom)\b/;
const DIRECTION_ALL = new RegExp(DIRECTION.source, 'g');
const NUMBER_WORD = /^(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)$/;
/** Where a thing goes, in Something-Something templates: one concept per group, each spelt several ways. */
const PLACE_GROUPS = ['into|inside', 'onto|on top of|on', 'next to|beside', 'out of', 'behind', 'in front of', 'underneath|under|below|beneath'];
const PLACE_OF = new Map<string, string[][]>();
for (const g of PLACE_GROUPS) {
  const alts = g.split('|').map((x) => x.split(' '));
  const stemmed = alts.map((a) => a.map(stem));
  for (const a of alts) PLACE_OF.set(a.join(' '), stemmed);
}
const PLACES = new Set(PLACE_GROUPS.flatMap((g) => g.split(/[| ]/)));
const LIGHT = new Set(['play', 'do', 'make', 'doing', 'playing', 'making', 'perform', 'performing']);
/** Words of a class name that never single it out. */
const NOISE = new Set(['something', 'someth', 'soccer', 'a', 'an', 'the']);

function stemsOf(phrase: string): string[] {
  return words(phrase).filter((w) => !STOPWORDS.has(w)).map(stem);
}

function conceptOf(text: string): Concept {
  const own = stemsOf(text);
  const alts: Concept = [own];
  // The step matcher's verb groups: "pick up" takes, "shut" closes.
  const group = own.length === 1 ? ACTION_MEMBERS.get(ACTION_CANON.get(own[0] as string) ?? '') : undefined;
  for (const m of group ?? []) if (m !== own[0]) alts.push([m]);
  for (const s of synonymsOf(text)) {
    const st = stemsOf(s);
    if (st.length && st.length <= 3) alts.push(st);
  }
  return alts.filter((a) => a.length > 0);
}

const classes = new Map<string, Klass>();

/** The concepts of one class name ("The closet/cabinet." is one concept with two names). */
function klassOf(name: string): Klass {
  let k = classes.get(name);
  if (k) return k;
  const clean = name.toLowerCase().replace(/\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  const concepts: Concept[] = [];
  const light: boolean[] = [];
  const ws: string[] = [];
  for (const part of clean.split(/\s+/)) {
    if (!part.includes('/')) {
      ws.push(...words(part).filter((w) => (!STOPWORDS.has(w) || PLACES.has(w)) && !NOISE.has(w)));
      continue;
    }
    concepts.push(part.split('/').flatMap((x) => conceptOf(x)));
    light.push(false);
  }
  const dir = DIRECTION.exec(clean);
  if (dir) {
    concepts.push([[`dir${dir[1]}${dir[2]}`]]);
    light.push(false);
  }
  const content = ws.filter((w) => !LIGHT.has(w) && !(dir && /^(?:left|right|top|bottom)$/.test(w)));
  if (content.length) ws.splice(0, ws.length, ...content);
  for (let i = 0; i < ws.length; i++) {
    const place = [3, 2, 1].map((n) => ws.slice(i, i + n).join(' ')).find((x) => PLACE_OF.has(x));
    if (place) {
      concepts.push(PLACE_OF.get(place) as string[][]);
      light.push(false);
      i += place.split(' ').length - 1;
      continue;
    }
    if (PLACES.has(ws[i] as string)) continue;
    const pair = i + 1 < ws.length ? `${ws[i]} ${ws[i + 1]}` : '';
    // A two-word name with synonyms of its own ("front crawl", "soccer ball") is one concept,
    // and so is a count with its noun ("two pieces").
    if (pair && (synonymsOf(pair).length || NUMBER_WORD.test(ws[i] as string))) {
      concepts.push(conceptOf(pair));
      light.push(false);
      i++;
      continue;
    }
    const w = ws[i] as string;
    concepts.push(conceptOf(w));
    light.push(LIGHT.has(w));
  }
  k = { text: name, concepts, light };
  if (classes.size > 5000) classes.clear();
  classes.set(name, k);
  return k;
}

interface Tok {
  stem: string;
  start: number;
  end: number;
}
const TOKEN = /[a-z0-9]+(?:'[a-z]+)?/g;

function tokens(doc: Doc, from: number, to: number): Tok[] {
  const out: Tok[] = [];
  const body = doc.lower.slice(from, to);
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(body); m; m = TOKEN.exec(body)) {
    if (STOPWORDS.has(m[0]) && !PLACES.has(m[0])) continue;
    out.push({ stem: stem(m[0]), start: from + m.index, end: from + m.index + m[0].length });
  }
  DIRECTION_ALL.lastIndex = 0;
  for (let m = DIRECTION_ALL.exec(body); m; m = DIRECTION_ALL.exec(body)) {
    out.push({ stem: `dir${m[1]}${m[2]}`, start: from + m.index, end: from + m.index + m[0].length });
  }
  return out;
}

/** Where the concept is named, affirmed, in the tokens (its span), or null. */
function found(doc: Doc, c: Concept, toks: Tok[]): [number, number] | null {
  for (const alt of c) {
    for (let i = 0; i + alt.length <= toks.length; i++) {
      let ok = true;
      for (let j = 0; j < alt.length && ok; j++) ok = (toks[i + j] as Tok).stem === alt[j];
      if (!ok) continue;
      const s = (toks[i] as Tok).start;
      const e = (toks[i + alt.length - 1] as Tok).end;
      if (stanceAt(doc, s, e) === 'affirmed') return [s, e];
    }
  }
  return null;
}

/** Two concepts mean the same when each names the other's own word ("bike" and "bicycle", not "bike" and "motorcycling"). */
function shared(a: Concept, b: Concept): boolean {
  const a0 = a[0] as string[];
  const b0 = b[0] as string[];
  return b.some((x) => same(x, a0)) && a.some((x) => same(x, b0));
}

function same(x: string[], y: string[]): boolean {
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

export interface SingledOut {
  pass: boolean;
  span: [number, number] | null;
  reason: string;
  /** How sure: 1 when the label's concepts are all named, less on a partial or a close rival. */
  confidence: number;
}

interface Score {
  k: Klass;
  /** Per concept: where it is named, or null. */
  at: ([number, number] | null)[];
}

function score(doc: Doc, k: Klass, toks: Tok[]): Score {
  return { k, at: k.concepts.map((c) => found(doc, c, toks)) };
}

function hits(s: Score): number {
  let n = 0;
  for (const a of s.at) if (a) n++;
  return n;
}

/**
 * Whether the statement tells the label from one rival: more of the label's own concepts
 * (those the rival lacks) are named than of the rival's own; a label whose every concept
 * the rival shares ("riding a bike" in "riding mountain bike") wins when none of the
 * rival's own is named.
 */
function beats(mine: Score, r: Score, all: readonly Klass[]): boolean {
  let a = 0;
  let b = 0;
  let labelOnly = 0;
  mine.k.concepts.forEach((c, i) => {
    if (r.k.concepts.some((x) => shared(x, c))) return;
    labelOnly++;
    if (mine.at[i]) a += weight(c, all);
  });
  r.k.concepts.forEach((c, i) => {
    const at = r.at[i];
    if (!at || mine.k.concepts.some((x) => shared(x, c))) return;
    // Inside the label's own words ("biking" in "mountain biking") it names the label.
    if (mine.at.some((m) => m !== null && m[0] <= at[0] && at[1] <= m[1])) return;
    b += weight(c, all);
  });
  return labelOnly === 0 ? b === 0 : a > b;
}

/** How much a concept tells: less the more classes of the field share it ("riding" in four). */
function weight(c: Concept, all: readonly Klass[]): number {
  let n = 0;
  for (const k of all) if (k.concepts.some((x) => shared(x, c))) n++;
  return 1 / Math.max(1, n);
}

/** Sentence ranges to look in, the decisive one first. */
function statements(doc: Doc): [number, number][] {
  const c = conclusion(doc);
  if (c) return [[c.start, c.end]];
  const out: [number, number][] = [];
  for (let i = lastContentSentence(doc); i >= 0; i--) if (!isQuestion(doc, i)) out.push([doc.sentStart[i] ?? 0, doc.sentEnd[i] ?? 0]);
  return out;
}

/** Whether the answer names the label by the words that single it out among its rivals; null when it names none of them. */
export function singledOut(doc: Doc, label: ClassLabel): SingledOut | null {
  if (!label.rivals || label.rivals.length === 0) return namedByItsThing(doc, label);
  const own = [label.value, ...(label.synonyms ?? [])].map(klassOf);
  const rivals = label.rivals.map(klassOf);
  for (const [from, to] of statements(doc)) {
    const toks = tokens(doc, from, to);
    if (toks.length === 0) continue;
    const theirs = rivals.map((k) => score(doc, k, toks));
    const mine = own.map((k) => score(doc, k, toks)).sort((a, b) => hits(b) - hits(a))[0] as Score;
    if (hits(mine) === 0 && theirs.every((t) => hits(t) === 0)) continue;
    const all = [mine.k, ...rivals];
    const lost = theirs.filter((t) => !beats(mine, t, all)).sort((a, b) => hits(b) - hits(a))[0];
    if (hits(mine) === 0 || lost) {
      const r = lost ?? (theirs.find((t) => hits(t) > 0) as Score);
      const span = r.at.filter((x) => x !== null).pop() ?? null;
      const why = hits(r) === 0 ? `cannot be told from the rival "${r.k.text}"` : `names the rival "${r.k.text}"`;
      return { pass: false, span, reason: `statement ${why}`, confidence: hits(r) > hits(mine) ? 0.9 : 0.6 };
    }
    const named = mine.at.filter((x) => x !== null) as [number, number][];
    const span: [number, number] = [Math.min(...named.map((x) => x[0])), Math.max(...named.map((x) => x[1]))];
    const said = doc.text.slice(span[0], span[1]);
    const closest = Math.max(0, ...theirs.map(hits));
    return { pass: true, span, reason: `names "${said}", which singles out "${label.value}" among its rivals`, confidence: hits(mine) > closest ? 0.85 : 0.65 };
  }
  return null;
}

/**
 * A label that says where something goes ("… from left to right") named by an answer that
 * says the opposite way in the same sentence ("pushed from right to left"): the words match,
 * the direction does not. Returns the contradicting span, or null.
 */
export function directionClash(doc: Doc, label: ClassLabel, at: [number, number]): [number, number] | null {
  const want = DIRECTION.exec(label.value.toLowerCase());
  if (!want) return null;
  const sent = sentenceAt(doc, at[0]);
  const from = doc.sentStart[sent] ?? 0;
  const body = doc.lower.slice(from, doc.sentEnd[sent]);
  let clash: [number, number] | null = null;
  DIRECTION_ALL.lastIndex = 0;
  for (let m = DIRECTION_ALL.exec(body); m; m = DIRECTION_ALL.exec(body)) {
    if (m[1] === want[1] && m[2] === want[2]) return null;
    clash = [from + m.index, from + m.index + m[0].length];
  }
  return clash;
}

/**
 * Verbs that do something else with the thing a class names: "carrying a surfboard" is not
 * surfing, "tuning a guitar" not playing it.
 */
const OTHER_USE = new Set(
  'carry hold push pull tune clean wash fix repair watch look wear buy sell pack unpack lift drop put place set take grab pick move store polish paint inflate load unload adjust check examine inspect show point hand pass'.split(' ').map(stem),
);

interface Plain {
  concepts: Concept[];
  /** First stem of every alternative: a statement holding none of them names none. */
  prefixes: string[];
  /** The activity's -ing word ("swimming", "riding"), which the thing may stand for. */
  optional: boolean[];
}
const plains = new Map<string, Plain | null>();

/** A label of two or more words with a thing in it, its words as concepts (noun synonyms only); null otherwise. */
function plainOf(value: string): Plain | null {
  let p = plains.get(value);
  if (p !== undefined) return p;
  // Templates and choice lists say more than an activity and its thing: left to the lexical reading.
  if (/[[/]|\bfrom\b/.test(value)) {
    plains.set(value, null);
    return null;
  }
  const ws = words(value.toLowerCase().replace(/\([^)]*\)/g, ' ')).filter((w) => !STOPWORDS.has(w) && !NOISE.has(w));
  const concepts: Concept[] = [];
  const optional: boolean[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as string;
    const pair = i + 1 < ws.length ? `${w} ${ws[i + 1]}` : '';
    if (pair && synonymsOf(pair).length) {
      concepts.push([stemsOf(pair), ...synonymsOf(pair).map(stemsOf).filter((x) => x.length && x.length <= 3)]);
      optional.push(false);
      i++;
      continue;
    }
    const verb = w.endsWith('ing') || LIGHT.has(w);
    concepts.push(verb ? [[stem(w)]] : [[stem(w)], ...synonymsOf(w, false, true).map(stemsOf).filter((x) => x.length && x.length <= 3)]);
    optional.push(verb);
  }
  // As the matcher's regex: a stem is a prefix of its regular forms bar y → i; irregular forms added.
  const firsts = concepts.flatMap((c) => c.map((a) => a[0] as string));
  const prefixes = [...new Set(firsts.flatMap((x) => [x.length > 2 && x.endsWith('i') ? x.slice(0, -1) : x, ...(IRREGULAR_FORMS.get(x) ?? [])]))];
  p = concepts.length >= 2 && concepts.length <= 3 && optional.some((o) => !o) && optional.some((o) => o) ? { concepts, optional, prefixes } : null;
  if (plains.size > 5000) plains.clear();
  plains.set(value, p);
  return p;
}

/**
 * Without rivals: a label of an activity and its thing ("golf driving", "riding a bike",
 * "swimming front crawl") named by its thing alone ("golf", "a bicycle", "front crawl") in
 * the decisive statement, unless another verb does something else with it ("carrying a
 * surfboard"). A guess, so it passes with a confidence below the uncertain line.
 */
function namedByItsThing(doc: Doc, label: ClassLabel): SingledOut | null {
  const p = plainOf(label.value);
  if (!p) return null;
  // The decisive statement only: an earlier sentence naming the thing is description.
  const c = conclusion(doc);
  let last = c ? -1 : lastContentSentence(doc);
  while (last >= 0 && isQuestion(doc, last)) last--;
  const ranges: [number, number][] = c ? [[c.start, c.end]] : last >= 0 ? [[doc.sentStart[last] ?? 0, doc.sentEnd[last] ?? 0]] : [];
  for (const [from, to] of ranges) {
    // Most statements hold none of the label's words: a substring test settles those.
    const body = doc.lower.slice(from, to);
    if (!p.prefixes.some((x) => body.includes(x))) return null;
    const toks = tokens(doc, from, to);
    const at = p.concepts.map((c) => found(doc, c, toks));
    if (at.every((a) => a === null)) return null;
    const named = at.filter((a) => a !== null) as [number, number][];
    const span: [number, number] = [Math.min(...named.map((x) => x[0])), Math.max(...named.map((x) => x[1]))];
    const said = doc.text.slice(span[0], span[1]);
    const missing = p.concepts.some((_, i) => at[i] === null && !p.optional[i]);
    if (missing) return { pass: false, span, reason: `only part of "${label.value}" is named ("${said}")`, confidence: 0.7 };
    if (at.every((a) => a !== null)) return { pass: true, span, reason: `names "${said}" for "${label.value}"`, confidence: 0.8 };
    // The thing without its activity: no verb may act on it ("frying eggs", "playing
    // basketball", "carrying a surfboard" are other activities with the same thing).
    const first = toks.findIndex((t) => t.start === span[0]);
    // A word of its own right before the thing makes it another one ("mountain biking").
    const prev = toks[first - 1];
    if (prev && prev.end >= span[0] - 2 && !SOFT_MODIFIERS.has(doc.lower.slice(prev.start, prev.end))) {
      return { pass: false, span: [prev.start, span[1]], reason: `"${doc.text.slice(prev.start, span[1])}" may be another class`, confidence: 0.6 };
    }
    for (let k = first - 1; k >= 0 && k >= first - 2; k--) {
      const t = toks[k] as Tok;
      const w = doc.lower.slice(t.start, t.end);
      if (OTHER_USE.has(t.stem) || LIGHT.has(w) || (/(?:ing|ed|s)$/.test(w) && !/(?:ss|us)$/.test(w))) {
        return { pass: false, span: [t.start, span[1]], reason: `"${doc.text.slice(t.start, span[1])}" may be another activity with it`, confidence: 0.6 };
      }
    }
    return { pass: true, span, reason: `names "${said}", the thing of "${label.value}"`, confidence: 0.65 };
  }
  return null;
}
