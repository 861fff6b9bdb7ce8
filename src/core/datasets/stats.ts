import type { LabelSchema, LabelType, LabelValue } from './labels';
import type { SampleRecord } from './record';
import { SPLITS } from './record';

export interface Summary {
  min: number;
  max: number;
  mean: number;
  std: number;
}

export interface FieldStats {
  type: LabelType;
  /** Records with a value for this field. */
  present: number;
  /** Records without one. */
  missing: number;
  /** Distinct values (class, text, yes_no) or distinct steps (sequence). */
  distinct?: number;
  /** Value → count, most frequent first: every class; yes/no; the top text values and steps. */
  counts?: Record<string, number>;
  /** What the summary is over: the value (number), duration in s (temporal_range), area (bbox), length (sequence). */
  of?: 'value' | 'duration' | 'area' | 'length';
  summary?: Summary;
}

export interface DatasetStatistics {
  records: number;
  splits: Record<(typeof SPLITS)[number], number>;
  fields: Record<string, FieldStats>;
}

const TOP = 10;

class Welford {
  n = 0;
  private m = 0;
  private s = 0;
  min = Infinity;
  max = -Infinity;
  add(x: number): void {
    this.n++;
    const d = x - this.m;
    this.m += d / this.n;
    this.s += d * (x - this.m);
    this.min = Math.min(this.min, x);
    this.max = Math.max(this.max, x);
  }
  summary(): Summary | undefined {
    if (this.n === 0) return undefined;
    return { min: this.min, max: this.max, mean: this.m, std: this.n > 1 ? Math.sqrt(this.s / (this.n - 1)) : 0 };
  }
}

const OF: Partial<Record<LabelType, FieldStats['of']>> = { number: 'value', temporal_range: 'duration', bbox: 'area', sequence: 'length' };

function sortedCounts(m: Map<string, number>, limit?: number): Record<string, number> {
  const entries = [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return Object.fromEntries(limit === undefined ? entries : entries.slice(0, limit));
}

/** Counts per split and, per label field, what its values look like (by the field's type). */
export function datasetStats(records: readonly SampleRecord[], schema: LabelSchema): DatasetStatistics {
  const splits = { train: 0, val: 0, test: 0 };
  const counts = new Map<string, Map<string, number>>();
  const nums = new Map<string, Welford>();
  const present = new Map<string, number>();
  for (const name of Object.keys(schema)) {
    counts.set(name, new Map());
    nums.set(name, new Welford());
    present.set(name, 0);
  }
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);

  for (const r of records) {
    splits[r.split]++;
    for (const [name, field] of Object.entries(schema)) {
      const v: LabelValue | undefined = r.labels[name];
      if (v === undefined) continue;
      present.set(name, present.get(name)! + 1);
      const c = counts.get(name)!;
      const w = nums.get(name)!;
      switch (field.type) {
        case 'class':
        case 'text':
          bump(c, String(v));
          break;
        case 'yes_no':
          bump(c, v === true ? 'yes' : 'no');
          break;
        case 'number':
          if (typeof v === 'number') w.add(v);
          break;
        case 'temporal_range':
          if (Array.isArray(v) && v.length === 2) w.add((v[1] as number) - (v[0] as number));
          break;
        case 'bbox':
          if (Array.isArray(v) && v.length === 4) w.add(((v[2] as number) - (v[0] as number)) * ((v[3] as number) - (v[1] as number)));
          break;
        case 'sequence':
          if (Array.isArray(v)) {
            w.add(v.length);
            for (const s of v) bump(c, String(s));
          }
          break;
      }
    }
  }

  const fields: Record<string, FieldStats> = {};
  for (const [name, field] of Object.entries(schema)) {
    const p = present.get(name)!;
    const f: FieldStats = { type: field.type, present: p, missing: records.length - p };
    const c = counts.get(name)!;
    if (['class', 'text', 'yes_no', 'sequence'].includes(field.type)) {
      f.distinct = c.size;
      f.counts = sortedCounts(c, field.type === 'class' || field.type === 'yes_no' ? undefined : TOP);
    }
    const s = nums.get(name)!.summary();
    if (OF[field.type] && s) {
      f.of = OF[field.type];
      f.summary = s;
    }
    fields[name] = f;
  }
  return { records: records.length, splits, fields };
}
