import { Scalar } from 'yaml';

/**
 * Maps character offsets in a string scalar's *value* back to offsets in the YAML source,
 * so a bad `{placeholder}` inside `"Which way does the {label.shape} move?"` is underlined
 * exactly, quotes, escapes and block indentation included. Returns undefined when the
 * scalar's source cannot be mapped character by character (multi-line flow scalars,
 * folded blocks): callers then underline the whole scalar.
 */
export function scalarOffsetMap(text: string, scalar: Scalar): number[] | undefined {
  const value = scalar.value;
  const range = scalar.range;
  if (typeof value !== 'string' || !range) return undefined;
  const [start, end] = range;
  const src = text.slice(start, end);
  let out: { chars: string; map: number[] } | undefined;
  switch (scalar.type) {
    case Scalar.PLAIN:
      if (!src.includes('\n')) out = { chars: src, map: Array.from({ length: src.length + 1 }, (_, i) => start + i) };
      break;
    case Scalar.QUOTE_SINGLE:
      if (!src.includes('\n')) out = decodeSingle(src, start);
      break;
    case Scalar.QUOTE_DOUBLE:
      if (!src.includes('\n')) out = decodeDouble(src, start);
      break;
    case Scalar.BLOCK_LITERAL:
      out = decodeLiteral(text, start, end);
      break;
    default:
      return undefined;
  }
  if (!out) return undefined;
  // Chomping and trailing blank lines aside, the decoding must reproduce the value.
  if (!out.chars.startsWith(value.trimEnd()) || out.chars.trimEnd() !== value.trimEnd()) return undefined;
  return out.map;
}

function decodeSingle(src: string, start: number): { chars: string; map: number[] } {
  let chars = '';
  const map: number[] = [];
  let i = 1;
  const last = src.length - 1; // the closing quote
  while (i < last) {
    map.push(start + i);
    if (src[i] === "'" && src[i + 1] === "'") {
      chars += "'";
      i += 2;
    } else {
      chars += src[i];
      i += 1;
    }
  }
  map.push(start + i);
  return { chars, map };
}

const ESCAPE_LENGTH: Record<string, number> = { x: 4, u: 6, U: 10 };

function decodeDouble(src: string, start: number): { chars: string; map: number[] } {
  let chars = '';
  const map: number[] = [];
  let i = 1;
  const last = src.length - 1;
  while (i < last) {
    map.push(start + i);
    if (src[i] === '\\') {
      const kind = src[i + 1] ?? '';
      const len = ESCAPE_LENGTH[kind] ?? 2;
      // The exact character does not matter for offsets, only that it is one (or, for
      // astral \U escapes, two UTF-16 units).
      const decoded = kind in ESCAPE_LENGTH ? String.fromCodePoint(parseInt(src.slice(i + 2, i + len), 16) || 0x3f) : unescapeChar(kind);
      if (decoded.length === 2) map.push(start + i);
      chars += decoded;
      i += len;
    } else {
      chars += src[i];
      i += 1;
    }
  }
  map.push(start + i);
  return { chars, map };
}

function unescapeChar(c: string): string {
  const table: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '"': '"', '\\': '\\', '/': '/', ' ': ' ', e: '\x1b', a: '\x07', b: '\b', f: '\f', v: '\v', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029' };
  return table[c] ?? c;
}

/** `|` blocks: the lines after the header, each with the block's indentation removed. */
function decodeLiteral(text: string, start: number, end: number): { chars: string; map: number[] } | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return { chars: '', map: [start] };
  let chars = '';
  const map: number[] = [];
  let indent = -1;
  let pos = headerEnd + 1;
  while (pos < end) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const line = text.slice(pos, lineEnd).replace(/\r$/, '');
    if (line.trim() !== '' && indent < 0) indent = line.length - line.trimStart().length;
    const skip = indent < 0 ? line.length : Math.min(indent, line.length);
    for (let i = skip; i < line.length; i++) {
      chars += line[i];
      map.push(pos + i);
    }
    if (lineEnd < end || text[lineEnd] === '\n') {
      chars += '\n';
      map.push(pos + line.length);
    }
    pos = lineEnd + 1;
  }
  map.push(Math.min(pos, end));
  return { chars, map };
}
