// What the Datasets tree shows, read through the core: the datasets of a project folder
// (folder names and each import report's clip count: cheap, no records read), and one
// dataset's records (`readDataset`), statistics (`datasetStats`) and value groups per
// label field, read only when its row is expanded. `vscode`-free so plain Node tests cover it.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import {
  datasetStats,
  projectDatasetsDir,
  readDataset,
  RECORDS_FILE,
  type DatasetStatistics,
  type StoredDataset,
} from '../../core/datasets';
import { groupByField, type ValueGroup } from './groups';

export interface DatasetEntry {
  /** Folder name under `<workdir>/datasets/`, which is also the name in vstar.yaml. */
  readonly name: string;
  readonly dir: string;
  readonly recordsFile: string;
  /** Records in records.jsonl; undefined when the dataset is not imported. */
  readonly clips: number | undefined;
  /** Why the dataset cannot be browsed, for the row's tooltip. */
  readonly problem?: string;
}

/** A dataset read by the core, with its statistics and (lazily) its value groups per field. */
export interface LoadedDataset {
  readonly data: StoredDataset;
  readonly stats: DatasetStatistics;
  groups(field: string): readonly ValueGroup[];
}

/** The datasets of one project folder, sorted by name; [] when there are none. */
export async function listDatasets(folder: string): Promise<DatasetEntry[]> {
  const root = await projectDatasetsDir(folder);
  let names: string[];
  try {
    names = (await fsp.readdir(root, { withFileTypes: true }))
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name): Promise<DatasetEntry> => {
      const dir = path.join(root, name);
      const recordsFile = path.join(dir, RECORDS_FILE);
      try {
        await fsp.access(recordsFile);
      } catch {
        return { name, dir, recordsFile, clips: undefined, problem: `no ${RECORDS_FILE} yet (import the dataset)` };
      }
      // The clip count is the records file's line count: what the tree can browse, and
      // right after records are appended without a new import report.
      try {
        return { name, dir, recordsFile, clips: await countLines(recordsFile) };
      } catch (err) {
        return { name, dir, recordsFile, clips: undefined, problem: `cannot read ${RECORDS_FILE}: ${(err as Error).message}` };
      }
    }),
  );
}

/** Lines of a file (a last line without its newline counts), a chunk at a time: a 100k-record file in a few ms. */
async function countLines(file: string): Promise<number> {
  const fh = await fsp.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    let last = 10;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      for (let at = buf.indexOf(10, 0); at !== -1 && at < bytesRead; at = buf.indexOf(10, at + 1)) lines++;
      last = buf[bytesRead - 1]!;
    }
    return last === 10 ? lines : lines + 1;
  } finally {
    await fh.close();
  }
}

/** Reads one dataset through the core and prepares its statistics. */
export async function loadDataset(dir: string): Promise<LoadedDataset> {
  const data = await readDataset(dir);
  const stats = datasetStats(data.records, data.schema);
  const cache = new Map<string, readonly ValueGroup[]>();
  return {
    data,
    stats,
    groups(field) {
      let g = cache.get(field);
      const schema = data.schema[field];
      if (!g) cache.set(field, (g = schema ? groupByField(data.records, field, schema) : []));
      return g;
    },
  };
}


/** Human-readable lines of the core's statistics, for the output channel. */
export function formatStats(name: string, s: DatasetStatistics, problems: number): string[] {
  const out = [`Dataset "${name}": ${s.records} clips (train ${s.splits.train}, val ${s.splits.val}, test ${s.splits.test})`];
  for (const [field, f] of Object.entries(s.fields)) {
    const parts = [`${f.type}`, `${f.present} labeled`];
    if (f.missing) parts.push(`${f.missing} without`);
    if (f.distinct !== undefined) parts.push(`${f.distinct} distinct`);
    if (f.summary) parts.push(`${f.of} ${f.summary.min}–${f.summary.max}, mean ${Number(f.summary.mean.toPrecision(3))}`);
    const top = Object.entries(f.counts ?? {}).slice(0, 5).map(([v, n]) => `${v} ×${n}`);
    out.push(`  ${field}: ${parts.join(', ')}${top.length ? `; top: ${top.join(', ')}` : ''}`);
  }
  if (problems > 0) out.push(`  ${problems} problem(s) in the stored files: run \`vstar dataset validate ${name}\``);
  return out;
}
