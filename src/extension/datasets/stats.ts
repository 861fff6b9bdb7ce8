// Summary statistics of one normalized dataset (records per split, values per label field),
// for the "Show Dataset Statistics" command. `vscode`-free so plain Node tests cover it.
import * as fs from 'node:fs';
import * as readline from 'node:readline';

export interface FieldStats {
  /** Records that carry this field. */
  present: number;
  /** Distinct values seen (JSON-encoded), capped to keep memory bounded. */
  distinct: number;
  /** The most frequent values, most frequent first. */
  top: Array<{ value: string; count: number }>;
}

export interface DatasetStats {
  records: number;
  bySplit: Record<string, number>;
  fields: Record<string, FieldStats>;
  /** 1-based line numbers that are not a JSON object, at most 20 kept. */
  badLines: number[];
  badLineCount: number;
}

const MAX_DISTINCT = 10_000;
const TOP = 5;
const MAX_BAD = 20;

export async function datasetStats(recordsFile: string): Promise<DatasetStats> {
  const stats: DatasetStats = { records: 0, bySplit: {}, fields: {}, badLines: [], badLineCount: 0 };
  const values = new Map<string, Map<string, number>>();
  const lines = readline.createInterface({ input: fs.createReadStream(recordsFile), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      rec = undefined;
    }
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
      stats.badLineCount++;
      if (stats.badLines.length < MAX_BAD) stats.badLines.push(lineNo);
      continue;
    }
    stats.records++;
    const { split, labels } = rec as { split?: unknown; labels?: unknown };
    const s = typeof split === 'string' ? split : '(none)';
    stats.bySplit[s] = (stats.bySplit[s] ?? 0) + 1;
    if (!labels || typeof labels !== 'object') continue;
    for (const [field, value] of Object.entries(labels)) {
      const f = (stats.fields[field] ??= { present: 0, distinct: 0, top: [] });
      f.present++;
      let seen = values.get(field);
      if (!seen) values.set(field, (seen = new Map()));
      const key = JSON.stringify(value);
      const n = seen.get(key);
      if (n !== undefined) seen.set(key, n + 1);
      else if (seen.size < MAX_DISTINCT) seen.set(key, 1);
    }
  }
  for (const [field, seen] of values) {
    const f = stats.fields[field];
    if (!f) continue;
    f.distinct = seen.size;
    f.top = [...seen.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, TOP)
      .map(([value, count]) => ({ value, count }));
  }
  return stats;
}

/** Human-readable lines for the output channel. */
export function formatStats(name: string, s: DatasetStats): string[] {
  const out = [`Dataset "${name}": ${s.records} clips`];
  const splits = Object.entries(s.bySplit).map(([k, v]) => `${k} ${v}`);
  if (splits.length > 0) out.push(`  splits: ${splits.join(', ')}`);
  for (const [field, f] of Object.entries(s.fields)) {
    const capped = f.distinct >= MAX_DISTINCT ? '+' : '';
    const top = f.top.map((t) => `${t.value} ×${t.count}`).join(', ');
    out.push(`  ${field}: ${f.present} labeled, ${f.distinct}${capped} distinct; top: ${top}`);
  }
  if (s.badLineCount > 0) {
    out.push(`  ${s.badLineCount} unreadable line(s): ${s.badLines.join(', ')}${s.badLineCount > s.badLines.length ? ', …' : ''}`);
  }
  return out;
}
