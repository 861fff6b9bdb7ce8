import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument, isMap, type Node } from 'yaml';
import type { InputProblem } from '../util/errors';
import { LabelSchema } from './labels';
import { SPLITS } from './record';
import { DATASET_FORMATS, type ColumnMapping, type ImportOptions } from './options';

export const PROJECT_FILE = 'vstar.yaml';
export const DEFAULT_WORKDIR = 'vstar';

/**
 * Reads one `datasets.<name>` entry of vstar.yaml into import options, paths resolved
 * against the folder of vstar.yaml. Deliberately small and self-contained (the yaml package
 * directly) so importing does not depend on the whole project config being valid: a typo
 * in `backends` should not stop a dataset import. Problems carry the line in vstar.yaml.
 */
export interface ProjectDataset {
  options?: ImportOptions;
  /** `<workdir>/datasets`, absolute. */
  datasetsDir: string;
  configFile: string;
  problems: InputProblem[];
}

const KEYS = ['format', 'annotations', 'root', 'allowRoots', 'columns', 'clipPattern', 'fps', 'timeUnit', 'split', 'labels'];
const COLUMN_KEYS = ['id', 'video', 'start', 'end', 'split', 'labels'];

/** `projectOrFile` is a project folder or its vstar.yaml. */
export function projectFile(projectOrFile: string): string {
  const p = path.resolve(projectOrFile);
  return p.endsWith('.yaml') || p.endsWith('.yml') ? p : path.join(p, PROJECT_FILE);
}

export async function datasetOptionsFromProject(projectOrFile: string, name: string): Promise<ProjectDataset> {
  const configFile = projectFile(projectOrFile);
  const base = path.dirname(configFile);
  const out: ProjectDataset = { datasetsDir: path.join(base, DEFAULT_WORKDIR, 'datasets'), configFile, problems: [] };
  let text: string;
  try {
    text = await fs.readFile(configFile, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    out.problems.push({ file: configFile, message: code === 'ENOENT' ? 'no such file (give --config, or import with --format and --annotations)' : (err as Error).message });
    return out;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as Node | undefined)?.range;
    return range ? lines.linePos(range[0]).line : undefined;
  };
  const problem = (field: string, message: string, node?: unknown): void => {
    const line = lineOf(node);
    out.problems.push({ file: configFile, ...(line !== undefined && { line }), field, message });
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) out.problems.push({ file: configFile, line: e.linePos?.[0].line, message: e.message.split('\n')[0] ?? e.message });
    return out;
  }
  const root: unknown = doc.toJS();
  const workdir = root && typeof root === 'object' ? (root as Record<string, unknown>).workdir : undefined;
  if (typeof workdir === 'string' && workdir.trim() !== '') out.datasetsDir = path.resolve(base, workdir, 'datasets');

  const node = doc.getIn(['datasets', name], true);
  const entry = doc.getIn(['datasets', name]) as unknown;
  const at = (key: string): unknown => (isMap(node) ? node.get(key, true) : undefined);
  const field = (key: string): string => `datasets.${name}${key ? '.' + key : ''}`;
  if (entry === undefined) {
    const all = doc.getIn(['datasets'], true);
    const names = isMap(all) ? all.items.map((i) => String((i.key as { value?: unknown } | null)?.value ?? i.key)) : [];
    problem(field(''), `no such dataset in ${PROJECT_FILE} (${names.length ? 'known: ' + names.join(', ') : 'no datasets defined'})`, doc.getIn(['datasets'], true));
    return out;
  }
  const json = (entry as { toJSON?: () => unknown } | null)?.toJSON?.() ?? entry;
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    problem(field(''), 'expected a mapping with format, annotations, ...', node);
    return out;
  }
  const e = json as Record<string, unknown>;
  for (const k of Object.keys(e)) if (!KEYS.includes(k)) problem(field(k), `unknown key (known: ${KEYS.join(', ')})`, at(k));

  const str = (k: string, required: boolean): string | undefined => {
    const v = e[k];
    if (v === undefined || v === null) {
      if (required) problem(field(k), 'required', node);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') problem(field(k), `expected a non-empty string, got ${JSON.stringify(v)}`, at(k));
    return typeof v === 'string' ? v : undefined;
  };
  const format = str('format', true);
  if (format !== undefined && !(DATASET_FORMATS as readonly string[]).includes(format)) problem(field('format'), `unknown format "${format}" (use ${DATASET_FORMATS.join(', ')})`, at('format'));
  const annotations = str('annotations', true);
  const rootDir = str('root', false);
  const clipPattern = str('clipPattern', false);
  const split = str('split', false);
  if (split !== undefined && !(SPLITS as readonly string[]).includes(split)) problem(field('split'), `expected train, val or test, got "${split}"`, at('split'));
  if (e.fps !== undefined && !(typeof e.fps === 'number' && e.fps > 0)) problem(field('fps'), `expected a positive number, got ${JSON.stringify(e.fps)}`, at('fps'));
  const timeUnit = str('timeUnit', false);
  if (timeUnit !== undefined && timeUnit !== 'seconds' && timeUnit !== 'frames') problem(field('timeUnit'), `expected seconds or frames, got "${timeUnit}"`, at('timeUnit'));
  else if (timeUnit === 'frames' && typeof e.fps !== 'number') problem(field('timeUnit'), 'frames needs fps (frames per second) to turn frame numbers into seconds', at('timeUnit'));
  const allowRoots = e.allowRoots ?? [];
  if (!Array.isArray(allowRoots) || !allowRoots.every((r) => typeof r === 'string')) problem(field('allowRoots'), 'expected a list of folders', at('allowRoots'));
  const columns = checkColumns(e.columns, (k, m) => problem(field(k ? `columns.${k}` : 'columns'), m, at('columns')));
  let labels: LabelSchema | undefined;
  if (e.labels !== undefined) {
    const parsed = LabelSchema.safeParse(e.labels);
    if (parsed.success) labels = parsed.data;
    else for (const i of parsed.error.issues) problem(field(['labels', ...i.path.map(String)].join('.')), i.message, at('labels'));
  }
  out.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (out.problems.length > 0 || !format || !annotations) return out;

  const abs = (p: string): string => path.resolve(base, p);
  out.options = {
    name,
    format: format as ImportOptions['format'],
    annotations: abs(annotations),
    root: rootDir !== undefined ? abs(rootDir) : path.dirname(abs(annotations)),
    allowRoots: (allowRoots as string[]).map(abs),
    ...(columns && { columns }),
    ...(clipPattern !== undefined && { clipPattern }),
    ...(typeof e.fps === 'number' && { fps: e.fps }),
    ...(timeUnit === 'frames' && { timeUnit: 'frames' as const }),
    ...(split !== undefined && { split: split as ImportOptions['split'] }),
    ...(labels && { labels }),
  };
  return out;
}

function checkColumns(raw: unknown, problem: (key: string, message: string) => void): ColumnMapping | undefined {
  if (raw === undefined) return undefined;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problem('', 'expected a mapping like {id: clip, video: path, labels: {field: column}}');
    return undefined;
  }
  const c = raw as Record<string, unknown>;
  for (const [k, v] of Object.entries(c)) {
    if (!COLUMN_KEYS.includes(k)) problem(k, `unknown key (known: ${COLUMN_KEYS.join(', ')})`);
    else if (k === 'labels') {
      if (!v || typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) problem(k, 'expected a mapping of label field → column');
    } else if (typeof v !== 'string') problem(k, `expected a column name, got ${JSON.stringify(v)}`);
  }
  return c as ColumnMapping;
}

/**
 * `<workdir>/datasets` of a project (workdir from vstar.yaml, default `vstar`); the file
 * need not exist or be valid — a broken vstar.yaml is the config checker's to report.
 */
export async function projectDatasetsDir(projectOrFile: string): Promise<string> {
  const configFile = projectFile(projectOrFile);
  const base = path.dirname(configFile);
  try {
    const doc = parseDocument(await fs.readFile(configFile, 'utf8'));
    const w = doc.get('workdir');
    if (typeof w === 'string' && w.trim() !== '') return path.resolve(base, w, 'datasets');
  } catch {
    // Fall through to the default workdir.
  }
  return path.resolve(base, DEFAULT_WORKDIR, 'datasets');
}
