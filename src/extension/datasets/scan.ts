// Finds the normalized datasets of a project folder by reading the disk directly:
// `<workdir>/datasets/<name>/records.jsonl`. Deliberately tiny and `vscode`-free; the
// core dataset reader (src/core/datasets) can replace it once it lands.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const PROJECT_FILE = 'vstar.yaml';
const DEFAULT_WORKDIR = 'vstar';

export interface DatasetEntry {
  /** Folder name under `<workdir>/datasets/`, which is also the name in vstar.yaml. */
  readonly name: string;
  readonly dir: string;
  readonly recordsFile: string;
  /** Non-blank lines of records.jsonl; undefined when it cannot be read. */
  readonly clips: number | undefined;
  /** Why the dataset could not be read, for the tree item's tooltip. */
  readonly problem?: string;
}

/** The `workdir` of a project (relative to the folder), `vstar` unless vstar.yaml says otherwise. */
export function projectWorkdir(folder: string): string {
  let text: string;
  try {
    text = fs.readFileSync(path.join(folder, PROJECT_FILE), 'utf8');
  } catch {
    return DEFAULT_WORKDIR;
  }
  try {
    const doc: unknown = parseYaml(text);
    if (doc && typeof doc === 'object' && 'workdir' in doc) {
      const w = (doc as { workdir: unknown }).workdir;
      if (typeof w === 'string' && w.trim() !== '') return w;
    }
  } catch {
    // A broken vstar.yaml is the language server's to report; browsing falls back to the default.
  }
  return DEFAULT_WORKDIR;
}

/** Datasets of one project folder, sorted by name; [] when there are none. */
export async function scanDatasets(folder: string): Promise<DatasetEntry[]> {
  const root = path.resolve(folder, projectWorkdir(folder), 'datasets');
  let names: string[];
  try {
    names = (await fs.promises.readdir(root, { withFileTypes: true }))
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name): Promise<DatasetEntry> => {
      const dir = path.join(root, name);
      const recordsFile = path.join(dir, 'records.jsonl');
      try {
        return { name, dir, recordsFile, clips: await countLines(recordsFile) };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const problem = code === 'ENOENT' ? 'no records.jsonl yet (import the dataset)' : String(err);
        return { name, dir, recordsFile, clips: undefined, problem };
      }
    }),
  );
}

/** Counts non-blank lines in chunks, so a dataset of millions of clips is not read into memory. */
export async function countLines(file: string): Promise<number> {
  let count = 0;
  let lineHasText = false;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (byte === 0x0a) {
        if (lineHasText) count++;
        lineHasText = false;
      } else if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) {
        lineHasText = true;
      }
    }
  }
  return lineHasText ? count + 1 : count;
}
