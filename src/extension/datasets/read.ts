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
  REPORT_FILE,
  type DatasetReport,
  type DatasetStatistics,
  type StoredDataset,
} from '../../core/datasets';
import { groupByField, type ValueGroup } from './groups';

export interface DatasetEntry {
  /** Folder name under `<workdir>/datasets/`, which is also the name in vstar.yaml. */
  readonly name: string;
  readonly dir: string;
  readonly recordsFile: string;
  /** Clips imported, from report.json; undefined when the dataset is not imported. */
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
      try {
        const report = JSON.parse(await fsp.readFile(path.join(dir, REPORT_FILE), 'utf8')) as DatasetReport;
        return { name, dir, recordsFile, clips: report.counts?.imported };
      } catch {
        return { name, dir, recordsFile, clips: undefined, problem: `no readable ${REPORT_FILE} (import the dataset again)` };
      }
    }),
  );
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
