/**
 * Sequence steps in the answer's own words: a step's word that the answer does not use is
 * replaced by its synonym that it does ("tap" → "faucet", "stand up" → "get up",
 * "refrigerator" for "fridge"), and FineDiving sub-action codes are spelt out as divers
 * say them ("2.5 Soms.Pike" → "two and a half somersaults pike", "3.5 Soms.Pos.C" → "… tuck").
 * The answer is left as it is, so the sequence verifier's spans still point into it. Used
 * only when the steps as written were not all found.
 */
import * as lexiconModule from './lexicon';
import * as stemModule from './stem';

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { synonymsOf } = lexiconModule;
const { ACTION_CANON, PARTICLES, STOPWORDS, stem, words } = stemModule;

const POSITION: Record<string, string> = { a: 'straight', b: 'pike', c: 'tuck', d: 'free' };
const HALVES = ['', 'one', 'two', 'three', 'four', 'five'];
const DIVE = /^(\d)(\.5)?\s*soms?\.\s*(pike|tuck|straight|free|pos\.\s*([a-d]))$/i;
const TWISTS = /^(\d)(\.5)?\s*twists?$/i;

function spelt(whole: string, half: boolean, answer: string): string {
  const digits = `${whole}${half ? '.5' : ''}`;
  if (answer.includes(digits)) return digits;
  const w = HALVES[Number(whole)] ?? whole;
  return half ? (w === 'zero' || whole === '0' ? 'half a' : `${w} and a half`) : w;
}

/** A FineDiving sub-action code as words, in the answer's number form; null when not a code. */
function diveWords(step: string, answer: string): string | null {
  const d = DIVE.exec(step.trim());
  if (d) {
    const pos = d[4] ? (POSITION[d[4].toLowerCase()] ?? '') : (d[3] ?? '').toLowerCase();
    return `${spelt(d[1] as string, !!d[2], answer)} somersaults ${pos}`;
  }
  const t = TWISTS.exec(step.trim());
  if (t) return `${spelt(t[1] as string, !!t[2], answer)} twists`;
  return null;
}

function canon(s: string): string {
  return ACTION_CANON.get(s) ?? s;
}

/** Whether the stems occur in a row (a word between allowed) in the answer's stems. */
function inRow(stems: readonly string[], answer: readonly string[]): boolean {
  for (let i = 0; i < answer.length; i++) {
    if (answer[i] !== stems[0]) continue;
    let k = 1;
    for (let j = i + 1; j < answer.length && j <= i + stems.length + 1 && k < stems.length; j++) if (answer[j] === stems[k]) k++;
    if (k === stems.length) return true;
  }
  return false;
}

function contentStems(text: string): string[] {
  return words(text).filter((w) => !STOPWORDS.has(w)).map((w) => canon(stem(w)));
}

/**
 * Whether every spelt-out FineDiving code among `steps` is said whole, in a row: the count,
 * "somersaults" and the position all matter ("three and a half … pike" is not 3.5 Soms.Pos.C),
 * where the sequence verifier lets most of a step's words do.
 */
export function codesSaidWhole(answer: string, original: readonly string[], steps: readonly string[]): boolean {
  const as = contentStems(answer.toLowerCase());
  return original.every((o, i) => !(DIVE.test(o.trim()) || TWISTS.test(o.trim())) || inRow(contentStems(steps[i] ?? ''), as));
}

/** The steps reworded into the answer's words, or null when nothing changed. */
export function stepsInAnswerWords(answer: string, steps: readonly string[]): string[] | null {
  const lower = answer.toLowerCase();
  const aw = words(lower);
  const as = aw.map((w) => canon(stem(w)));
  const has = new Set(as);
  const content = [...new Set(aw.filter((w) => !STOPWORDS.has(w) && !/^\d/.test(w)))];
  let changed = false;
  const out = steps.map((step) => {
    const code = diveWords(step, lower);
    const ws = words(code ?? step);
    if (code) changed = true;
    const res: string[] = [];
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i] as string;
      if (STOPWORDS.has(w) || has.has(canon(stem(w)))) {
        res.push(w);
        continue;
      }
      // A two-word verb first ("turn on", "stand up"), then the word alone, then the other way round.
      const pair = i + 1 < ws.length ? `${w} ${ws[i + 1]}` : '';
      const fromPair = pair ? synonymsOf(pair, true).find((s) => inRow(words(s).map((x) => canon(stem(x))), as)) : undefined;
      if (fromPair) {
        res.push(fromPair);
        i++;
        changed = true;
        continue;
      }
      // A two-word synonym counts by its head too: "refrigerator" for "electric refrigerator".
      const syn = synonymsOf(w, true)
        .flatMap((s) => (s.includes(' ') ? [s, s.slice(s.lastIndexOf(' ') + 1)] : [s]))
        .find((s) => s.length > 3 && !PARTICLES.has(s) && !STOPWORDS.has(s) && inRow(words(s).map((x) => canon(stem(x))), as));
      const back = syn ?? content.find((a) => synonymsOf(a, true).includes(w));
      if (back) changed = true;
      res.push(back ?? w);
    }
    return res.join(' ');
  });
  return changed ? out : null;
}
