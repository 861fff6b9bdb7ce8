import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError, type InputProblem } from '../util/errors';
import { writeFileAtomic } from '../util/atomic';
import { LabelSchema } from './labels';
import { SampleRecord } from './record';
import type { ImportCounts, ImportResult } from './options';
import { MISSING_EXAMPLES } from './options';
import { ClipChecker, checkClips, clipPathProblem } from './clipPath';
import { storedValueProblem } from './values';
import { checkParsedRecord } from './recordCheck';
import { readLineBatches } from '../cycles/lines';
import { SampleTable, hashBytes } from '../cycles/sample-table';

export const RECORDS_FILE = 'records.jsonl';
export const SCHEMA_FILE = 'schema.json';
export const REPORT_FILE = 'report.json';

/** report.json: where the dataset came from and how its import went. */
export interface DatasetReport {
  name: string;
  format: string;
  annotations: string;
  /** Clip paths in records.jsonl are relative to this folder (absolute ones lie in allowRoots). */
  root: string;
  allowRoots: string[];
  importedAt: string;
  counts: ImportCounts;
  problems: InputProblem[];
  missingVideoExamples: string[];
  notes: string[];
  /** Frames per second given at import: a frame-folder clip plays at this rate (default 25). */
  fps?: number;
  /**
   * root, annotations and allowRoots again, relative to this dataset's folder (POSIX), for
   * those inside the folder that holds the workdir (the project): a moved or cloned project
   * finds its clips through these; absent for paths outside it, and in reports written
   * before them. See {@link relocateReport}.
   */
  relative?: { root?: string; annotations?: string; allowRoots?: (string | null)[] };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The folder of a dataset; the name becomes a folder, so it may not contain separators or `..`. */
export function datasetDir(datasetsDir: string, name: string): string {
  if (!NAME.test(name) || name.includes('..')) {
    throw new UsageError(`dataset name "${name}" must use letters, digits, ".", "_" and "-" (and start with a letter or digit)`);
  }
  return path.join(datasetsDir, name);
}

/**
 * Writes records.jsonl, schema.json and report.json, each atomically (temp + fsync +
 * rename), report last: a reader never sees a half-written file, and a report always
 * describes records that are on disk.
 */
export async function writeDataset(datasetsDir: string, name: string, result: ImportResult): Promise<string> {
  const dir = datasetDir(datasetsDir, name);
  const lines = result.records.map((r) => JSON.stringify(r)).join('\n');
  await writeFileAtomic(path.join(dir, RECORDS_FILE), lines === '' ? '' : lines + '\n');
  await writeFileAtomic(path.join(dir, SCHEMA_FILE), JSON.stringify(result.schema, null, 2) + '\n');
  const report: DatasetReport = {
    name,
    format: result.format,
    annotations: result.annotations,
    root: result.root,
    allowRoots: result.allowRoots,
    importedAt: new Date().toISOString(),
    counts: result.counts,
    problems: result.problems,
    missingVideoExamples: result.missingVideoExamples,
    notes: result.notes,
    ...(result.fps !== undefined && { fps: result.fps }),
    relative: {
      ...optional('root', relativeTo(dir, result.root)),
      ...optional('annotations', relativeTo(dir, result.annotations)),
      allowRoots: result.allowRoots.map((r) => relativeTo(dir, r) ?? null),
    },
  };
  await writeFileAtomic(path.join(dir, REPORT_FILE), JSON.stringify(report, null, 2) + '\n');
  return dir;
}

const optional = <K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> => (v === undefined ? {} : ({ [key]: v } as Record<K, string>));

/** `abs` relative to the dataset folder when it lies inside the project (3 levels up: <project>/<workdir>/datasets/<name>). */
function relativeTo(dir: string, abs: string): string | undefined {
  const project = path.resolve(dir, '..', '..', '..');
  const rel = path.relative(project, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return path.relative(dir, abs).split(path.sep).join('/');
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The report with its folders as they are now: where a path kept relative to the dataset
 * folder names an existing folder, it wins over the absolute one written at import (a
 * cloned project plays its own copy of the clips, not the original's); annotations
 * follow the root. Reports without relative paths are returned as they are.
 */
export function relocateReport(report: DatasetReport, dir: string): DatasetReport {
  const rel = report.relative;
  if (!rel || typeof rel !== 'object') return report;
  const here = (r: unknown): string | undefined => (typeof r === 'string' ? path.resolve(dir, r) : undefined);
  const root = here(rel.root);
  if (!root || !isDir(root) || root === report.root) return report;
  const allowRoots = (report.allowRoots ?? []).map((a, i) => {
    const moved = here(rel.allowRoots?.[i]);
    return moved && isDir(moved) ? moved : a;
  });
  return { ...report, root, allowRoots, annotations: here(rel.annotations) ?? report.annotations };
}

/** The folders a stored dataset's clips may come from (root first, then allowRoots), relocated; [] without a readable report. */
export async function readClipFolders(dir: string): Promise<string[]> {
  try {
    const report = relocateReport(JSON.parse(await fs.readFile(path.join(dir, REPORT_FILE), 'utf8')) as DatasetReport, dir);
    return [report.root, ...(report.allowRoots ?? [])].filter((r): r is string => typeof r === 'string');
  } catch {
    return [];
  }
}

export interface StoredDataset {
  dir: string;
  records: SampleRecord[];
  /** 1-based line of each record in records.jsonl (same order as `records`). */
  lines: number[];
  schema: LabelSchema;
  report: DatasetReport | undefined;
  /** Problems in the stored files, each with its file, line and field. */
  problems: InputProblem[];
}

async function readJson(file: string, problems: InputProblem[]): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push({ file, message: code === 'ENOENT' ? 'missing (import the dataset first)' : `unreadable: ${(err as Error).message}` });
    return undefined;
  }
}

const dotted = (p: readonly PropertyKey[]): string => p.map(String).join('.');

/** Where a record of records.jsonl is: its line, its bytes in the file, and its id's number in `ids`. */
export interface RecordPlace {
  line: number;
  offset: number;
  bytes: number;
  key: number;
}

export interface DatasetScan {
  dir: string;
  schema: LabelSchema;
  report: DatasetReport | undefined;
  /** Problems in the stored files, each with its file, line and field. */
  problems: InputProblem[];
  /**
   * Every distinct id of records.jsonl, numbered in file order (a record's `key`); ids of
   * lines with other problems are in it too, duplicates are not. Compact: no string per id.
   */
  ids: SampleTable;
}

/**
 * Streams a stored dataset and re-validates it: every line of records.jsonl against the
 * record shape and the label schema (a stored value must already be in its typed form),
 * ids unique, clip paths inside the root or allowRoots. Bad lines are problems; each good
 * record goes to `onRecord` in file order. Memory stays flat in the number of records
 * (about 50 bytes per id), so a million-record dataset can be joined with a cycle.
 */
export async function scanDataset(dir: string, onRecord: (record: SampleRecord, at: RecordPlace) => void): Promise<DatasetScan> {
  const problems: InputProblem[] = [];
  const schemaFile = path.join(dir, SCHEMA_FILE);
  const rawSchema = await readJson(schemaFile, problems);
  let schema: LabelSchema = {};
  if (rawSchema !== undefined) {
    const s = LabelSchema.safeParse(rawSchema);
    if (s.success) schema = s.data;
    else for (const i of s.error.issues) problems.push({ file: schemaFile, field: dotted(i.path), message: i.message });
  }
  const raw = (await readJson(path.join(dir, REPORT_FILE), problems)) as DatasetReport | undefined;
  const report = raw && typeof raw === 'object' ? relocateReport(raw, dir) : raw;

  const file = path.join(dir, RECORDS_FILE);
  const ids = new SampleTable();
  try {
    await scanRecords(file, schema, report, problems, ids, onRecord);
  } catch (err) {
    problems.push({ file, message: `unreadable: ${(err as Error).message}` });
  }
  return { dir, schema, report, problems, ids };
}

// A record's id is looked up in the id table by its UTF-8 bytes; they are written into this
// scratch buffer (grown for a longer id) instead of a Buffer per record.
let idScratch = Buffer.allocUnsafe(1024);

/** The id's UTF-8 bytes in `idScratch[0, returned)`. */
function idBytes(id: string): number {
  // 3 bytes per UTF-16 unit is the most UTF-8 needs (a surrogate pair: 4 bytes for 2 units).
  if (id.length * 3 > idScratch.length) idScratch = Buffer.allocUnsafe(id.length * 3);
  return idScratch.write(id, 0, 'utf8');
}

async function scanRecords(
  file: string,
  schema: LabelSchema,
  report: DatasetReport | undefined,
  problems: InputProblem[],
  ids: SampleTable,
  onRecord: (record: SampleRecord, at: RecordPlace) => void,
): Promise<void> {
  await fs.access(file);
  let line = 0;
  for await (const batch of readLineBatches(file, 0, 1 << 20, { tail: true })) {
    for (const { text: raw, offset, bytes } of batch) {
      line++;
      if (raw.trim() === '') continue;
      const before = problems.length;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (err) {
        problems.push({ file, line, message: `not valid JSON: ${(err as Error).message}` });
        continue;
      }
      // The hand-written check answers for the usual valid line; zod decides the rest and
      // words the problems (see recordCheck.ts).
      let rec = checkParsedRecord(value);
      if (!rec) {
        const r = SampleRecord.safeParse(value);
        if (!r.success) {
          for (const is of r.error.issues) problems.push({ file, line, field: dotted(is.path) || undefined, message: is.message });
          continue;
        }
        rec = r.data;
      }
      const labels = rec.labels;
      for (const field in labels) {
        // Own keys only: a label named `constructor` must not find Object.prototype's.
        const fs_ = Object.hasOwn(schema, field) ? schema[field] : undefined;
        const problem = fs_ ? storedValueProblem(labels[field]!, fs_) : 'not in schema.json';
        if (problem !== undefined) problems.push({ file, line, field: `labels.${field}`, message: problem });
      }
      if (report) {
        const problem = clipPathProblem(rec.video, report.root, report.allowRoots ?? []);
        if (problem !== undefined) problems.push({ file, line, field: 'video', message: problem });
      }
      const n = idBytes(rec.id);
      const hash = hashBytes(idScratch, 0, n); // once for the lookup and the insert
      let key = ids.findBytes(idScratch, 0, n, hash);
      if (key !== -1) {
        problems.push({ file, line, field: 'id', message: `duplicate id "${rec.id}" (first on line ${ids.value(key)})` });
        continue;
      }
      key = ids.insertBytes(idScratch, 0, n, line, hash);
      if (problems.length === before) onRecord(rec, { line, offset, bytes, key });
    }
  }
}

/** {@link scanDataset} with the good records gathered in memory (fine below a few hundred thousand). */
export async function readDataset(dir: string): Promise<StoredDataset> {
  const records: SampleRecord[] = [];
  const lines: number[] = [];
  const scan = await scanDataset(dir, (rec, at) => {
    records.push(rec);
    lines.push(at.line);
  });
  return { dir, records, lines, schema: scan.schema, report: scan.report, problems: scan.problems };
}

export interface Validation {
  records: number;
  problems: InputProblem[];
  missingVideos: number;
  missingVideoExamples: string[];
  /** The folder clips were looked for in (relocated: see {@link relocateReport}). */
  root?: string;
}

/** {@link readDataset}, plus a check that every clip file exists and stays inside the roots. */
export async function validateDataset(
  dir: string,
  opts: { checkVideos?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<Validation> {
  const ds = await readDataset(dir);
  const missing: string[] = [];
  if (opts.checkVideos !== false && ds.report) {
    const { root, allowRoots = [] } = ds.report;
    const checker = new ClipChecker(root, allowRoots);
    const states = await checkClips(checker, ds.records.map((r) => path.resolve(root, r.video)), opts.onProgress);
    states.forEach((state, i) => {
      const video = ds.records[i]!.video;
      if (state === 'missing') missing.push(video);
      else if (state === 'escapes') ds.problems.push({ file: path.join(dir, RECORDS_FILE), line: ds.lines[i], field: 'video', message: `"${video}" is a link that resolves outside the dataset root and allowRoots` });
    });
  }
  return {
    records: ds.records.length,
    problems: ds.problems,
    missingVideos: missing.length,
    missingVideoExamples: [...new Set(missing)].slice(0, MISSING_EXAMPLES),
    ...(ds.report?.root !== undefined && { root: ds.report.root }),
  };
}
