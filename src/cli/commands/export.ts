import type { Command } from 'commander';
import { resolve } from 'node:path';
import { loadConfig } from '../../core/config/load';
import { findConfigFile, projectWorkdir } from '../../core/config/paths';
import { exportSamples, type ExportResult } from '../../core/export/export';
import { cycleExportDir, samplesFromCycle, type CycleExportSamples } from '../../core/export/fromCycle';
import { readExportSamples } from '../../core/export/read';
import { EXPORT_FORMATS, type ExportFormat, type ExportSample } from '../../core/export/types';
import type { InputProblem } from '../../core/util/errors';
import { UsageError } from '../../core/util/errors';
import { outputFor, table, type Output } from '../output';

interface ExportOpts {
  input?: string;
  cycle?: string;
  workdir?: string;
  videoRoot?: string;
  format: string;
  out?: string;
  name?: string;
}

function summary(result: ExportResult, fromCycle?: CycleExportSamples): string[] {
  const count = (reason: string) =>
    result.exported.filter((e) => e.reason === reason).length +
    result.skipped.filter((e) => e.reason === reason).length +
    (fromCycle?.unpicked.filter((u) => u.reason === reason).length ?? 0);
  const rows: [string, number][] = [
    ['kept: verdict passed', count('verdict-pass')],
    ['kept: accepted in review', count('review-accept')],
    ['skipped: verdict failed', count('verdict-fail')],
    ['skipped: rejected in review', count('review-reject')],
  ];
  if (fromCycle) {
    const rationalized = new Set(fromCycle.samples.filter((s) => s.stage === 'rationalize').map((s) => s.id));
    rows.push(['kept: rationalized', result.exported.filter((e) => rationalized.has(e.id)).length]);
    rows.push(['skipped: not verified', count('not-verified')]);
  }
  const what = fromCycle ? `sample(s) of cycle ${fromCycle.cycle}` : 'attempt(s)';
  return [
    `exported ${result.exported.length} ${what} as ${result.format}, skipped ${result.skipped.length + (fromCycle?.unpicked.length ?? 0)}`,
    table(rows),
    ...result.files.map((f) => `wrote ${f}`),
  ];
}

/** `--workdir`, else the workdir of the nearest vstar.yaml. */
async function workdirOf(opts: ExportOpts, out: Output): Promise<string> {
  if (opts.workdir) return resolve(opts.workdir);
  const file = findConfigFile();
  if (!file) throw new UsageError('no vstar.yaml here or in a parent folder; pass --workdir <dir>');
  const loaded = await loadConfig(file);
  if (!loaded.parsed) {
    for (const p of loaded.problems) out.problem(p);
    throw new UsageError(`${file} has problems; fix them or pass --workdir`);
  }
  return projectWorkdir(file, loaded.parsed);
}

function refuse(out: Output, problems: readonly InputProblem[], where: string): void {
  for (const p of problems) out.problem(p);
  out.error(`${problems.length} problem(s) in ${where}; nothing exported`);
  out.result({ ok: false, problems });
  process.exitCode = 1;
}

/** vstar export */
export function registerExportCommands(program: Command): void {
  program
    .command('export')
    .description('Write accepted attempts as training data for a trainer (LLaVA, LLaMA-Factory, ms-swift) or as full metadata.')
    .option('--input <file>', 'JSONL of export records (a cycle export or a metadata export)')
    .option('--cycle <n>', 'export straight from cycle N of the workdir: one kept attempt per sample, joined with the dataset')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .option('--out <dir>', 'folder to write into (created if missing); with --cycle default <workdir>/cycles/<N>/exports')
    .option('--name <name>', 'dataset name: file names and the LLaMA-Factory dataset_info key', 'vstar')
    .option('--workdir <dir>', 'with --cycle: the workdir (default: from the nearest vstar.yaml)')
    .option('--video-root <dir>', 'with --cycle: write clip paths relative to this folder (default: absolute paths)')
    .addHelpText(
      'after',
      '\nKept: attempts accepted in review, and unreviewed attempts whose verdict passed; a review rejection always drops one.\n' +
        'With --cycle, each sample gives its first kept attempt: a direct answer before a rationalization, earlier tries first.\n' +
        'The export stops, writing nothing, if a record would hold its rationalization hint or would not load in the trainer.',
    )
    .action(async (opts: ExportOpts, cmd: Command) => {
      const out = outputFor(cmd);
      if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
        throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')} (got "${opts.format}")`);
      }
      if ((opts.input === undefined) === (opts.cycle === undefined)) throw new UsageError('give exactly one of --input <file> or --cycle <n>');
      const format = opts.format as ExportFormat;
      let samples: ExportSample[];
      let fromCycle: CycleExportSamples | undefined;
      let outDir: string;
      if (opts.cycle !== undefined) {
        if (!/^[1-9]\d*$/.test(opts.cycle)) throw new UsageError(`--cycle must be a positive whole number (got "${opts.cycle}")`);
        const workdir = await workdirOf(opts, out);
        const n = Number(opts.cycle);
        fromCycle = await samplesFromCycle(workdir, n, { videoRoot: opts.videoRoot });
        if (fromCycle.problems.length > 0) return refuse(out, fromCycle.problems, `cycle ${n}`);
        samples = fromCycle.samples;
        outDir = resolve(opts.out ?? cycleExportDir(workdir, n));
      } else {
        if (opts.out === undefined) throw new UsageError('--out <dir> is required with --input');
        if (opts.videoRoot !== undefined) throw new UsageError('--video-root only applies to --cycle');
        const input = resolve(opts.input as string);
        let read;
        try {
          read = await readExportSamples(input);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--input ${opts.input}: no such file`);
          throw err;
        }
        // A training set silently missing records is worse than no export: refuse on any bad line.
        if (read.problems.length > 0) return refuse(out, read.problems, opts.input as string);
        samples = read.samples;
        outDir = resolve(opts.out);
      }
      const result = await exportSamples(samples, format, outDir, { name: opts.name });
      for (const line of summary(result, fromCycle)) out.info(line);
      out.result({ ok: true, ...result, ...(fromCycle ? { cycle: fromCycle.cycle, dataset: fromCycle.dataset, unpicked: fromCycle.unpicked } : {}) });
    });
}
