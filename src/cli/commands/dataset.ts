import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { findConfigFile } from '../../core/config/paths';
import {
  DATASET_FORMATS,
  DEFAULT_WORKDIR,
  SPLITS,
  datasetDir,
  datasetOptionsFromProject,
  datasetStats,
  importDataset,
  projectDatasetsDir,
  readDataset,
  validateDataset,
  writeDataset,
  type DatasetFormat,
  type DatasetStatistics,
  type ImportOptions,
  type LabelSchema,
} from '../../core/datasets';
import { UsageError, type InputProblem } from '../../core/util/errors';
import { outputFor, table, type Output } from '../output';
import { makeProgress } from '../progress';
import { registerDatasetSampleCommand } from './datasetSample';
import { detectDataset, detectionYaml } from '../../core/datasets/detect';

/** Problems printed to stderr before "... and N more" (all of them are in report.json / --json). */
const SHOWN_PROBLEMS = 50;

interface WhereOpts {
  config?: string;
  workdir?: string;
}

interface ImportFlags extends WhereOpts {
  name?: string;
  format?: string;
  annotations?: string;
  root?: string;
  allowRoot: string[];
  column: string[];
  labelColumn: string[];
  clipPattern?: string;
  fps?: string;
  timeUnit?: string;
  split?: string;
  checkVideos: boolean;
  detect?: string;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

function pairs(flag: string, items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0 || eq === item.length - 1) throw new UsageError(`--${flag} takes field=column, got "${item}"`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

/** The project file: --config, else the nearest vstar.yaml from the cwd upwards (like `vstar cycle`). */
function configFor(o: WhereOpts): string | undefined {
  return o.config ? path.resolve(o.config) : findConfigFile();
}

/** The `<workdir>/datasets` folder: --workdir, else the project's, else ./vstar/datasets. */
async function datasetsDirFor(o: WhereOpts): Promise<string> {
  if (o.workdir) return path.resolve(o.workdir, 'datasets');
  const config = configFor(o);
  return config ? projectDatasetsDir(config) : path.resolve(DEFAULT_WORKDIR, 'datasets');
}

/** A path relative to the cwd when it is under it, else as is: `../../..` helps nobody. */
function shortPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

function printProblems(out: Output, problems: InputProblem[]): void {
  for (const p of problems.slice(0, SHOWN_PROBLEMS)) out.problem({ ...p, file: shortPath(p.file) });
  if (problems.length > SHOWN_PROBLEMS) out.error(`... and ${problems.length - SHOWN_PROBLEMS} more problems`);
}

function schemaRows(schema: LabelSchema): (string | number)[][] {
  return Object.entries(schema).map(([field, f]) => {
    const detail =
      f.type === 'class'
        ? `${f.values.length} classes: ${f.values.slice(0, 6).join(', ')}${f.values.length > 6 ? ', ...' : ''}`
        : f.type === 'number'
          ? [f.min !== undefined && `min ${f.min}`, f.max !== undefined && `max ${f.max}`, f.unit].filter(Boolean).join(', ')
          : f.type === 'bbox'
            ? f.normalized === false ? 'pixels' : 'normalized 0..1'
            : f.type === 'temporal_range' ? 'seconds' : '';
    return [field, f.type, detail];
  });
}

async function importOptionsFrom(name: string | undefined, flags: ImportFlags): Promise<{ options: ImportOptions; datasetsDir: string }> {
  if (flags.format === undefined && flags.annotations === undefined) {
    if (!name) throw new UsageError('give a dataset name from vstar.yaml, or --name, --format and --annotations');
    const project = await datasetOptionsFromProject(configFor(flags) ?? process.cwd(), name);
    // Carried to runImport, which prints them like any other input problems.
    if (!project.options) throw Object.assign(new Error('invalid dataset entry in vstar.yaml'), { problems: project.problems });
    return { options: { ...project.options, checkVideos: flags.checkVideos }, datasetsDir: flags.workdir ? path.resolve(flags.workdir, 'datasets') : project.datasetsDir };
  }
  const dsName = flags.name ?? name;
  if (!dsName) throw new UsageError('--name is required with --format/--annotations');
  if (!flags.format || !(DATASET_FORMATS as readonly string[]).includes(flags.format)) {
    throw new UsageError(`--format must be one of ${DATASET_FORMATS.join(', ')}`);
  }
  if (!flags.annotations) throw new UsageError('--annotations is required with --format');
  if (flags.split !== undefined && !(SPLITS as readonly string[]).includes(flags.split)) throw new UsageError('--split must be train, val or test');
  const fps = flags.fps === undefined ? undefined : Number(flags.fps);
  if (fps !== undefined && !(fps > 0)) throw new UsageError(`--fps must be a positive number, got "${flags.fps}"`);
  if (flags.timeUnit !== undefined && flags.timeUnit !== 'seconds' && flags.timeUnit !== 'frames') throw new UsageError(`--time-unit must be seconds or frames, got "${flags.timeUnit}"`);
  if (flags.timeUnit === 'frames' && fps === undefined) throw new UsageError('--time-unit frames needs --fps');
  const annotations = path.resolve(flags.annotations);
  const core = pairs('column', flags.column);
  for (const k of Object.keys(core)) if (!['id', 'video', 'start', 'end', 'split'].includes(k)) throw new UsageError(`--column field must be id, video, start, end or split, got "${k}"`);
  const labels = pairs('label-column', flags.labelColumn);
  const options: ImportOptions = {
    name: dsName,
    format: flags.format as DatasetFormat,
    annotations,
    root: flags.root ? path.resolve(flags.root) : path.dirname(annotations),
    allowRoots: flags.allowRoot.map((r) => path.resolve(r)),
    columns: { ...core, ...(Object.keys(labels).length > 0 && { labels }) },
    checkVideos: flags.checkVideos,
    ...(flags.clipPattern !== undefined && { clipPattern: flags.clipPattern }),
    ...(fps !== undefined && { fps }),
    ...(flags.timeUnit === 'frames' && { timeUnit: 'frames' as const }),
    ...(flags.split !== undefined && { split: flags.split as ImportOptions['split'] }),
  };
  return { options, datasetsDir: await datasetsDirFor(flags) };
}

/** `--detect <path>`: the proposed vstar.yaml entry and tasks, printed; nothing is imported. */
async function runDetect(target: string, name: string | undefined, flags: ImportFlags, cmd: Command): Promise<void> {
  const out = outputFor(cmd);
  if (!existsSync(target)) throw new UsageError(`--detect: no such file or folder: ${target}`);
  const d = await detectDataset(target);
  if (!d) {
    out.error(`${target}: no annotation file of a known format found (${DATASET_FORMATS.join(', ')})`);
    out.result({ ok: false, detected: null });
    process.exitCode = 1;
    return;
  }
  const config = configFor(flags);
  const base = config ? path.dirname(config) : process.cwd();
  const dsName = (flags.name ?? name ?? path.basename(path.resolve(target), path.extname(target)))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '') || 'dataset';
  out.info(`${shortPath(d.annotations)}: ${d.format} (${d.why})`);
  out.info(d.clipsTried > 0 ? `clips: ${d.clipsFound} of the first ${d.clipsTried} found under ${shortPath(d.root)}` : 'clips: none named yet (a csv/jsonl needs its column mapping)');
  out.info(`\nproposed for ${config ? shortPath(config) : 'vstar.yaml'}:\n\n${detectionYaml(d, dsName, base)}`);
  out.result({ ok: true, name: dsName, detected: d, yaml: detectionYaml(d, dsName, base) });
}

async function runImport(name: string | undefined, flags: ImportFlags, cmd: Command): Promise<void> {
  if (flags.detect !== undefined) return runDetect(flags.detect, name, flags, cmd);
  const out = outputFor(cmd);
  let resolved: { options: ImportOptions; datasetsDir: string };
  try {
    resolved = await importOptionsFrom(name, flags);
  } catch (err) {
    const problems = (err as { problems?: InputProblem[] }).problems;
    if (!problems) throw err;
    printProblems(out, problems);
    out.result({ ok: false, problems });
    process.exitCode = 1;
    return;
  }
  const { options, datasetsDir } = resolved;
  datasetDir(datasetsDir, options.name); // a bad name is a usage error before any work
  const progress = makeProgress('checking clips', { json: out.json });
  let showed = false;
  const result = await importDataset({
    ...options,
    onProgress: (done, total) => {
      if (total < 1000) return;
      showed = true;
      progress.update(done, total);
    },
  });
  if (showed) progress.done();
  printProblems(out, result.problems);
  const c = result.counts;
  let dir: string | undefined;
  if (c.imported > 0 || result.problems.length === 0) dir = await writeDataset(datasetsDir, options.name, result);
  const rel = dir ? shortPath(dir) : undefined;
  out.info(dir ? `imported ${c.imported} of ${c.read} records into ${rel}` : `imported nothing: all ${c.read} records were rejected (the stored dataset, if any, is unchanged)`);
  if (c.rejected > 0) out.info(`rejected ${c.rejected} records (${result.problems.length} problems above)`);
  if (c.missingVideos > 0) out.info(`${c.missingVideos} clip file(s) missing (kept; add them before generating), e.g. ${result.missingVideoExamples.join(', ')}`);
  for (const n of result.notes) out.info(`note: ${n}`);
  if (Object.keys(result.schema).length > 0) out.info('\n' + table([['field', 'type', 'detail'], ...schemaRows(result.schema)]));
  out.result({
    ok: result.problems.length === 0,
    name: options.name,
    dir,
    counts: c,
    missingVideoExamples: result.missingVideoExamples,
    schema: result.schema,
    problems: result.problems,
    notes: result.notes,
  });
  if (result.problems.length > 0) process.exitCode = 1;
}

function statsRows(s: DatasetStatistics): (string | number)[][] {
  const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  return Object.entries(s.fields).map(([field, f]) => {
    let detail = '';
    if (f.summary) detail = `${f.of} min ${fmt(f.summary.min)} max ${fmt(f.summary.max)} mean ${fmt(f.summary.mean)} sd ${fmt(f.summary.std)}`;
    if (f.counts) {
      const top = Object.entries(f.counts).slice(0, 8).map(([v, n]) => `${v.length > 30 ? v.slice(0, 27) + '...' : v} ${n}`);
      const more = (f.distinct ?? 0) > top.length ? `, ... (${f.distinct} distinct)` : '';
      detail = [detail, top.join(', ') + more].filter(Boolean).join('; ');
    }
    return [field, f.type, f.present, detail];
  });
}

/** vstar dataset import | validate | stats | sample */
export function registerDatasetCommands(program: Command): void {
  const dataset = program.command('dataset').description('Import labeled video datasets, check them, and see their statistics.');

  dataset
    .command('import')
    .description(
      'Import a dataset into <workdir>/datasets/<name> (records.jsonl, schema.json, report.json). ' +
        'Either name a dataset of vstar.yaml, or describe it with --name, --format and --annotations. ' +
        'Bad rows are reported (file:line: field: message) and skipped; good records are still written. ' +
        'Exit status 1 when any problem was found, 0 otherwise (missing clip files are reported, not an error).',
    )
    .argument('[name]', 'dataset name (an entry under `datasets:` in vstar.yaml)')
    .option('--config <file>', 'project file (default: ./vstar.yaml)')
    .option('--name <name>', 'dataset name, with --format/--annotations')
    .option('--format <format>', `source format: ${DATASET_FORMATS.join(', ')}`)
    .option('--annotations <file>', 'annotation file')
    .option('--root <dir>', 'folder clip paths are relative to (default: the folder of the annotations)')
    .option('--allow-root <dir>', 'another folder clip paths may resolve into (repeatable)', collect, [])
    .option('--column <field=col>', 'where id, video, start, end or split come from (repeatable)', collect, [])
    .option('--label-column <field=col>', 'a label field and the column holding it (repeatable; default: all other columns)', collect, [])
    .option('--clip-pattern <pattern>', 'clip file name from a row, e.g. "{youtube_id}_{time_start:06}_{time_end:06}.mp4"')
    .option('--fps <n>', 'frames per second: turns frame numbers into seconds (finediving, --time-unit frames) and plays frame-folder clips')
    .option('--time-unit <unit>', 'what start/end hold: seconds (default) or frames (divided by --fps)')
    .option('--split <split>', 'split for records whose source has none: train, val or test')
    .option('--workdir <dir>', 'workdir to write into (default: from vstar.yaml, else ./vstar)')
    .option('--no-check-videos', 'do not look for the clip files')
    .option('--detect <path>', 'look at an annotation file or a dataset folder and propose the vstar.yaml entry (format, clip folder and pattern, tasks); imports nothing')
    .action(runImport);

  dataset
    .command('validate')
    .description('Re-check a stored dataset: every record against the schema, clip paths inside the root, clip files present. Exit status 1 on any problem or missing clip.')
    .argument('<name>', 'dataset name')
    .option('--config <file>', 'project file (default: ./vstar.yaml)')
    .option('--workdir <dir>', 'workdir holding datasets/ (default: from vstar.yaml, else ./vstar)')
    .option('--no-check-videos', 'do not look for the clip files')
    .action(async (name: string, o: WhereOpts & { checkVideos: boolean }, cmd: Command) => {
      const out = outputFor(cmd);
      const dir = datasetDir(await datasetsDirFor(o), name);
      const progress = makeProgress('checking clips', { json: out.json });
      let showed = false;
      const v = await validateDataset(dir, {
        checkVideos: o.checkVideos,
        onProgress: (done, total) => total >= 1000 && ((showed = true), progress.update(done, total)),
      });
      if (showed) progress.done();
      printProblems(out, v.problems);
      out.info(`${v.records} valid records in ${shortPath(dir)}${v.problems.length ? `, ${v.problems.length} problems` : ''}`);
      if (v.missingVideos > 0) out.info(`${v.missingVideos} clip file(s) missing, e.g. ${v.missingVideoExamples.join(', ')}${v.root ? ` (looked for under ${v.root})` : ''}`);
      out.result({ ok: v.problems.length === 0 && v.missingVideos === 0, name, dir, ...v });
      if (v.problems.length > 0 || v.missingVideos > 0) process.exitCode = 1;
    });

  dataset
    .command('stats')
    .description('Show a stored dataset\'s statistics: records per split and, per label field, its classes or value range.')
    .argument('<name>', 'dataset name')
    .option('--config <file>', 'project file (default: ./vstar.yaml)')
    .option('--workdir <dir>', 'workdir holding datasets/ (default: from vstar.yaml, else ./vstar)')
    .action(async (name: string, o: WhereOpts, cmd: Command) => {
      const out = outputFor(cmd);
      const dir = datasetDir(await datasetsDirFor(o), name);
      if (!existsSync(dir)) throw new UsageError(`no dataset "${name}" in ${path.dirname(dir)} (import it first)`);
      const ds = await readDataset(dir);
      printProblems(out, ds.problems);
      const s = datasetStats(ds.records, ds.schema);
      out.info(`${s.records} records: train ${s.splits.train}, val ${s.splits.val}, test ${s.splits.test}`);
      out.info(table([['field', 'type', 'present', 'values'], ...statsRows(s)]));
      out.result({ name, dir, ...s, problems: ds.problems });
      if (ds.problems.length > 0) process.exitCode = 1;
    });

  registerDatasetSampleCommand(dataset);
}
