import type { FormatReader, SourceRead } from '../options';
import { typeName } from '../jsonSource';
import { fromMapped, getPath, readsNestedLabels } from './mapping';

/**
 * Generic JSONL: one JSON object per line. Keys map onto the record through `columns`
 * (dotted paths like `meta.clip` reach into nested objects); by default `id`, `video`,
 * `start`, `end`, `split`, and labels from a `labels` object or else every other key.
 * Blank lines are skipped; a line that is not a JSON object is a problem at that line.
 * Where `labels` holds the labels (no `columns.labels`), a `labels` key that is not an
 * object of field → value (`"labels": "run"`, a list, null) is a problem at its line and
 * field `labels`: read as a flat label field named `labels` it would be a silent guess.
 */
export const readJsonl: FormatReader = (opts, text) => {
  const out: SourceRead = { candidates: [], problems: [], read: 0 };
  const file = opts.annotations;
  const nested = readsNestedLabels(opts.columns);
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
    if (nested && Object.hasOwn(rec, 'labels')) {
      const labels = rec.labels;
      if (!labels || typeof labels !== 'object' || Array.isArray(labels)) {
        out.problems.push({ file, line, field: 'labels', message: `expected an object of label field → value, got ${typeName(labels)}; map a flat key with columns.labels` });
        return;
      }
    }
    out.candidates.push(fromMapped(line, Object.keys(rec), (k) => getPath(rec, k), opts.columns));
  });
  return out;
};
