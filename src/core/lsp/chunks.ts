import { isMap, isPair, isSeq, Pair, parseDocument, YAMLMap, type Node } from 'yaml';
import { LineMap } from './position';
import { keyText, parseConfigDoc, type ConfigDoc, type SyntaxError } from './yamlDoc';

/**
 * Incremental parsing of vstar.yaml for the language server. The `yaml` package parses a
 * 2,000-line file in tens of milliseconds on a slow core, and a keystroke changes one
 * entry. So the text is cut into chunks — each top-level section, and each entry of a big
 * section (`tasks:` → one chunk per task) — every chunk is parsed on its own and cached by
 * its text, and the tree is reassembled with source ranges shifted to where the chunk is
 * now. Anything chunking could get wrong (anchors and aliases across entries, several
 * documents, a root that is not a block mapping) takes the full parse instead.
 */

interface Piece {
  start: number;
  end: number;
}

interface Section extends Piece {
  /** Entries of a split section; the section's own chunk is then only its header. */
  entries?: Piece[];
  headerEnd?: number;
}

interface Parsed {
  contents: Node | null;
  value: unknown;
  errors: SyntaxError[];
  /** Offset the node ranges currently include. */
  base: number;
}

/** Sections with more lines than this are split into one chunk per entry. */
const SPLIT_LINES = 16;
const TOP_KEY = /^(?:[A-Za-z0-9_][\w.-]*|"[^"\n]*"|'[^'\n]*')\s*:(?:\s*(?:#.*)?)$/;
// Anchors, aliases and merge keys tie entries together; document markers and directives
// make several documents. Cheap to spot, and then chunking is simply not used.
const UNSAFE = /(^|[\s,[{])[&*][^\s,\]}]|^(---|\.\.\.|%)/m;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

const isContent = (line: string): boolean => line.trim() !== '' && !line.trimStart().startsWith('#');

/** The sections of the text, or undefined when it should be parsed whole. */
export function splitSections(text: string, lines: LineMap): Section[] | undefined {
  if (UNSAFE.test(text)) return undefined;
  const sections: Section[] = [];
  for (let i = 0; i < lines.lineCount; i++) {
    const line = lines.lineText(i);
    if (!isContent(line) || indentOf(line) > 0) continue;
    if (line.startsWith('-') || line.startsWith('[') || line.startsWith('{')) return undefined;
    const start = lines.lineStarts[i] ?? 0;
    const prev = sections[sections.length - 1];
    if (prev) prev.end = start;
    sections.push({ start: sections.length === 0 ? 0 : start, end: text.length });
  }
  if (sections.length === 0) return undefined;
  // The first content line decides: an indented root is not a block mapping of sections.
  for (let i = 0; i < lines.lineCount; i++) {
    const line = lines.lineText(i);
    if (isContent(line)) {
      if (indentOf(line) > 0) return undefined;
      break;
    }
  }
  for (const s of sections) splitEntries(s, lines);
  return sections;
}

function splitEntries(s: Section, lines: LineMap): void {
  const first = lines.lineOf(s.start);
  const last = lines.lineOf(Math.max(s.start, s.end - 1));
  if (last - first < SPLIT_LINES) return;
  let header = first;
  while (header <= last && !isContent(lines.lineText(header))) header++;
  if (!TOP_KEY.test(lines.lineText(header).trimEnd())) return;
  let child = -1;
  const entries: Piece[] = [];
  for (let i = header + 1; i <= last; i++) {
    const line = lines.lineText(i);
    if (!isContent(line)) continue;
    const ind = indentOf(line);
    if (child < 0) {
      if (line.trimStart().startsWith('-')) return; // a list, not entries
      child = ind;
    }
    if (ind < child) return; // badly indented: let the whole section report it
    if (ind === child) {
      if (line.trimStart().startsWith('-')) return;
      const start = lines.lineStarts[i] ?? 0;
      const prev = entries[entries.length - 1];
      if (prev) prev.end = start;
      entries.push({ start, end: s.end });
    }
  }
  if (entries.length < 2) return;
  s.entries = entries;
  s.headerEnd = entries[0]!.start;
}

function shift(node: unknown, delta: number): void {
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (n.range) n.range = [n.range[0] + delta, n.range[1] + delta, n.range[2] + delta];
  if (isMap(n) || isSeq(n)) for (const item of n.items) shift(item, delta);
  else if (isPair(n)) {
    shift(n.key, delta);
    shift(n.value, delta);
  }
}

/** Parses documents incrementally; keep one per open document. */
export class ConfigDocParser {
  private cache = new Map<string, Parsed>();

  parse(text: string): ConfigDoc {
    const lines = new LineMap(text);
    const sections = splitSections(text, lines);
    if (!sections) {
      this.cache.clear();
      return parseConfigDoc(text);
    }
    const next = new Map<string, Parsed>();
    const chunk = (start: number, end: number): Parsed => {
      const slice = text.slice(start, end);
      let p = this.cache.get(slice);
      // The same text twice in one file (a duplicated entry) cannot share one tree.
      if (!p || next.has(slice)) p = parseChunk(slice);
      else if (p.base !== start) {
        shift(p.contents, start - p.base);
        for (const e of p.errors) [e.start, e.end] = [e.start + start - p.base, e.end + start - p.base];
      }
      if (p.base === -1) {
        shift(p.contents, start);
        for (const e of p.errors) [e.start, e.end] = [e.start + start, e.end + start];
      }
      p.base = start;
      if (!next.has(slice)) next.set(slice, p);
      return p;
    };
    const root = new YAMLMap();
    const value: Record<string, unknown> = {};
    const errors: SyntaxError[] = [];
    const add = (target: YAMLMap, obj: Record<string, unknown>, p: Parsed): void => {
      errors.push(...p.errors);
      if (!isMap(p.contents)) return;
      for (const pair of p.contents.items) {
        const k = keyText(pair.key);
        if (k !== undefined && Object.prototype.hasOwnProperty.call(obj, k)) {
          const r = (pair.key as Node).range;
          errors.push({ message: 'Map keys must be unique', start: r?.[0] ?? 0, end: r?.[1] ?? 0 });
        }
        target.items.push(pair);
        if (k !== undefined && p.value && typeof p.value === 'object') obj[k] = (p.value as Record<string, unknown>)[k];
      }
    };
    for (const s of sections) {
      if (!s.entries) {
        add(root, value, chunk(s.start, s.end));
        continue;
      }
      const head = chunk(s.start, s.headerEnd ?? s.end);
      errors.push(...head.errors);
      const headPair = isMap(head.contents) ? head.contents.items[0] : undefined;
      const k = headPair ? keyText(headPair.key) : undefined;
      if (!headPair || k === undefined) {
        add(root, value, chunk(s.start, s.end));
        continue;
      }
      const map = new YAMLMap();
      const obj: Record<string, unknown> = {};
      for (const e of s.entries) add(map, obj, chunk(e.start, e.end));
      const first = s.entries[0]!.start;
      const lastEnd = (map.items[map.items.length - 1]?.value as Node | undefined)?.range?.[2] ?? s.end;
      map.range = [first, lastEnd, lastEnd];
      if (Object.prototype.hasOwnProperty.call(value, k)) {
        const r = (headPair.key as Node).range;
        errors.push({ message: 'Map keys must be unique', start: r?.[0] ?? 0, end: r?.[1] ?? 0 });
      }
      root.items.push(new Pair(headPair.key, map));
      value[k] = obj;
    }
    const firstItem = root.items[0]?.key as Node | undefined;
    root.range = [firstItem?.range?.[0] ?? 0, text.length, text.length];
    this.cache = next;
    return { text, lines, contents: root, value, syntaxErrors: errors.sort((a, b) => a.start - b.start) };
  }
}

function parseChunk(slice: string): Parsed {
  const doc = parseDocument(slice, { prettyErrors: false, uniqueKeys: true });
  const errors = doc.errors.map((e) => ({ message: e.message.split('\n')[0] ?? e.message, start: e.pos[0], end: e.pos[1] }));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    errors.push({ message: err instanceof Error ? err.message : String(err), start: 0, end: 0 });
  }
  // base -1: ranges are still relative to the chunk.
  return { contents: doc.contents as Node | null, value, errors, base: -1 };
}
