import type { FormatReader, SourceRead } from '../options';
import { fillPattern, patternFields } from '../clipPath';
import { csvRows } from './csv';

/** Where the common Kinetics downloaders put a clip: `<youtube_id>_<start:06>_<end:06>.mp4`. */
export const KINETICS_PATTERN = '{youtube_id}_{time_start:06}_{time_end:06}.mp4';
const ID_PATTERN = '{youtube_id}_{time_start:06}_{time_end:06}';

/**
 * Kinetics-400/600/700 annotation csv: `label,youtube_id,time_start,time_end,split`.
 * Each row is one trimmed clip; its file name comes from `clipPattern` (placeholders are
 * column names, `{col:06}` zero-pads a whole number; `{split}/{label}/...` for downloaders
 * that sort clips into folders). The id is `<youtube_id>_<start:06>_<end:06>`, which is
 * unique per clip. Label: `action` (class). Splits train/validate/test → train/val/test.
 * A row without a label (the public test csv has none) is rejected: nothing to verify.
 */
export const readKinetics: FormatReader = (opts, text) => {
  const file = opts.annotations;
  const rows = csvRows(text, file);
  const out: SourceRead = { candidates: [], problems: rows.problems, read: rows.read, types: { action: 'class' } };
  const pattern = opts.clipPattern ?? KINETICS_PATTERN;
  let fields: string[];
  try {
    fields = patternFields(pattern);
  } catch (err) {
    out.problems.push({ file, field: 'clipPattern', message: (err as Error).message });
    return out;
  }
  const needed = [...new Set(['youtube_id', 'time_start', 'time_end', ...fields])];
  const missing = rows.header.length > 0 ? needed.filter((c) => !rows.header.includes(c)) : [];
  if (missing.length > 0) {
    out.problems.push({ file, line: 1, message: `missing column(s) ${missing.join(', ')}; a Kinetics csv has label,youtube_id,time_start,time_end,split` });
    return out;
  }
  // One shared object: half a million candidates need not each carry their own copy.
  const sources = { 'labels.action': 'label', video: `clipPattern ${pattern}` };
  for (const { line, cells } of rows.rows) {
    const id = fillPattern(ID_PATTERN, cells);
    const video = fillPattern(pattern, cells);
    const bad = !id.ok ? id : !video.ok ? video : undefined;
    if (bad && !bad.ok) {
      out.problems.push({ file, line, field: bad.field, message: bad.message });
      continue;
    }
    if (!id.ok || !video.ok) continue;
    if (Number(cells.time_end) <= Number(cells.time_start)) {
      out.problems.push({ file, line, field: 'time_end', message: `${cells.time_end} must be after time_start ${cells.time_start}` });
      continue;
    }
    out.candidates.push({
      line,
      id: id.value,
      video: video.value,
      split: cells.split,
      labels: { action: cells.label },
      sources,
    });
  }
  return out;
};
