import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { SampleTable } from '../cycles/sample-table';
import { openAtomicFile, writeFileAtomic } from '../util/atomic';
import { UsageError } from '../util/errors';
import { isRecord } from './checks';
import { assertNoLeak } from './leak';
import { checkLlamaFactory, llamaFactoryDatasetInfo, llamaFactoryRecord, llamaFactoryUserTurn } from './llamaFactory';
import { checkLlava, llavaRecord, llavaUserTurn } from './llava';
import { checkMetadata } from './metadata';
import { checkMsSwift, msSwiftRecord, msSwiftUserTurn } from './msSwift';
import { selectionOf } from './select';
import { ExportError, type ExportFormat, type ExportProblem, type ExportSample } from './types';

/**
 * Export of accepted attempts to trainer formats: select, guard against hint leaks,
 * build, validate what the trainer will read, and stream each record into a temp file
 * that replaces the data file at the end. Nothing is written when any step fails.
 */

/** The user turn each format trains on; the leak guard checks exactly this text. */
const USER_TURN: Record<ExportFormat, (question: string) => string> = {
  llava: llavaUserTurn,
  'llama-factory': llamaFactoryUserTurn,
  'ms-swift': msSwiftUserTurn,
  metadata: (q) => q,
};

/** Whether a file holds one JSON document (an array) or JSON lines. */
const JSON_LINES: Record<ExportFormat, boolean> = { llava: false, 'llama-factory': false, 'ms-swift': true, metadata: true };

/**
 * Checks records as the given trainer reads them. `data` is the parsed records, or
 * the text of a data file (a JSON array, or JSON lines for ms-swift and metadata).
 */
export function checkExport(format: ExportFormat, data: unknown): ExportProblem[] {
  if (typeof data === 'string') {
    const parsed = parseExportText(format, data);
    if (!Array.isArray(parsed)) return parsed.problems;
    data = parsed;
  }
  switch (format) {
    case 'llava':
      return checkLlava(data);
    case 'llama-factory':
      return checkLlamaFactory(data);
    case 'ms-swift':
      return checkMsSwift(data);
    case 'metadata':
      return checkMetadata(data);
  }
}

function parseExportText(format: ExportFormat, text: string): unknown[] | { problems: ExportProblem[] } {
  if (!JSON_LINES[format]) {
    try {
      const v: unknown = JSON.parse(text);
      return Array.isArray(v) ? v : { problems: [{ index: -1, message: 'the file must hold a JSON array' }] };
    } catch (err) {
      return { problems: [{ index: -1, message: `not valid JSON: ${(err as Error).message}` }] };
    }
  }
  const out: unknown[] = [];
  const problems: ExportProblem[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line));
    } catch (err) {
      problems.push({ index: out.length, message: `line ${i + 1} is not valid JSON: ${(err as Error).message}` });
    }
  });
  return problems.length ? { problems } : out;
}

export interface ExportOptions {
  /** Dataset name: file names and the LLaMA-Factory registry key. Default "vstar". */
  name?: string;
  /**
   * The source has already made sure no attempt id comes twice (a cycle's index does), so
   * the export need not keep every id to check it: ~60 MB less at a million samples.
   */
  uniqueIds?: boolean;
  /** Called with the number of attempts read so far, every few thousand and at the end. */
  onProgress?: (read: number) => void;
}

/** How many attempts went which way; the written file holds the exported ones, in order. */
export interface ExportCounts {
  exported: number;
  skipped: number;
  'verdict-pass': number;
  'review-accept': number;
  'verdict-fail': number;
  'review-reject': number;
  /** Passes the verifier was unsure of, waiting for a person (not exported). */
  'verdict-uncertain': number;
  /** Exported attempts that came from rationalization (the label was the hint). */
  rationalized: number;
}

export interface ExportResult {
  format: ExportFormat;
  /** Absolute paths of the files written. */
  files: string[];
  counts: ExportCounts;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The data files a format writes for a name, relative to the output folder. */
export function exportFileNames(format: ExportFormat, name: string): string[] {
  switch (format) {
    case 'llava':
      return [`${name}.llava.json`];
    case 'llama-factory':
      return [`${name}.json`, 'dataset_info.json'];
    case 'ms-swift':
      return [`${name}.swift.jsonl`];
    case 'metadata':
      return [`${name}.metadata.jsonl`];
  }
}

async function readDatasetInfo(outDir: string): Promise<Record<string, unknown>> {
  const file = join(outDir, 'dataset_info.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ExportError(`${file}: not valid JSON (${(err as Error).message}); fix or remove it, it is not overwritten`);
  }
  if (!isRecord(parsed)) throw new ExportError(`${file}: must be a JSON object of dataset entries`);
  return parsed;
}

/** The training record of a sample in each format. */
const RECORD: Record<ExportFormat, (s: ExportSample) => unknown> = {
  llava: llavaRecord,
  'llama-factory': llamaFactoryRecord,
  'ms-swift': msSwiftRecord,
  metadata: (s) => s,
};

/**
 * One record as it sits in its file: a JSON line, or an element of a JSON array laid out
 * exactly as `JSON.stringify(array, null, 2)` would (strings hold no raw newline, so
 * indenting after each newline is safe).
 */
function recordText(format: ExportFormat, record: unknown): string {
  return JSON_LINES[format] ? JSON.stringify(record) : '  ' + JSON.stringify(record, null, 2).replace(/\n/g, '\n  ');
}

const MAX_PROBLEMS = 1000;
const PROGRESS_EVERY = 4096;

/**
 * Exports the attempts that pass selection (see select.ts) to `outDir` in `format`,
 * streaming: records are checked one by one as the trainer will read them (each is
 * parsed back from its text) and written to a temp file that replaces the data file
 * only when all went well, so memory stays flat whatever the size. Throws LeakError when
 * a record would hold its hint, ExportError when records would not load in the trainer
 * or nothing is kept; whatever `samples` throws (a source's own problems) passes through.
 * In every failure nothing is written.
 */
export async function exportSamples(
  samples: Iterable<ExportSample> | AsyncIterable<ExportSample>,
  format: ExportFormat,
  outDir: string,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const name = opts.name ?? 'vstar';
  if (!NAME.test(name)) throw new UsageError(`export name "${name}" must be letters, digits, ".", "_" or "-" (it names files)`);
  const [dataName, infoName] = exportFileNames(format, name) as [string, string | undefined];
  // Read (and so check) the registry before writing anything.
  const info = format === 'llama-factory' ? await readDatasetInfo(outDir) : undefined;
  const counts: ExportCounts = { exported: 0, skipped: 0, 'verdict-pass': 0, 'review-accept': 0, 'verdict-fail': 0, 'review-reject': 0, 'verdict-uncertain': 0, rationalized: 0 };
  const lines = JSON_LINES[format];
  const seen = opts.uniqueIds ? undefined : new SampleTable();
  const problems: ExportProblem[] = [];
  let total = 0;
  const dataFile = resolve(outDir, dataName);
  const sink = await openAtomicFile(dataFile);
  try {
    for await (const s of samples) {
      if (++total % PROGRESS_EVERY === 0) opts.onProgress?.(total);
      if (seen) {
        const id = Buffer.from(s.id, 'utf8');
        if (seen.findBytes(id, 0, id.length) !== -1) throw new ExportError(`attempt id "${s.id}" appears twice in the export input`);
        seen.insertBytes(id, 0, id.length, 0);
      }
      const why = selectionOf(s);
      counts[why.reason]++;
      if (!why.keep) {
        counts.skipped++;
        continue;
      }
      assertNoLeak(s, USER_TURN[format](s.question));
      const text = recordText(format, RECORD[format](s));
      // Validated exactly as written: the text parsed back, as the trainer will.
      for (const p of checkExport(format, [JSON.parse(text)])) if (problems.length < MAX_PROBLEMS) problems.push({ ...p, index: counts.exported });
      await sink.write(lines ? text + '\n' : (counts.exported === 0 ? '[\n' : ',\n') + text);
      counts.exported++;
      if (s.stage === 'rationalize') counts.rationalized++;
    }
    if (counts.exported === 0) throw new ExportError(`nothing to export: none of the ${total} attempt(s) passed verification or was accepted in review`);
    if (problems.length) throw new ExportError(`the ${format} export would not load in its trainer`, problems);
    opts.onProgress?.(total);
    if (!lines) await sink.write('\n]\n');
    // Data before registry: a crash in between leaves an unregistered file, never a dangling entry.
    await sink.commit();
  } catch (err) {
    await sink.abort();
    throw err;
  }
  const files = [dataFile];
  if (infoName && info) {
    const target = resolve(outDir, infoName);
    await writeFileAtomic(target, JSON.stringify({ ...info, [name]: llamaFactoryDatasetInfo(dataName) }, null, 2) + '\n');
    files.push(target);
  }
  return { format, files, counts };
}
