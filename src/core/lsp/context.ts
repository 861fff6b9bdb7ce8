import type { PathKey } from './yamlDoc';

/**
 * Where the cursor is, read from the text's indentation rather than the YAML tree: while
 * the user types, the document is often invalid (`    fo` is not a key yet), and the
 * tree then says nothing useful. The schema has lists only of plain strings, so a list
 * element is always written with index 0 here.
 */
export interface CursorContext {
  kind: 'key' | 'value' | 'placeholder';
  /** key: the mapping the key goes into; value and placeholder: the value being typed. */
  path: PathKey[];
  /** The partial word before the cursor and the offset where it starts. */
  prefix: string;
  start: number;
}

interface LineShape {
  indent: number;
  /** Columns of `- ` list markers at the start of the line. */
  dashes: number[];
  /** Column of the content after the markers. */
  contentCol: number;
  key?: string;
  /** Text after `key:` (trimmed of comments only at line level). */
  rest: string;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s#'"{[\]},][^:#]*?)\s*:(?:\s+|$)(.*)$/;

function shape(line: string): LineShape | undefined {
  const trimmed = line.trimStart();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const indent = line.length - trimmed.length;
  const dashes: number[] = [];
  let col = indent;
  while (line[col] === '-' && (line[col + 1] === ' ' || col + 1 === line.length)) {
    dashes.push(col);
    col += 1;
    while (line[col] === ' ') col++;
  }
  const content = line.slice(col);
  const m = KEY.exec(content);
  if (!m) return { indent, dashes, contentCol: col, rest: content };
  const rawKey = m[1] ?? '';
  const key = /^["']/.test(rawKey) ? rawKey.slice(1, -1) : rawKey.trim();
  return { indent, dashes, contentCol: col, key, rest: m[2] ?? '' };
}

/**
 * The keys (and list levels) above `line` that enclose a position at column `col`,
 * outermost first. A line is an ancestor when one of its elements (list markers, key)
 * sits left of the current limit; `key:` directly followed by `- item` at the same column
 * (a compact list) also owns the list.
 */
function parents(lines: readonly string[], line: number, col: number, listFirst: boolean): PathKey[] {
  const out: PathKey[] = [];
  let limit = col;
  let dashOutermost = listFirst;
  for (let i = line - 1; i >= 0 && limit > 0; i--) {
    const s = shape(lines[i] ?? '');
    if (!s) continue;
    const add: PathKey[] = [];
    let newLimit = limit;
    for (const d of s.dashes) {
      if (d < limit) {
        add.push(0);
        newLimit = Math.min(newLimit, d);
      }
    }
    const compact = dashOutermost && s.dashes.length === 0 && s.indent === limit && s.rest.trim() === '';
    if (s.key !== undefined && (s.contentCol < limit || compact)) {
      add.push(s.key);
      newLimit = Math.min(newLimit, s.indent);
    }
    if (add.length === 0) continue;
    out.unshift(...add);
    dashOutermost = add[0] === 0;
    limit = newLimit;
  }
  return out;
}

function flowContext(path: PathKey[], value: string, valueStart: number): CursorContext {
  // Inside `[a, b, |` or `{k: v, k2: |`: only the innermost open bracket matters.
  let depth = 0;
  let open = -1;
  for (let i = value.length - 1; i >= 0; i--) {
    const c = value[i];
    if (c === ']' || c === '}') depth++;
    else if (c === '[' || c === '{') {
      if (depth === 0) {
        open = i;
        break;
      }
      depth--;
    }
  }
  if (open < 0) {
    const m = /^["']?/.exec(value);
    const skip = m?.[0].length ?? 0;
    return { kind: 'value', path, prefix: value.slice(skip), start: valueStart + skip };
  }
  const segStart = Math.max(value.lastIndexOf(',') + 1, open + 1);
  const seg = value.slice(segStart);
  const lead = seg.length - seg.trimStart().length;
  // Only one level of brackets is tracked: `key: [a, {x: 1}, |` is rare in vstar.yaml.
  const outerPath = path;
  if (value[open] === '[') {
    const q = /^["']?/.exec(seg.trimStart())?.[0].length ?? 0;
    return { kind: 'value', path: [...outerPath, 0], prefix: seg.trimStart().slice(q), start: valueStart + segStart + lead + q };
  }
  const kv = /^\s*([^:\s]+)\s*:\s*(["']?)(.*)$/.exec(seg);
  if (kv) {
    const prefix = kv[3] ?? '';
    return { kind: 'value', path: [...outerPath, kv[1] ?? ''], prefix, start: valueStart + value.length - prefix.length };
  }
  return { kind: 'key', path: outerPath, prefix: seg.trimStart(), start: valueStart + segStart + lead };
}

/** The completion context at `offset` of `text`. */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop(); // the empty piece after the last newline
  const before = text.slice(lineStart, offset);
  const cur = shape(before + 'x'); // 'x' keeps a trailing "- " or "key: " from vanishing
  if (!cur) return undefined; // a comment
  const inList = cur.dashes.length > 0;
  const path = parents(lines, lines.length, cur.indent, inList);
  for (let d = 0; d < cur.dashes.length; d++) path.push(0);
  // `{` starts a placeholder only inside a question template (elsewhere it is a flow map).
  const open = before.lastIndexOf('{');
  const valuePath = cur.key !== undefined ? [...path, cur.key, 0] : path;
  if (valuePath[valuePath.length - 2] === 'questions' && open > before.lastIndexOf('}') && before[open - 1] !== '{' && /^[\w.-]*$/.test(before.slice(open + 1))) {
    return { kind: 'placeholder', path: valuePath, prefix: before.slice(open + 1), start: lineStart + open + 1 };
  }
  if (cur.key !== undefined) {
    const restText = cur.rest.slice(0, -1); // drop the 'x'
    const valueStart = offset - restText.length;
    return flowContext([...path, cur.key], restText, valueStart);
  }
  const typed = before.slice(cur.contentCol);
  if (inList) {
    const q = /^["']?/.exec(typed)?.[0].length ?? 0;
    return { kind: 'value', path, prefix: typed.slice(q), start: lineStart + cur.contentCol + q };
  }
  return { kind: 'key', path, prefix: typed, start: lineStart + cur.contentCol };
}
