// The Datasets tree's middle levels, computed from a dataset the core has read: one group
// per label value of a field (class, text, yes/no), or per range of a number, duration,
// box area or sequence length when values are continuous. Each group keeps the positions
// of its records, so the clip level is a slice of an index array, never a filter over
// 100k records. `vscode`-free so plain Node tests cover it.
import type { FieldSchema, LabelValue, SampleRecord } from '../../core/datasets';

export interface ValueGroup {
  /** Stable within the field: the value itself, `range:<i>`, or `missing`. */
  readonly key: string;
  readonly label: string;
  /** Positions in the dataset's `records`, in file order. */
  readonly indices: readonly number[];
}

/** Distinct numbers shown one by one; more become this many equal-width ranges. */
export const MAX_DISTINCT_NUMBERS = 30;
const BINS = 10;

/** The scalar a continuous field's ranges are over (as the core's stats summarise it). */
function scalarOf(type: FieldSchema['type'], v: LabelValue): number | undefined {
  switch (type) {
    case 'number':
      return typeof v === 'number' ? v : undefined;
    case 'temporal_range':
      return Array.isArray(v) && v.length === 2 ? (v[1] as number) - (v[0] as number) : undefined;
    case 'bbox':
      return Array.isArray(v) && v.length === 4 ? ((v[2] as number) - (v[0] as number)) * ((v[3] as number) - (v[1] as number)) : undefined;
    case 'sequence':
      return Array.isArray(v) ? v.length : undefined;
    default:
      return undefined;
  }
}

const UNIT: Partial<Record<FieldSchema['type'], string>> = { temporal_range: 'duration', bbox: 'area', sequence: 'steps' };

/** Short decimal text: 3 significant digits, no trailing zeros. */
export function shortNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(3)));
}

/** The value groups of `field` over `records`, most frequent first for categories, ascending for ranges. */
export function groupByField(records: readonly SampleRecord[], field: string, schema: FieldSchema): ValueGroup[] {
  const missing: number[] = [];
  if (schema.type === 'class' || schema.type === 'text' || schema.type === 'yes_no') {
    const by = new Map<string, number[]>();
    records.forEach((r, i) => {
      const v = r.labels[field];
      if (v === undefined) return void missing.push(i);
      const key = schema.type === 'yes_no' ? (v === true ? 'yes' : 'no') : String(v);
      let list = by.get(key);
      if (!list) by.set(key, (list = []));
      list.push(i);
    });
    const groups = [...by].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).map(([key, indices]) => ({ key, label: key, indices }));
    return withMissing(groups, missing);
  }
  // Continuous: exact values when there are few of them (scores 1..10), else ranges.
  const xs: number[] = new Array(records.length);
  const present: number[] = [];
  records.forEach((r, i) => {
    const v = r.labels[field];
    const x = v === undefined ? undefined : scalarOf(schema.type, v);
    if (x === undefined || !Number.isFinite(x)) return void missing.push(i);
    xs[i] = x;
    present.push(i);
  });
  const unit = UNIT[schema.type];
  const name = (text: string): string => (unit === 'steps' ? `${text} steps` : unit ? `${unit} ${text}` : text);
  const distinct = new Map<number, number[]>();
  for (const i of present) {
    const x = xs[i]!;
    let list = distinct.get(x);
    if (!list) {
      if (distinct.size >= MAX_DISTINCT_NUMBERS) break;
      distinct.set(x, (list = []));
    }
    list.push(i);
  }
  if (distinct.size < MAX_DISTINCT_NUMBERS || countOf(distinct) === present.length) {
    const groups = [...distinct].sort((a, b) => a[0] - b[0]).map(([x, indices]) => ({ key: String(x), label: name(shortNumber(x)), indices }));
    return withMissing(groups, missing);
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of present) {
    lo = Math.min(lo, xs[i]!);
    hi = Math.max(hi, xs[i]!);
  }
  const width = (hi - lo) / BINS;
  const bins: number[][] = Array.from({ length: BINS }, () => []);
  for (const i of present) bins[Math.min(BINS - 1, Math.floor((xs[i]! - lo) / width))]!.push(i);
  const groups = bins.flatMap((indices, b) => {
    if (indices.length === 0) return [];
    const from = lo + b * width;
    const to = b === BINS - 1 ? hi : lo + (b + 1) * width;
    return [{ key: `range:${b}`, label: name(`${shortNumber(from)} – ${shortNumber(to)}`), indices }];
  });
  return withMissing(groups, missing);
}

function countOf(m: Map<number, number[]>): number {
  let n = 0;
  for (const l of m.values()) n += l.length;
  return n;
}

function withMissing(groups: ValueGroup[], missing: number[]): ValueGroup[] {
  return missing.length ? [...groups, { key: 'missing', label: '(no label)', indices: missing }] : groups;
}

/** A page of `total` items: the first `shown` (rounded to whole pages), and how many are left. */
export function pageWindow(total: number, shown: number): { end: number; remaining: number } {
  const end = Math.min(total, Math.max(0, shown));
  return { end, remaining: total - end };
}
