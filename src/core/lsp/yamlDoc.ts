import { isMap, isPair, isScalar, isSeq, parseDocument, type Node, type Scalar } from 'yaml';
import { LineMap } from './position';

/**
 * One parse of a vstar.yaml text with source positions, shared by every editor feature:
 * diagnostics, completion, hover and definition all walk this tree instead of parsing
 * again. Nothing here throws for bad input.
 */

export type PathKey = string | number;

export interface SyntaxError {
  message: string;
  start: number;
  end: number;
}

export interface ConfigDoc {
  text: string;
  lines: LineMap;
  /** The root node, with source ranges into `text`. */
  contents: Node | null;
  /** The plain value (toJS), or undefined when the YAML cannot be turned into one. */
  value: unknown;
  syntaxErrors: SyntaxError[];
}

/** One full parse of the text (the incremental {@link ConfigDocParser} falls back to this). */
export function parseConfigDoc(text: string): ConfigDoc {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const syntaxErrors = doc.errors.map((e) => ({ message: e.message.split('\n')[0] ?? e.message, start: e.pos[0], end: e.pos[1] }));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    syntaxErrors.push({ message: err instanceof Error ? err.message : String(err), start: 0, end: 0 });
  }
  return { text, lines: new LineMap(text), contents: doc.contents as Node | null, value, syntaxErrors };
}

export function keyText(k: unknown): string | undefined {
  if (isScalar(k)) return k.value === null ? '' : String(k.value);
  return typeof k === 'string' || typeof k === 'number' ? String(k) : undefined;
}

/** The pair of a map whose key is `key`. */
function pairOf(map: unknown, key: PathKey) {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => keyText(p.key) === String(key));
}

export interface PathNodes {
  /** How many path keys were found. */
  depth: number;
  /** The key node of the last found map entry on the way (undefined for list items / root). */
  key?: Node;
  /** The node at the deepest found path. */
  node?: Node;
}

/** Walks `path` through the tree as far as it exists. */
export function nodesAt(cd: ConfigDoc, path: readonly PathKey[]): PathNodes {
  let node = cd.contents;
  let key: Node | undefined;
  let depth = 0;
  for (const k of path) {
    if (isMap(node)) {
      const pair = pairOf(node, k);
      if (!pair) break;
      key = (pair.key as Node | null) ?? undefined;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof k === 'number' && node.items[k]) {
      key = undefined;
      node = node.items[k] as Node;
    } else break;
    depth++;
  }
  return { depth, key, node: node ?? undefined };
}

/** The scalar value node at `path`, when the full path exists and ends at a scalar. */
export function scalarAt(cd: ConfigDoc, path: readonly PathKey[]): Scalar | undefined {
  const r = nodesAt(cd, path);
  return r.depth === path.length && isScalar(r.node) ? r.node : undefined;
}

/** The key node of `path` (its last element must be a map key that exists). */
export function keyNodeAt(cd: ConfigDoc, path: readonly PathKey[]): Node | undefined {
  const r = nodesAt(cd, path);
  return r.depth === path.length ? r.key : undefined;
}

function firstLine(cd: ConfigDoc): [number, number] {
  const start = cd.contents?.range?.[0] ?? 0;
  const line = cd.lines.lineOf(start);
  return [start, Math.max(start, cd.lines.lineEnd(line))];
}

/**
 * Where a problem at `path` is underlined: the scalar value when the path resolves to one
 * (a bad value), else the key of the deepest entry that exists (an unknown key, a bad
 * mapping, or a missing field under it), else the first line of the document.
 */
export function rangeForPath(cd: ConfigDoc, path: readonly PathKey[], prefer: 'value' | 'key' = 'value'): [number, number] {
  const r = nodesAt(cd, path);
  const full = r.depth === path.length;
  if (full && prefer === 'value' && r.node?.range && (isScalar(r.node) || !r.key)) {
    if (isScalar(r.node)) return [r.node.range[0], r.node.range[1]];
    // A list item that is a mapping: its first line.
    const s = r.node.range[0];
    return [s, Math.max(s, cd.lines.lineEnd(cd.lines.lineOf(s)))];
  }
  if (r.key?.range) return [r.key.range[0], r.key.range[1]];
  if (r.node?.range && r.depth > 0) {
    const s = r.node.range[0];
    return [s, Math.max(s, cd.lines.lineEnd(cd.lines.lineOf(s)))];
  }
  return firstLine(cd);
}

export interface OffsetTarget {
  /** Path of the entry under the offset. */
  path: PathKey[];
  /** True when the offset is on a map key (then the last path element is that key). */
  onKey: boolean;
  /** The scalar under the offset (key or value), if any. */
  scalar?: Scalar;
}

const within = (n: Node | null | undefined, off: number): boolean => !!n?.range && n.range[0] <= off && off <= n.range[1];

/** What the offset points at: a key, a scalar value, or a place inside a collection. */
export function targetAt(cd: ConfigDoc, offset: number): OffsetTarget {
  const path: PathKey[] = [];
  let node = cd.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (within(p.key as Node, offset) || within(p.value as Node, offset)));
      if (!pair) return { path, onKey: false };
      const k = keyText(pair.key);
      if (k === undefined) return { path, onKey: false };
      path.push(k);
      if (within(pair.key as Node, offset)) return { path, onKey: true, scalar: isScalar(pair.key) ? pair.key : undefined };
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((it) => within(it as Node, offset));
      if (i < 0) return { path, onKey: false };
      path.push(i);
      node = node.items[i] as Node;
    } else if (isScalar(node)) {
      return { path, onKey: false, scalar: node };
    } else {
      return { path, onKey: false };
    }
  }
}

/** The value at `path` in a plain JS value, or undefined. */
export function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let cur = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PathKey, unknown>)[k];
  }
  return cur;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
