import { SPLITS, type SampleRecord } from './record';
import type { LabelValue } from './labels';

/**
 * A hand-written fast path for `SampleRecord.safeParse` on the output of `JSON.parse`.
 * Re-validating a stored dataset runs the record schema once per line, and zod's generic
 * object/record/union machinery costs ~0.8 µs a record (most of a million-record scan's
 * validation time). This checker only ever says "valid, and here is exactly what zod would
 * return" or "not sure": on `undefined` the caller runs zod, so zod stays the source of
 * truth and the problems reported for a bad line are zod's own, word for word.
 *
 * It answers `undefined` for every record zod rejects, and also for valid records it does
 * not bother to copy the way zod does (extra keys, which zod strips; a `__proto__` label;
 * a key present with the value `undefined`; labels without Object.prototype). test/unit/datasets/recordCheck.test.ts checks
 * both directions with generated records.
 */

const SPLIT_SET: ReadonlySet<unknown> = new Set<unknown>(SPLITS);
const hasOwn = Object.prototype.hasOwnProperty;

/** z.number(): a finite number (zod 4 rejects NaN and ±Infinity). */
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** z.number().nonnegative(); -0 passes, as in zod. */
const isNonNegative = (v: unknown): v is number => isNumber(v) && v >= 0;

/** z.string().min(1). */
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** LabelValue: string | number | boolean | string[] | number[] (an empty array is either). */
function isLabelValue(v: unknown): v is LabelValue {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object': {
      if (!Array.isArray(v)) return false;
      const n = v.length;
      if (n === 0) return true;
      if (typeof v[0] === 'string') {
        for (let i = 1; i < n; i++) if (typeof v[i] !== 'string') return false;
        return true;
      }
      for (let i = 0; i < n; i++) if (!isNumber(v[i])) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * The labels object as zod's record would return it, or undefined. zod copies the own
 * enumerable keys into a fresh plain object, skipping `__proto__`; an object straight from
 * JSON.parse with only ordinary own keys copies to an equal object, so it is returned as is.
 */
function checkLabels(v: unknown): Record<string, LabelValue> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  // zod accepts a null-prototype object too, but copies it into a plain one: leave it to zod.
  if (Object.getPrototypeOf(v) !== Object.prototype) return undefined;
  const labels = v as Record<string, unknown>;
  for (const key in labels) {
    // An inherited enumerable key would be seen here but not by zod; `__proto__` is dropped by zod.
    if (key === '__proto__' || !hasOwn.call(labels, key)) return undefined;
    if (!isLabelValue(labels[key])) return undefined;
  }
  return labels as Record<string, LabelValue>;
}

/**
 * What `SampleRecord.safeParse(value).data` would be, when that parse succeeds and the
 * value is a plain JSON record; `undefined` means "run zod" (it may still be valid).
 * The result has zod's key order (id, video, start, end, split, labels) and no extra keys.
 */
export function checkParsedRecord(value: unknown): SampleRecord | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  // Every key must be a known one (zod strips unknown keys: leave that copy to zod), and a
  // present optional key must hold a value (zod keeps `start: undefined` as a key).
  for (const key in v) {
    switch (key) {
      case 'id':
      case 'video':
      case 'split':
      case 'labels':
        break;
      case 'start':
      case 'end':
        if (v[key] === undefined) return undefined;
        break;
      default:
        return undefined;
    }
  }
  const { id, video, start, end, split } = v;
  if (!isNonEmptyString(id) || !isNonEmptyString(video) || !SPLIT_SET.has(split)) return undefined;
  if (start !== undefined && !isNonNegative(start)) return undefined;
  if (end !== undefined && !isNonNegative(end)) return undefined;
  if (start !== undefined && end !== undefined && !(end > start)) return undefined;
  const labels = checkLabels(v.labels);
  if (!labels) return undefined;
  const s = split as SampleRecord['split'];
  // Built in zod's key order, whatever the order on the line.
  if (start === undefined) return end === undefined ? { id, video, split: s, labels } : { id, video, end, split: s, labels };
  return end === undefined ? { id, video, start, split: s, labels } : { id, video, start, end, split: s, labels };
}
