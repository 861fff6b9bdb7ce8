import type { ImportOptions, SourceRead, Split } from '../options';
import type { LabelType } from '../labels';
import { fillPattern } from '../clipPath';
import { jsonElements, typeName } from '../jsonSource';
import { splitFromFileName } from '../values';

/** One object of a JSON-list annotation file, with its clip path already filled in. */
export interface JsonListEntry {
  line: number;
  value: Record<string, unknown>;
  video: string;
}

/**
 * The common start of a reader for a JSON list of objects, one per clip (SSv2, STAR):
 * the file split into elements with their lines, a top-level object refused, each element
 * that is not an object and each whose clip pattern cannot be filled reported at its
 * line. What is left goes to the format's own checks.
 */
export function jsonListEntries(
  opts: ImportOptions,
  text: string,
  format: { types: Record<string, LabelType>; pattern: string; list: string; item: string },
): { out: SourceRead; split: Split | undefined; entries: JsonListEntry[] } {
  const file = opts.annotations;
  const json = jsonElements(text, file);
  const out: SourceRead = { candidates: [], problems: json.problems, read: json.read, types: format.types };
  const split = opts.split ?? splitFromFileName(file);
  const entries: JsonListEntry[] = [];
  if (json.kind === 'object') {
    out.problems.push({ file, line: 1, message: `expected ${format.list}` });
    return { out, split, entries };
  }
  for (const { line, value } of json.elements) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      out.problems.push({ file, line, message: `expected ${format.item}, got ${typeName(value)}` });
      continue;
    }
    const e = value as Record<string, unknown>;
    const video = fillPattern(opts.clipPattern ?? format.pattern, e);
    if (!video.ok) {
      out.problems.push({ file, line, field: video.field, message: video.message });
      continue;
    }
    entries.push({ line, value: e, video: video.value });
  }
  return { out, split, entries };
}
