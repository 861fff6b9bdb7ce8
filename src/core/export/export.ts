import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../util/atomic';
import { UsageError } from '../util/errors';
import { isRecord } from './checks';
import { assertNoLeak } from './leak';
import { checkLlamaFactory, llamaFactoryFiles, llamaFactoryUserTurn } from './llamaFactory';
import { checkLlava, llavaFiles, llavaUserTurn } from './llava';
import { checkMetadata, metadataFiles } from './metadata';
import { checkMsSwift, msSwiftFiles, msSwiftUserTurn } from './msSwift';
import { selectForExport, type SelectionReason, type SkipReason } from './select';
import { ExportError, type ExportFile, type ExportFormat, type ExportProblem, type ExportSample } from './types';

/**
 * Export of accepted attempts to trainer formats: select, guard against hint leaks,
 * build, validate what the trainer will read, then write each file atomically.
 * Nothing is written when any step fails.
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
}

export interface ExportResult {
  format: ExportFormat;
  /** Absolute paths of the files written. */
  files: string[];
  exported: { id: string; sampleId: string; reason: SelectionReason }[];
  skipped: { id: string; sampleId: string; reason: SkipReason }[];
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

/** Builds the files of a format without writing them (validated, leak-checked). */
export async function buildExport(
  samples: readonly ExportSample[],
  format: ExportFormat,
  outDir: string,
  opts: ExportOptions = {},
): Promise<{ files: ExportFile[]; result: Omit<ExportResult, 'files'> }> {
  const name = opts.name ?? 'vstar';
  if (!NAME.test(name)) throw new UsageError(`export name "${name}" must be letters, digits, ".", "_" or "-" (it names files)`);
  const seen = new Set<string>();
  for (const s of samples) {
    if (seen.has(s.id)) throw new ExportError(`attempt id "${s.id}" appears twice in the export input`);
    seen.add(s.id);
  }
  const { selected, skipped } = selectForExport(samples);
  if (selected.length === 0) {
    throw new ExportError(`nothing to export: none of the ${samples.length} attempt(s) passed verification or was accepted in review`);
  }
  const chosen = selected.map((x) => x.sample);
  for (const s of chosen) assertNoLeak(s, USER_TURN[format](s.question));

  let files: ExportFile[];
  switch (format) {
    case 'llava':
      files = llavaFiles(chosen, name);
      break;
    case 'llama-factory':
      files = llamaFactoryFiles(chosen, name, await readDatasetInfo(outDir));
      break;
    case 'ms-swift':
      files = msSwiftFiles(chosen, name);
      break;
    case 'metadata':
      files = metadataFiles(chosen, name);
      break;
  }
  // Validate the data file exactly as written (the first file is always the data).
  const problems = checkExport(format, files[0]!.content);
  if (problems.length) throw new ExportError(`the ${format} export would not load in its trainer`, problems);
  return {
    files,
    result: {
      format,
      exported: selected.map((x) => ({ id: x.sample.id, sampleId: x.sample.sampleId, reason: x.reason })),
      skipped,
    },
  };
}

/**
 * Exports the attempts that pass selection (see select.ts) to `outDir` in `format`.
 * Throws LeakError when a record would hold its hint, ExportError when the records
 * would not load in the trainer; nothing is written in either case.
 */
export async function exportSamples(
  samples: readonly ExportSample[],
  format: ExportFormat,
  outDir: string,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const { files, result } = await buildExport(samples, format, outDir, opts);
  const written: string[] = [];
  // Data before registry: a crash in between leaves an unregistered file, never a dangling entry.
  for (const f of files) {
    const target = resolve(outDir, f.path);
    await writeFileAtomic(target, f.content);
    written.push(target);
  }
  return { ...result, files: written };
}
