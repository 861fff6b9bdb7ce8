import type { FieldSchema, LabelSchema, LabelType } from './labels';
import { coerce, isBlank, looksLike, toNumber } from './values';

/**
 * Label schema inference. For each field, the raw values decide the type:
 *  - a structured type (yes_no, number, temporal_range, bbox, sequence — tried in that
 *    order) when at least {@link TYPED_SHARE} of the non-blank values are written in its
 *    natural form (see values.ts); the rest then fail as bad values with their line,
 *    instead of silently turning a numeric column into text because of one typo;
 *  - otherwise `class` when the strings are short labels that repeat (each at most
 *    {@link CLASS_MAX_CHARS} characters and {@link CLASS_MAX_WORDS} words, at most
 *    {@link CLASS_MAX_DISTINCT} distinct, and either ≤ {@link CLASS_SMALL_VOCAB} distinct
 *    or each value seen twice on average), with the distinct values as vocabulary;
 *  - otherwise `text`.
 * number gets min/max from the data; bbox is normalized when every coordinate is in 0..1.
 * A declared field (the dataset's `labels`) wins; a declared class with no values gets its
 * vocabulary from the data. A format may fix a field's type (`types`), e.g. Kinetics'
 * `action` is always a class; vocabulary and ranges still come from the data.
 */
export const TYPED_SHARE = 0.75;
export const CLASS_MAX_CHARS = 64;
export const CLASS_MAX_WORDS = 6;
export const CLASS_MAX_DISTINCT = 1000;
export const CLASS_SMALL_VOCAB = 20;

const TYPED_ORDER: LabelType[] = ['yes_no', 'number', 'temporal_range', 'bbox', 'sequence'];

export interface InferOptions {
  overrides?: LabelSchema;
  types?: Record<string, LabelType>;
}

/** Raw values per label field, in record order, blanks included (they are skipped). */
export type FieldValues = Map<string, unknown[]>;

export function collectValues(labelsList: Iterable<Record<string, unknown>>): FieldValues {
  const out: FieldValues = new Map();
  for (const labels of labelsList) {
    for (const [k, v] of Object.entries(labels)) {
      let list = out.get(k);
      if (!list) out.set(k, (list = []));
      list.push(v);
    }
  }
  return out;
}

export function inferSchema(values: FieldValues, opts: InferOptions = {}): LabelSchema {
  const schema: LabelSchema = {};
  const names = new Set([...values.keys(), ...Object.keys(opts.overrides ?? {})]);
  for (const name of [...names].sort()) {
    const raw = (values.get(name) ?? []).filter((v) => !isBlank(v));
    const declared = opts.overrides?.[name];
    if (declared) {
      schema[name] = declared.type === 'class' && declared.values.length === 0 ? { type: 'class', values: vocabulary(raw) } : declared;
      continue;
    }
    if (raw.length === 0) continue;
    const type = opts.types?.[name] ?? guessType(raw);
    schema[name] = fieldFor(type, raw);
  }
  return schema;
}

export function guessType(raw: unknown[]): LabelType {
  for (const type of TYPED_ORDER) {
    const fitting = raw.filter((v) => looksLike(v, type)).length;
    if (fitting / raw.length >= TYPED_SHARE) return type;
  }
  const strings = raw.filter((v) => looksLike(v, 'class')).map((v) => String(v).trim());
  const distinct = new Set(strings);
  const short = strings.every((s) => s.length <= CLASS_MAX_CHARS && s.split(/\s+/).length <= CLASS_MAX_WORDS);
  const repeats = distinct.size <= CLASS_SMALL_VOCAB || distinct.size * 2 <= strings.length;
  return short && distinct.size <= CLASS_MAX_DISTINCT && repeats && strings.length > 0 ? 'class' : 'text';
}

function vocabulary(raw: unknown[]): string[] {
  const out = new Set<string>();
  for (const v of raw) {
    const c = coerce(v, { type: 'class', values: [] });
    if (c.ok) out.add(c.value as string);
  }
  return [...out].sort();
}

function fieldFor(type: LabelType, raw: unknown[]): FieldSchema {
  switch (type) {
    case 'class':
      return { type: 'class', values: vocabulary(raw) };
    case 'number': {
      const nums = raw.map(toNumber).filter((n): n is number => n !== undefined);
      if (nums.length === 0) return { type: 'number' };
      // A loop, not Math.min(...nums): spreading overflows the stack past ~100k values.
      let min = nums[0]!;
      let max = min;
      for (const n of nums) (min = Math.min(min, n)), (max = Math.max(max, n));
      return { type: 'number', min, max };
    }
    case 'bbox': {
      const boxes = raw.map((v) => coerce(v, { type: 'bbox', normalized: false })).filter((c) => c.ok);
      const normalized = boxes.every((c) => (c.value as number[]).every((x) => x >= 0 && x <= 1));
      return { type: 'bbox', normalized };
    }
    case 'temporal_range':
      return { type: 'temporal_range', unit: 's' };
    case 'sequence':
    case 'yes_no':
    case 'text':
      return { type };
  }
}

