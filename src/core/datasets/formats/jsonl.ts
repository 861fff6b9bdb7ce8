import type { FormatReader, SourceRead } from '../options';
import { typeName } from '../jsonSource';
import { fromMapped, getPath } from './mapping';

/**
 * Generic JSONL: one JSON object per line. Keys map onto the record through `columns`
 * (dotted paths like `meta.clip` reach into nested objects); by default `id`, `video`,
 * `start`, `end`, `split`, and labels from a `labels` object or else every other key.
 * Blank lines are skipped; a line that is not a JSON object is a problem at that line.
 */
export const readJsonl: FormatReader = (opts, text) => {
  const out: SourceRead = { candidates: [], problems: [], read: 0 };
  const file = opts.annotations;
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    out.read++;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (err) {
      out.problems.push({ file, line, message: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      out.problems.push({ file, line, message: `expected a JSON object, got ${typeName(obj)}` });
      return;
    }
    const rec = obj as Record<string, unknown>;
    out.candidates.push(fromMapped(line, Object.keys(rec), (k) => getPath(rec, k), opts.columns));
  });
  return out;
};
