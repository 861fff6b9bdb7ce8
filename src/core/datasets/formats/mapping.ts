import type { Candidate, ColumnMapping } from '../options';

const CORE = ['id', 'video', 'start', 'end', 'split'] as const;

/**
 * Builds a candidate from a row (csv) or object (jsonl) through a column mapping. Without
 * `columns.labels`, labels are the object's `labels` object when it has one (jsonl records
 * already in normalized shape), else every key not used for id/video/start/end/split.
 */
export function fromMapped(
  line: number,
  keys: readonly string[],
  get: (key: string) => unknown,
  columns: ColumnMapping = NO_MAPPING,
): Candidate {
  const c: Candidate = { line, labels: {}, sources: sourcesFor(columns) };
  const used = new Set<string>();
  for (const f of CORE) {
    const col = columns[f] ?? f;
    used.add(col);
    c[f] = get(col);
  }
  if (columns.labels) {
    for (const [field, col] of Object.entries(columns.labels)) c.labels[field] = get(col);
    return c;
  }
  const nested = get('labels');
  if (readsNestedLabels(columns) && nested && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const [field, v] of Object.entries(nested)) c.labels[field] = v;
    return c;
  }
  for (const k of keys) if (!used.has(k)) c.labels[k] = get(k);
  return c;
}

/**
 * Whether a record's `labels` key holds its labels as a nested object under this mapping:
 * only when `columns.labels` is not given and no core field is read from a key `labels`.
 */
export function readsNestedLabels(columns: ColumnMapping = NO_MAPPING): boolean {
  return !columns.labels && CORE.every((f) => (columns[f] ?? f) !== 'labels');
}

// Record path → source column, shared by every candidate of one mapping (cached by identity).
const sourceMaps = new WeakMap<ColumnMapping, Record<string, string>>();
const NO_MAPPING: ColumnMapping = {};
function sourcesFor(columns: ColumnMapping): Record<string, string> {
  let m = sourceMaps.get(columns);
  if (!m) {
    m = {};
    for (const f of CORE) m[f] = columns[f] ?? f;
    for (const [field, col] of Object.entries(columns.labels ?? {})) m[`labels.${field}`] = col;
    sourceMaps.set(columns, m);
  }
  return m;
}

/** Looks up `a.b.c` in nested objects; a key that itself contains dots wins. */
export function getPath(obj: Record<string, unknown>, key: string): unknown {
  if (key in obj) return obj[key];
  let cur: unknown = obj;
  for (const part of key.split('.')) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Mapped columns that a header lacks (all names, for one clear problem). */
export function missingColumns(header: readonly string[], columns: ColumnMapping = {}, required: readonly string[] = ['id', 'video']): string[] {
  const have = new Set(header);
  const wanted = new Set<string>(required.map((f) => columns[f as keyof Omit<ColumnMapping, 'labels'>] ?? f));
  for (const f of ['start', 'end', 'split'] as const) if (columns[f]) wanted.add(columns[f]);
  for (const col of Object.values(columns.labels ?? {})) wanted.add(col);
  return [...wanted].filter((c) => !have.has(c));
}
