/**
 * Class labels: the answer's conclusion must name the class (or a synonym), affirmed —
 * not negated, not only offered as a candidate, not only inside the restated question,
 * and not as a near miss ("throwing hammer" for "throwing discus", "playing bass guitar"
 * for "playing guitar"). When the label lists its field's other classes (`rivals`), the
 * decisive statement (the conclusion, or the final sentence without one) must not name a
 * rival after the label: "I see a red circle. It's a triangle." fails for circle (rivals.ts).
 */
import type { Doc } from './doc';
import * as docModule from './doc';
import type { Stance } from './doc';
import type { Check, ClassLabel } from './labels';
import * as matcherModule from './matcher';
import type { Hit, Mention, PhraseSet } from './matcher';
import * as rivalsModule from './rivals';
import * as singleModule from './single';
import * as stemModule from './stem';

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { conclusion, docOf, lastContentSentence, stanceAt } = docModule;
const { compilePhrases, findHits, findMentions } = matcherModule;
const { rivalNamedLast, rivalSet } = rivalsModule;
const { SOFT_MODIFIERS, STOPWORDS, stem } = stemModule;
const { directionClash, singledOut } = singleModule;

// Cached by the label's text, not by object: labels arrive as fresh objects (one per
// parsed record), and a WeakMap entry per label cost more than the lookup it saved.
const byKey = new Map<string, PhraseSet>();

function compiled(label: ClassLabel): PhraseSet {
  const syn = label.synonyms;
  const key = syn && syn.length ? [label.value, ...syn].join('\u0000') : label.value;
  let set = byKey.get(key);
  if (!set) {
    set = compilePhrases([label.value, ...(syn ?? [])]);
    if (byKey.size > 10_000) byKey.clear();
    byKey.set(key, set);
  }
  return set;
}

/** Words that say nothing about which class it is; a conclusion made only of these refers back. */
const GENERIC = new Set(
  ('activity action video clip scene shown depicted performing perform performed doing engaged engaging answer ' +
    'correct most best describes described description fits matches task question option choice conclusion ' +
    'above mentioned based observation observations analysis evidence step steps reasoning label category class ' +
    'indeed certainly definitely therefore thus hence consequently overall final summary conclude short sum ' +
    'infer say concluded evident clear means indicates suggests confirms implies frame frames footage sequence').split(' '),
);
const GERUND_OK = new Set(['doing', 'performing', 'engaging', 'being', 'nothing', 'something', 'anything', 'everything', 'using', 'showing', 'following', 'according', 'looking', 'considering']);
const WORD = /[a-z0-9']+/g;
const NEXT_WORD = /^\s+([a-z]+)/;
const COMPOUND_HEADS = new Set(
  'pool pools line lines rod rods shoes shoe rink trunks suit suits costume cap goggles pole poles gear equipment lesson lessons class lane lanes board net boat team club ring hall studio machine mat instructor coach competition'.split(' '),
);
/** Verbs that keep a bare noun an activity: "rides a skateboard", "takes a swim". */
const NOUN_VERBS = new Set('riding using doing performing practicing going taking having trying enjoying starting continuing learning'.split(' ').map(stem));
const ANSWER_MARKER = /answer|conclusion\s*\**\s*:/;

interface Judged {
  m: Mention;
  stance: Stance;
  /** A word between the label's words that makes it another class. */
  conflict: string | null;
}

function conflictIn(doc: Doc, set: PhraseSet, m: Mention): string | null {
  const phrase = set.phrases[m.phrase];
  const stems = phrase?.stems ?? [];
  const last = m.parts[m.parts.length - 1] as Hit;
  // The word right before the head ("bass" in "playing bass guitar") must not name another thing.
  if (m.parts.length > 1) {
    const gap = doc.lower.slice((m.parts[m.parts.length - 2] as Hit).end, last.start);
    const ws = gap.match(WORD) ?? [];
    const t = ws[ws.length - 1];
    if (t !== undefined && !STOPWORDS.has(t) && !SOFT_MODIFIERS.has(t) && !t.endsWith('ly') && !/^\d/.test(t) && !stems.includes(stem(t))) return t;
  }
  // A compound noun is not the activity: "fishing line", "swimming pool".
  const next = NEXT_WORD.exec(doc.lower.slice(last.end, last.end + 24));
  if (next && COMPOUND_HEADS.has(next[1] ?? '') && doc.lower.slice(last.start, last.end).endsWith('ing')) return next[1] ?? null;
  // A gerund label met as a bare noun needs a fitting verb: "rides a skateboard", not "pushing a bike".
  if (m.parts.length === 1 && phrase && phrase.gerund) {
    const word = doc.lower.slice(last.start, last.end);
    if (!/(?:ing|er|ers)$/.test(word)) {
      const before = doc.lower.slice(Math.max(0, last.start - 40), last.start).match(WORD) ?? [];
      for (let i = before.length - 1; i >= 0 && i >= before.length - 4; i--) {
        const t = before[i] as string;
        if (STOPWORDS.has(t) || SOFT_MODIFIERS.has(t) || t.endsWith('ly')) continue;
        if (/(?:ing|s|ed)$/.test(t) && !NOUN_VERBS.has(stem(t))) return t;
        break;
      }
    }
  }
  return null;
}

/** What the conclusion says instead, when it does not name the label: a word or null. */
function foreignIn(doc: Doc, start: number, end: number, set: PhraseSet, answerMarker: boolean): string | null {
  const body = doc.lower.slice(start, end);
  WORD.lastIndex = 0;
  for (let w = WORD.exec(body); w; w = WORD.exec(body)) {
    const t = w[0];
    if (STOPWORDS.has(t) || GENERIC.has(t) || SOFT_MODIFIERS.has(t) || t.endsWith('ly') || /^\d/.test(t)) continue;
    if (set.stems.has(stem(t))) return t; // part of the label without the rest: a near miss
    if (answerMarker || (t.endsWith('ing') && !GERUND_OK.has(t))) return t;
  }
  return null;
}

/**
 * Nouns that name what is asked, not an answer to it: "the shape is a triangle" commits to
 * "triangle" just as "the answer is triangle" does. The label's field name joins them.
 */
const ASKED_NOUNS = new Set(
  ('activity action answer class label category option choice shape type kind object thing item sport exercise ' +
    'color colour name motion movement gesture pattern').split(' '),
);
/** Subjects that a role noun describes: "the person is a skateboarder". */
const PERSONS = new Set('person man woman boy girl guy lady kid child individual player athlete'.split(' '));
/** Nouns that name no class: "this is an example of it", "a good fit", "a competitive event", "a beginner". */
const NON_CLASS = new Set(
  ('example instance case form sort variety version match fit one event session situation scenario setting ' +
    'beginner professional expert amateur adult teenager student').split(' '),
);
const COLORS = new Set('red blue green black white yellow orange purple pink brown gray grey silver gold'.split(' '));
/**
 * "<subject> is/was/looks like …", subject and verb in one pass: what is asked or a person
 * ("the shape", "the object's shape", "the action shown", "the person") or a pronoun.
 */
const COMMIT =
  /\b(?:(?:the|its|their|this|that)\s+(?:([a-z'-]+)\s+)?([a-z]+)|(it|this|that))\s+(?:is|was|must be|looks like|seems to be|appears to be)(?:\s*:)?\s+|\b(it|that)'s\s+/g;
/** One word after the verb; a sticky match stops at punctuation, where the noun phrase ends. */
const NEXT = /[\s-]*([a-z0-9']+)/y;
/** Words that end the noun phrase after the verb ("a triangle moving to the left"). */
const NP_END = new Set('of to in on at with for by from and or but is are was were that which who whose while as into onto over under near than then so because since not throughout'.split(' '));
const NEGATION = new Set(['not', 'no', 'never', 'neither', 'hardly']);
const ARTICLES = new Set(['a', 'an', 'the']);
const NO_FIELD: readonly string[] = [];
const fieldWords = new Map<string, readonly string[]>();
const np: string[] = [];

function asked(t: string, field: readonly string[]): boolean {
  return ASKED_NOUNS.has(t) || field.includes(t);
}

function wordsOf(field: string | undefined): readonly string[] {
  if (!field) return NO_FIELD;
  let ws = fieldWords.get(field);
  if (!ws) {
    ws = field.toLowerCase().match(/[a-z]+/g) ?? NO_FIELD;
    if (fieldWords.size > 1000) fieldWords.clear();
    fieldWords.set(field, ws);
  }
  return ws;
}

/**
 * The class a conclusion commits to when it says "the <field or generic noun> is (a) X",
 * "it is a X", "it's a X", "this is a X" or "the person is a X"; null when it only refers back
 * ("that is the answer", "the shape is as described above") or commits to nothing.
 * Only reached when the conclusion does not name the label, so it never sees the label itself.
 */
function committedIn(body: string, fieldName: string | undefined): string | null {
  const field = wordsOf(fieldName);
  COMMIT.lastIndex = 0;
  for (let v = COMMIT.exec(body); v; v = COMMIT.exec(body)) {
    // Other subjects describe something else: "the scene is an indoor pool", "the water is cold".
    const last = v[2];
    const mid = v[1];
    const subject = last === undefined ? undefined : asked(last, field) ? last : mid !== undefined && GENERIC.has(last) && asked(mid, field) ? mid : undefined;
    if (subject === undefined && v[3] === undefined && v[4] === undefined && !(last !== undefined && PERSONS.has(last))) continue;
    // A colour is a soft modifier elsewhere, but the answer itself when the colour is asked.
    const colorAsked = subject === 'color' || subject === 'colour' || field.includes('color') || field.includes('colour');
    NEXT.lastIndex = v.index + v[0].length;
    np.length = 0;
    let article = false;
    let first = true;
    let skip = false;
    for (let w = NEXT.exec(body), n = 0; w && n < 8; w = NEXT.exec(body), n++) {
      const t = w[1] as string;
      if (first) {
        if (t === 'indeed' || t.endsWith('ly')) continue; // "is clearly a square"
        first = false;
        if (ARTICLES.has(t)) {
          article = true;
          continue;
        }
        // Without an article only the asked noun commits ("the shape is square"), and not
        // to a verb form ("the shape is moving", "is located") or a negation.
        if (NEGATION.has(t) || (!article && (subject === undefined || (t.length > 4 && /(?:ing|ed)$/.test(t))))) {
          skip = true;
          break;
        }
      } else if (np.length === 0 && NEGATION.has(t)) {
        skip = true;
        break;
      }
      // "a kind of triangle", "an example of a triangle": the noun after "of" is the one named.
      if (t === 'of' && np.length && (asked(np[np.length - 1] as string, field) || NON_CLASS.has(np[np.length - 1] as string))) {
        np.length = 0;
        continue;
      }
      if (NP_END.has(t) || (np.length > 0 && t.endsWith('ing'))) break;
      if ((!SOFT_MODIFIERS.has(t) || (colorAsked && COLORS.has(t))) && !t.endsWith('ly') && !/^\d/.test(t)) np.push(t);
    }
    if (skip) continue;
    // The head noun decides: "a triangle shape" names "triangle", "a strong athlete" nothing.
    let head = np.pop();
    while (head !== undefined && asked(head, field)) head = np.pop();
    if (head === undefined || STOPWORDS.has(head) || GENERIC.has(head) || NON_CLASS.has(head)) continue;
    return head;
  }
  return null;
}

function fail(extracted: unknown, span: [number, number] | null, score: number, reason: string): Check {
  return { type: 'class', pass: false, extracted, span, score, threshold: 1, reason };
}

function verdict(doc: Doc, set: PhraseSet, j: Judged, where: string): Check {
  const text = doc.text.slice(j.m.start, j.m.end);
  const span: [number, number] = [j.m.start, j.m.end];
  if (j.conflict) {
    const k = set.phrases[j.m.phrase]?.stems.length ?? 1;
    return fail(text, span, (k - 1) / k, `near miss: "${text}" ("${j.conflict}" makes it another class)`);
  }
  if (j.stance === 'negated') return fail(text, span, 0, `${where} negates it: "${text}"`);
  return { type: 'class', pass: true, extracted: text, span, score: 1, threshold: 1, reason: `${where} names "${text}"` };
}

function decisive(js: Judged[]): Judged | undefined {
  for (let i = js.length - 1; i >= 0; i--) {
    const j = js[i] as Judged;
    if (j.stance === 'affirmed' || j.stance === 'negated') return j;
  }
  return undefined;
}

/** Failures that only say the label's words are missing: another wording may still name it (single.ts). */
const UNNAMED = /^(?:"[^]*" is not named|only part of |conclusion names (?:something else|"))/;

export function verifyClass(answer: string, label: ClassLabel): Check {
  const lexical = namedClass(answer, label);
  if (lexical.pass) {
    const clash = Array.isArray(lexical.span) && label.value.includes('from ') ? directionClash(docOf(answer), label, lexical.span as [number, number]) : null;
    if (!clash) return lexical;
    const said = answer.slice(clash[0], clash[1]);
    return fail(said, clash, 0, `names "${lexical.extracted as string}" but the other way round ("${said}")`);
  }
  if (!UNNAMED.test(lexical.reason)) return lexical;
  const s = singledOut(docOf(answer), label);
  if (!s) return lexical;
  const extracted = s.span ? answer.slice(s.span[0], s.span[1]) : lexical.extracted;
  return { type: 'class', pass: s.pass, extracted, span: s.span ?? lexical.span, score: s.pass ? 1 : lexical.score, threshold: 1, reason: s.reason, confidence: s.confidence };
}

function namedClass(answer: string, label: ClassLabel): Check {
  const doc = docOf(answer);
  const set = compiled(label);
  const hits = findHits(doc, set);
  const mentions = hits.length ? findMentions(doc, set, hits) : [];
  const judged: Judged[] = mentions.map((m) => ({ m, stance: stanceAt(doc, m.start, m.end), conflict: null }));
  for (const j of judged) if (j.stance === 'affirmed') j.conflict = conflictIn(doc, set, j.m);

  const region = conclusion(doc);
  const rs = rivalSet(label);
  if (rs) {
    // The decisive statement: the conclusion, or else the final sentence.
    const last = region ? -1 : lastContentSentence(doc);
    const from = region ? region.start : (doc.sentStart[last] ?? 0);
    const to = region ? region.end : (doc.sentEnd[last] ?? 0);
    const r = (!region && last < 0) || to <= from ? null : rivalNamedLast(doc, rs, from, to, judged);
    if (r) {
      const text = answer.slice(r.start, r.end);
      return fail(text, [r.start, r.end], 0, `${region ? 'conclusion' : 'final sentence'} names the rival class "${rs.set.phrases[r.phrase]?.text ?? text}" last`);
    }
  }
  if (region) {
    const inside = judged.filter((j) => j.m.start >= region.start && j.m.end <= region.end);
    if (inside.length) {
      const d = decisive(inside);
      if (d) return verdict(doc, set, d, 'conclusion');
      const first = inside[inside.length - 1] as Judged;
      return fail(answer.slice(first.m.start, first.m.end), [first.m.start, first.m.end], 0, 'conclusion offers it only as a candidate');
    }
    const answerMarker = ANSWER_MARKER.test(doc.lower.slice(region.start, Math.min(region.end, region.start + 40)));
    const other = foreignIn(doc, region.start, region.end, set, answerMarker);
    if (other !== null) {
      const said = answer.slice(region.start, region.end).trim().slice(0, 80);
      return fail(said, [region.start, region.end], 0, `conclusion names something else ("${other}")`);
    }
    const committed = committedIn(doc.lower.slice(region.start, region.end), label.field);
    if (committed !== null) {
      const said = answer.slice(region.start, region.end).trim().slice(0, 80);
      return fail(said, [region.start, region.end], 0, `conclusion names "${committed}" instead`);
    }
  }
  const usable = judged.filter((j) => j.stance !== 'question');
  const d = decisive(usable);
  if (d) return verdict(doc, set, d, region ? 'answer (conclusion refers back)' : 'answer');
  if (usable.length) {
    const h = usable[usable.length - 1] as Judged;
    return fail(answer.slice(h.m.start, h.m.end), [h.m.start, h.m.end], 0, 'named only as a candidate');
  }
  if (judged.length) {
    const q = judged[0] as Judged;
    return fail(answer.slice(q.m.start, q.m.end), [q.m.start, q.m.end], 0, 'named only in the restated question');
  }
  if (hits.length) {
    const h = hits[hits.length - 1] as Hit;
    const k = Math.max(...set.phrases.map((p) => p.stems.length));
    return fail(answer.slice(h.start, h.end), [h.start, h.end], k > 1 ? 1 / k : 0, `only part of "${label.value}" is named`);
  }
  return fail(null, null, 0, `"${label.value}" is not named`);
}
