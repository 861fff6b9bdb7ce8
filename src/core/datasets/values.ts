import { isDeepStrictEqual } from 'node:util';
import type { FieldSchema, LabelType, LabelValue } from './labels';
import type { Split } from './options';

/**
 * Turning raw annotation values into typed label values. JSON sources give real numbers,
 * arrays and booleans; csv cells are strings, so each type also has a written form:
 *   number          `12.5`, `-3`, `1e3`
 *   yes_no          `yes`/`no`, `true`/`false`, `y`/`n` (any case); 1/0 only when the field is declared yes_no
 *   temporal_range  `[12.0, 31.0]`, `12.0-31.0`, `12.0–31.0`, `12.0..31.0` (seconds, start ≤ end)
 *   bbox            `[x1, y1, x2, y2]` or `x1,y1,x2,y2` / space-separated (x1 ≤ x2, y1 ≤ y2)
 *   sequence        `["a", "b"]` or `a;b;c` (parts trimmed, empty parts dropped)
 *   class, text     the string, trimmed (numbers are written out: class ids may be numbers)
 */

export type Coerced = { ok: true; value: LabelValue } | { ok: false; message: string };

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const RANGE = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(?:-|–|\.\.)\s*(\d+(?:\.\d*)?|\.\d+)\s*$/;
const YES = new Set(['yes', 'true', 'y']);
const NO = new Set(['no', 'false', 'n']);

export function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

export function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && NUMBER.test(raw.trim())) return Number(raw.trim());
  return undefined;
}

/** A csv cell that holds a JSON array is read as one. */
function jsonArray(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) return raw;
  if (typeof raw !== 'string' || !raw.trim().startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function numbers(raw: unknown, count: number): number[] | undefined {
  let parts: unknown[] | undefined = jsonArray(raw);
  if (!parts && typeof raw === 'string') {
    if (count === 2) {
      const m = RANGE.exec(raw);
      parts = m ? [m[1], m[2]] : raw.split(',');
    } else parts = raw.trim().split(/[\s,]+/);
  }
  if (!parts || parts.length !== count) return undefined;
  const nums = parts.map(toNumber);
  return nums.every((n): n is number => n !== undefined) ? nums : undefined;
}

function yesNo(raw: unknown, lenient: boolean): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (lenient && (raw === 1 || raw === 0)) return raw === 1;
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim().toLowerCase();
  if (YES.has(s) || (lenient && s === '1')) return true;
  if (NO.has(s) || (lenient && s === '0')) return false;
  return undefined;
}

function sequence(raw: unknown): string[] | undefined {
  const arr = jsonArray(raw);
  if (arr) return arr.every((x) => typeof x === 'string' || typeof x === 'number') ? arr.map((x) => String(x).trim()) : undefined;
  if (typeof raw === 'string') return raw.split(';').map((s) => s.trim()).filter((s) => s !== '');
  return undefined;
}

function str(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return undefined;
}

/**
 * Whether a raw value is written in the natural form of a type, for schema inference.
 * Stricter than {@link coerce}: a bare string only counts as a sequence when it has a `;`,
 * and 1/0 never count as yes/no.
 */
export function looksLike(raw: unknown, type: LabelType): boolean {
  switch (type) {
    case 'yes_no':
      return yesNo(raw, false) !== undefined;
    case 'number':
      return toNumber(raw) !== undefined;
    case 'temporal_range': {
      const n = numbers(raw, 2);
      return n !== undefined && n[0]! >= 0 && n[0]! <= n[1]!;
    }
    case 'bbox': {
      const n = numbers(raw, 4);
      return n !== undefined && n[0]! <= n[2]! && n[1]! <= n[3]!;
    }
    case 'sequence':
      return (Array.isArray(raw) || (typeof raw === 'string' && raw.includes(';'))) && sequence(raw) !== undefined;
    case 'class':
    case 'text':
      return str(raw) !== undefined;
  }
}

const shown = (raw: unknown): string => {
  const s = typeof raw === 'string' ? JSON.stringify(raw) : JSON.stringify(raw) ?? String(raw);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
};

// Membership in a vocabulary of hundreds of classes is checked once per record: a Set per
// vocabulary array (cached by identity) instead of a linear scan.
const vocabularies = new WeakMap<string[], Set<string>>();
function vocabularyOf(values: string[]): Set<string> {
  let set = vocabularies.get(values);
  if (!set) vocabularies.set(values, (set = new Set(values)));
  return set;
}

// Module level, not a closure per call: coerce runs once per label of every stored record
// on a re-validation, and a closure per call showed up in its profile.
const bad = (expected: string, raw: unknown): Coerced => ({ ok: false, message: `expected ${expected}, got ${shown(raw)}` });

/** Coerces a raw (non-blank) value to a field's type, checking the field's constraints. */
export function coerce(raw: unknown, field: FieldSchema): Coerced {
  switch (field.type) {
    case 'number': {
      const n = toNumber(raw);
      if (n === undefined) return bad('a number', raw);
      if (field.min !== undefined && n < field.min) return { ok: false, message: `${n} is below the minimum ${field.min}` };
      if (field.max !== undefined && n > field.max) return { ok: false, message: `${n} is above the maximum ${field.max}` };
      return { ok: true, value: n };
    }
    case 'yes_no': {
      const b = yesNo(raw, true);
      return b === undefined ? bad('yes/no (yes, no, true, false)', raw) : { ok: true, value: b };
    }
    case 'temporal_range': {
      const n = numbers(raw, 2);
      if (!n) return bad('a time range [start, end] in seconds', raw);
      if (n[0]! < 0 || n[0]! > n[1]!) return { ok: false, message: `time range ${shown(raw)} must have 0 ≤ start ≤ end` };
      return { ok: true, value: n };
    }
    case 'bbox': {
      const n = numbers(raw, 4);
      if (!n) return bad('a box [x1, y1, x2, y2]', raw);
      if (n[0]! > n[2]! || n[1]! > n[3]!) return { ok: false, message: `box ${shown(raw)} must have x1 ≤ x2 and y1 ≤ y2` };
      if (field.normalized !== false && n.some((v) => v < 0 || v > 1)) {
        return { ok: false, message: `box ${shown(raw)} is not normalized to 0..1 (declare the field with normalized: false for pixel boxes)` };
      }
      return { ok: true, value: n };
    }
    case 'sequence': {
      const s = sequence(raw);
      return s === undefined ? bad('a list of steps (["a", "b"] or a;b)', raw) : { ok: true, value: s };
    }
    case 'class': {
      const s = str(raw);
      if (s === undefined) return bad('a class name', raw);
      if (field.values.length > 0 && !vocabularyOf(field.values).has(s)) {
        const some = field.values.slice(0, 8).join(', ') + (field.values.length > 8 ? ', ...' : '');
        return { ok: false, message: `"${s}" is not one of the classes (${some})` };
      }
      return { ok: true, value: s };
    }
    case 'text': {
      const s = str(raw);
      return s === undefined ? bad('text', raw) : { ok: true, value: s };
    }
  }
}

/**
 * Whether a coerced value is the stored one, as `util.isDeepStrictEqual` would say (Object.is
 * per element, so -0 is not 0) without its generic walk: label values are primitives or
 * flat arrays of primitives. Anything else goes to isDeepStrictEqual.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b);
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return isDeepStrictEqual(a, b);
  for (let i = 0; i < a.length; i++) {
    const x: unknown = a[i];
    const y: unknown = b[i];
    // Nested values and holes (undefined) are not label values: leave them to the generic walk.
    if (typeof x === 'object' || typeof y === 'object' || x === undefined || y === undefined) return isDeepStrictEqual(a, b);
    if (!Object.is(x, y)) return false;
  }
  return true;
}

/**
 * The problem with a label value read back from records.jsonl, or undefined: it must pass
 * {@link coerce} and already be in the typed form coerce gives (a stored `"3"` for a number
 * field, or `" a"` for a class, was not written by an import).
 */
export function storedValueProblem(v: LabelValue, field: FieldSchema): string | undefined {
  const c = coerce(v, field);
  if (!c.ok) return c.message;
  if (!sameValue(c.value, v)) return `stored as ${JSON.stringify(v)}, not as a ${field.type} value`;
  return undefined;
}

const SPLIT_NAMES: Record<string, Split> = {
  train: 'train',
  training: 'train',
  val: 'val',
  valid: 'val',
  validate: 'val',
  validation: 'val',
  dev: 'val',
  test: 'test',
  testing: 'test',
};

/** Maps the split names datasets use (validate, validation, dev, ...) onto train/val/test. */
export function parseSplit(raw: unknown): Split | undefined {
  return typeof raw === 'string' ? SPLIT_NAMES[raw.trim().toLowerCase()] : undefined;
}

/** The split a file name suggests (`STAR_val.json`, `something-something-v2-validation.json`). */
export function splitFromFileName(file: string): Split | undefined {
  const base = file.replace(/^.*[\\/]/, '').toLowerCase();
  for (const m of base.matchAll(/[a-z]+/g)) {
    const s = SPLIT_NAMES[m[0]];
    if (s) return s;
  }
  return undefined;
}
