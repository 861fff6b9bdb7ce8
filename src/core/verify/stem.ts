/**
 * A small, deterministic word normalizer. It does not produce dictionary lemmas; it maps
 * the inflections that matter for labels ("rides", "riding", "rider" → "rid";
 * "swimming", "swims", "swam" → "swim") onto one canonical form, and both the label and
 * the answer go through it, so only consistency matters. Canonical forms are prefixes
 * of the regular inflections (bar the y → i rule), which lets a verifier search for them.
 */

const IRREGULAR_GROUPS: Record<string, string> = {
  run: 'ran', swim: 'swam swum', throw: 'threw thrown', ride: 'rode ridden', sing: 'sang sung',
  drive: 'drove driven', eat: 'ate eaten', write: 'wrote written', take: 'took taken',
  fall: 'fell fallen', catch: 'caught', hold: 'held', fly: 'flew flown', go: 'went gone',
  do: 'did done does', make: 'made', see: 'saw seen', give: 'gave given', get: 'got gotten',
  dig: 'dug', blow: 'blew blown', draw: 'drew drawn', dive: 'dove', feed: 'fed', fight: 'fought',
  hang: 'hung', keep: 'kept', kneel: 'knelt', lay: 'laid', lead: 'led', meet: 'met', pay: 'paid',
  ring: 'rang rung', rise: 'rose risen', shake: 'shook shaken', shoot: 'shot', slide: 'slid',
  spin: 'spun', stand: 'stood', strike: 'struck', swing: 'swung', teach: 'taught', tear: 'tore torn',
  wake: 'woke woken', wear: 'wore worn', win: 'won', weave: 'wove woven', bend: 'bent',
  build: 'built', bring: 'brought', buy: 'bought', sit: 'sat', sleep: 'slept', send: 'sent',
  sell: 'sold', tell: 'told', think: 'thought', leave: 'left', lose: 'lost', begin: 'began begun',
  break: 'broke broken', choose: 'chose chosen', freeze: 'froze frozen', grow: 'grew grown',
  know: 'knew known', speak: 'spoke spoken', steal: 'stole stolen', drink: 'drank drunk',
  sink: 'sank sunk', spring: 'sprang sprung', stick: 'stuck', feel: 'felt', find: 'found',
  hear: 'heard', light: 'lit', read: 'read', say: 'said', sew: 'sewn', sweep: 'swept', mow: 'mown',
  man: 'men', woman: 'women', child: 'children', person: 'people', foot: 'feet', tooth: 'teeth',
  mouse: 'mice', goose: 'geese', up: 'ups', knife: 'knives', leaf: 'leaves', wolf: 'wolves', shelf: 'shelves',
};

const VOWEL = /[aeiouy]/;
const IRREGULAR = new Map<string, string>();
for (const [base, forms] of Object.entries(IRREGULAR_GROUPS)) {
  for (const f of forms.split(' ')) IRREGULAR.set(f, base);
}

/** Surface forms of irregular words, by the canonical form of their base. */
export const IRREGULAR_FORMS = new Map<string, string[]>();
for (const [form, base] of IRREGULAR) {
  const key = stemRegular(base);
  const list = IRREGULAR_FORMS.get(key) ?? [];
  list.push(form);
  IRREGULAR_FORMS.set(key, list);
}

const cache = new Map<string, string>();

/** Canonical form of one lowercase word. */
export function stem(word: string): string {
  let s = cache.get(word);
  if (s === undefined) {
    const w = word.endsWith("'s") ? word.slice(0, -2) : word;
    const irr = IRREGULAR.get(w);
    s = stemRegular(irr ?? w);
    if (cache.size > 50_000) cache.clear();
    cache.set(word, s);
  }
  return s;
}

function stemRegular(w: string): string {
  let s = w;
  // dry/dries/dried → dri, as study → studi below
  if (s.length <= 3) return /^[^aeiouy]+y$/.test(s) ? s.slice(0, -1) + 'i' : s;
  // plurals and third person
  if (s.endsWith('ies') && s.length > 4) s = s.slice(0, -3) + 'y';
  else if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (/(?:x|ch|sh|zz|o)es$/.test(s)) s = s.slice(0, -2);
  else if (s.endsWith('s') && !/(?:ss|us|is|ous)$/.test(s)) s = s.slice(0, -1);
  // -ing / -ed / agentive -er
  let stripped = false;
  if (s.endsWith('ing') && s.length >= 6 && VOWEL.test(s.slice(0, -3))) {
    s = s.slice(0, -3);
    stripped = true;
  } else if (s.endsWith('ied') && s.length >= 5) {
    s = s.slice(0, -3) + 'y';
  } else if (s.endsWith('ed') && s.length >= 5 && VOWEL.test(s.slice(0, -2))) {
    s = s.slice(0, -2);
    stripped = true;
  } else if (s.endsWith('er') && s.length >= 5) {
    s = s.slice(0, -2);
    stripped = true;
  }
  if (stripped) {
    const n = s.length;
    // swimm → swim, stopp → stop; keep ll/ss/zz (roll, pass, buzz)
    if (n >= 3 && s[n - 1] === s[n - 2] && !/[lsz]/.test(s[n - 1] ?? '')) s = s.slice(0, -1);
  }
  // dance/dancing → danc, ride/riding → rid
  if (s.length > 3 && s.endsWith('e') && !s.endsWith('ee')) s = s.slice(0, -1);
  // study/studies/studied → studi
  if (s.length > 2 && s.endsWith('y') && !VOWEL.test(s[s.length - 2] ?? 'a')) s = s.slice(0, -1) + 'i';
  return s;
}

/** Function words: never content, never a conflicting modifier. */
export const STOPWORDS = new Set(
  ('a an the of to in on at with for by from and or is are was were be been being am it its this that these those ' +
    'his her their them they he she him i we you your our my me us there here some any each every both all as into ' +
    'onto over under near while than then so very just also too can could would should will shall may might must ' +
    'has have had having do does did doing which who whom whose what when where why how about around across through ' +
    'along against between during after before above below one someone something person people man woman men women ' +
    'boy girl guy lady kid child individual player athlete subject appears appear seems seem looks look like likely ' +
    'probably clearly seen shown show shows visible actually currently now again still own such other another ' +
    "it's that's there's he's she's they're").split(' '),
);

/** Words that may sit between a label's words without making it another class. */
export const SOFT_MODIFIERS = new Set(
  ('red blue green black white yellow orange purple pink brown gray grey silver gold dark light bright big small ' +
    'large little tiny huge long short tall old new young wooden metal plastic acoustic shiny heavy nice few several ' +
    'two three four single pair same first last whole entire up down out off back away together repeatedly').split(' '),
);

/** Particles that a paraphrase often drops ("picks the cup" for "picks up the cup"). */
export const PARTICLES = new Set('up down out off over away back on in'.split(' '));

/**
 * Near-synonymous verbs folded together for step matching only, as canonical forms.
 * Class labels do not use this: "jogging" and "running" can be different classes.
 */
const ACTION_GROUPS = [
  'take grab pick lift get fetch', 'put place set lay', 'close shut', 'cut slice chop', 'stir mix',
  'throw toss', 'jump leap hop', 'look watch observe', 'drink sip', 'wash rinse', 'walk stroll',
  'turn rotate', 'push press', 'pull drag', 'open unlock', 'clean wipe', 'start begin',
];
export const ACTION_CANON = new Map<string, string>();
/** Member canonical forms of each action group, by the group's canonical form. */
export const ACTION_MEMBERS = new Map<string, string[]>();
for (const g of ACTION_GROUPS) {
  const words = g.split(' ');
  const canon = stem(words[0] ?? '');
  ACTION_MEMBERS.set(canon, words.map(stem));
  for (const w of words) ACTION_CANON.set(stem(w), canon);
}

/** Lowercase word tokens of a phrase. */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/’/g, "'").match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
}
