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

export const FORMAT_READERS: Record<DatasetFormat, FormatReader> = {
  jsonl: readJsonl,
  csv: readCsv,
  kinetics: readKinetics,
  finediving: readFineDiving,
  star: readStar,
  ssv2: readSsv2,
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
  let text: string;
  try {
    text = await fs.readFile(norm.annotations, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : (err as Error).message;
    throw new InputError({ file: norm.annotations, message: `cannot read annotations: ${why}` });
  }
  return normalize(norm, reader(norm, text));
}
