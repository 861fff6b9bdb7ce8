import type { InputProblem } from '../util/errors';

/** One element of a top-level JSON array (or one entry of a top-level object), with its line. */
export interface JsonElement {
  /** 1-based line where the element (or the entry's key) starts. */
  line: number;
  /** The entry's key, for a top-level object. */
  key?: string;
  value: unknown;
}

export interface JsonElements {
  kind: 'array' | 'object' | undefined;
  elements: JsonElement[];
  problems: InputProblem[];
  /** Elements seen, including the ones that did not parse. */
  read: number;
}

const WS = new Set([' ', '\t', '\n', '\r']);

/**
 * Splits a JSON file whose top level is an array (or an object) into its elements and
 * parses each on its own. JSON.parse alone gives neither line numbers nor a way past one
 * bad element; this way a malformed entry is a problem at its line and the others import.
 */
export function jsonElements(text: string, file: string): JsonElements {
  const out: JsonElements = { kind: undefined, elements: [], problems: [], read: 0 };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  for (; i < text.length && WS.has(text[i]!); i++) if (text[i] === '\n') line++;
  const open = text[i];
  if (open !== '[' && open !== '{') {
    out.problems.push({ file, line, message: 'expected a JSON array or object at the top level' });
    return out;
  }
  out.kind = open === '[' ? 'array' : 'object';

  let depth = 1;
  let inString = false;
  let escaped = false;
  let start = -1;
  let startLine = line;
  const finish = (end: number): void => {
    if (start < 0) {
      if (text.slice(0, end).trimEnd().endsWith(',')) out.problems.push({ file, line, message: 'stray comma (empty element)' });
      return;
    }
    out.read++;
    const slice = text.slice(start, end);
    try {
      if (out.kind === 'array') out.elements.push({ line: startLine, value: JSON.parse(slice) });
      else {
        const entry = JSON.parse(`{${slice}}`) as Record<string, unknown>;
        const [key, value] = Object.entries(entry)[0] ?? [];
        if (key === undefined) throw new Error('empty entry');
        out.elements.push({ line: startLine, key, value });
      }
    } catch (err) {
      const offset = out.kind === 'array' ? 0 : 1;
      out.problems.push({ file, line: startLine, message: `not valid JSON: ${locate((err as Error).message, slice, offset, startLine, start - text.lastIndexOf('\n', start - 1))}` });
    }
    start = -1;
  };

  for (i++; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && start < 0 && !WS.has(ch) && ch !== ',' && ch !== ']' && ch !== '}') {
      start = i;
      startLine = line;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) {
        finish(i);
        break;
      }
    } else if (ch === ',' && depth === 1) finish(i);
  }

  if (depth > 0) {
    if (start >= 0) {
      out.read++;
      out.problems.push({ file, line: startLine, message: 'file ends inside this element (unclosed bracket or string)' });
    } else out.problems.push({ file, line, message: 'file ends before the closing bracket' });
  } else if (text.slice(i + 1).trim() !== '') {
    out.problems.push({ file, line, message: 'unexpected content after the top-level JSON value' });
  }
  return out;
}

/** A readable type name for problem messages. */
export function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v;
}

/**
 * JSON.parse reports "at position N" in the parsed slice, meaningless to a reader of the
 * file; rewrite it as a line and column of the file.
 */
function locate(message: string, slice: string, offset: number, startLine: number, startColumn: number): string {
  return message.replace(/ at position (\d+)( \(line \d+ column \d+\))?/, (_m, pos: string) => {
    const before = slice.slice(0, Math.max(0, Number(pos) - offset));
    const nl = before.lastIndexOf('\n');
    const lines = before.split('\n').length - 1;
    return ` at line ${startLine + lines}, column ${nl < 0 ? startColumn + before.length : before.length - nl}`;
  });
}
