import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../util/errors';
import type { DatasetFormat, FormatReader, ImportOptions, ImportResult } from './options';
import { normalize } from './normalize';
import { readJsonl } from './formats/jsonl';
import { readCsv } from './formats/csv';
import { readKinetics } from './formats/kinetics';
import { readFineDiving } from './formats/finediving';
import { readStar } from './formats/star';
import { readSsv2 } from './formats/ssv2';
import { readCharades } from './formats/charades';
import { readActivityNet } from './formats/activitynet';
import { readFineDivingPickle } from './formats/fineDivingPickle';
import { binaryKind } from './sniff';

export const FORMAT_READERS: Record<DatasetFormat, FormatReader> = {
  jsonl: readJsonl,
  csv: readCsv,
  kinetics: readKinetics,
  finediving: readFineDiving,
  star: readStar,
  ssv2: readSsv2,
  charades: readCharades,
  'activitynet-captions': readActivityNet,
};

/**
 * Reads a labeled dataset in one of the supported formats into normalized records and a
 * label schema. Bad rows/lines/fields become problems (file, line, field) and the good
 * records are kept; nothing is written here (see {@link writeDataset}). Throws
 * {@link InputError} only when the annotation file cannot be read at all.
 */
export async function importDataset(opts: ImportOptions): Promise<ImportResult> {
  const reader = FORMAT_READERS[opts.format];
  if (!reader) throw new InputError({ file: opts.annotations, field: 'format', message: `unknown format "${String(opts.format)}"` });
  const norm: ImportOptions = {
    ...opts,
    annotations: path.resolve(opts.annotations),
    root: path.resolve(opts.root),
    allowRoots: (opts.allowRoots ?? []).map((r) => path.resolve(r)),
  };
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(norm.annotations);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : (err as Error).message;
    throw new InputError({ file: norm.annotations, message: `cannot read annotations: ${why}` });
  }
  const kind = binaryKind(bytes);
  let result: ImportResult;
  let bad: number[] = [];
  if (kind?.pickle && norm.format === 'finediving') result = await normalize(norm, await readFineDivingPickle(norm, bytes));
  else if (kind) {
    // One clear sentence instead of a "not valid UTF-8" per line of a binary file.
    const hint = kind.pickle ? 'FineDiving ships its annotations as pickles; use format finediving' : kind.hint;
    const message = `this is ${kind.what}, not the text file format ${norm.format} reads${hint ? `: ${hint}` : ''}`;
    result = await normalize(norm, { candidates: [], problems: [{ file: norm.annotations, message }], read: 0 });
  } else {
    const decoded = decodeUtf8Lines(bytes);
    bad = decoded.bad;
    result = await normalize(norm, reader(norm, decoded.text));
  }
  if (bad.length > 0) {
    // A line that is not UTF-8 would otherwise be read with U+FFFD in its labels: rejected instead.
    result.problems.unshift(...bad.map((line) => ({ file: norm.annotations, line, message: 'not valid UTF-8 (the line is skipped)' })));
    result.counts.read += bad.length;
    result.counts.rejected += bad.length;
  } else if (result.counts.read === 0 && result.problems.length === 0) {
    result.problems.push({ file: norm.annotations, message: 'no records: the annotation file is empty' });
  }
  // A problem quotes the bad value; a 10 MB cell must not become a 10 MB message (or report.json).
  for (const p of result.problems) if (p.message.length > MAX_MESSAGE) p.message = `${p.message.slice(0, MAX_MESSAGE)}… (${p.message.length} characters)`;
  return result;
}

const MAX_MESSAGE = 300;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The file as text; lines that are not valid UTF-8 become empty lines (numbering kept) and are listed. */
function decodeUtf8Lines(bytes: Buffer): { text: string; bad: number[] } {
  try {
    return { text: strictUtf8.decode(bytes), bad: [] };
  } catch {
    const bad: number[] = [];
    const lines: string[] = [];
    let from = 0;
    for (let n = 1; from <= bytes.length; n++) {
      let nl = bytes.indexOf(10, from);
      if (nl === -1) nl = bytes.length;
      try {
        lines.push(strictUtf8.decode(bytes.subarray(from, nl)));
      } catch {
        bad.push(n);
        lines.push('');
      }
      from = nl + 1;
    }
    return { text: lines.join('\n'), bad };
  }
}
