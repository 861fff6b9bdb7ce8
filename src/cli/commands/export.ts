import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportSamples, type ExportResult } from '../../core/export/export';
import { cycleExportDir, exportCycle, type UnpickedReason } from '../../core/export/fromCycle';
import { streamExportSamples } from '../../core/export/read';
import { EXPORT_FORMATS, ExportInputError, type ExportFormat } from '../../core/export/types';
import { UsageError } from '../../core/util/errors';
import { outputFor, table } from '../output';
import { makeProgress } from '../progress';
import { cliProject } from '../project';

interface ExportOpts {
  input?: string;
  cycle?: string;
  workdir?: string;
  videoRoot?: string;
  format: string;
  out?: string;
  name?: string;
}

function summary(result: ExportResult, unpicked?: Record<UnpickedReason, number>, cycle?: number): string[] {
  const c = result.counts;
  const rows: [string, number][] = [
    ['kept: verdict passed', c['verdict-pass']],
    ['kept: accepted in review', c['review-accept']],
    ['skipped: verdict failed', c['verdict-fail'] + (unpicked?.['verdict-fail'] ?? 0)],
    ['skipped: rejected in review', c['review-reject'] + (unpicked?.['review-reject'] ?? 0)],
  ];
  if (unpicked) {
    rows.push(['kept: rationalized', c.rationalized]);
    rows.push(['skipped: not verified', unpicked['not-verified']]);
  }
  const skipped = c.skipped + (unpicked ? unpicked['review-reject'] + unpicked['verdict-fail'] + unpicked['not-verified'] : 0);
  const what = cycle !== undefined ? `sample(s) of cycle ${cycle}` : 'attempt(s)';
  return [`exported ${c.exported} ${what} as ${result.format}, skipped ${skipped}`, table(rows), ...result.files.map((f) => `wrote ${f}`)];
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
      try {
        if (opts.cycle !== undefined) {
          if (!/^[1-9]\d*$/.test(opts.cycle)) throw new UsageError(`--cycle must be a positive whole number (got "${opts.cycle}")`);
          const { workdir } = await cliProject(opts, out);
          const n = Number(opts.cycle);
          const outDir = resolve(opts.out ?? cycleExportDir(workdir, n));
          const progress = makeProgress(`export c${n}`, { json: out.json });
          const done = await exportCycle(workdir, n, format, outDir, { videoRoot: opts.videoRoot, name: opts.name, onProgress: (d, t) => progress.update(d, t) }).finally(() => progress.done());
          for (const line of summary(done.result, done.unpicked, done.cycle)) out.info(line);
          out.result({ ok: true, ...done.result, cycle: done.cycle, dataset: done.dataset, unpicked: done.unpicked });
          return;
        }
        if (opts.out === undefined) throw new UsageError('--out <dir> is required with --input');
        if (opts.videoRoot !== undefined) throw new UsageError('--video-root only applies to --cycle');
        const input = resolve(opts.input as string);
        if (!existsSync(input)) throw new UsageError(`--input ${opts.input}: no such file`);
        const result = await exportSamples(streamExportSamples(input), format, resolve(opts.out), { name: opts.name });
        for (const line of summary(result)) out.info(line);
        out.result({ ok: true, ...result });
      } catch (err) {
        // A training set silently missing records is worse than no export: refuse on any bad input.
        if (!(err instanceof ExportInputError)) throw err;
        for (const p of err.problems) out.problem(p);
        if (err.count > err.problems.length) out.error(`… and ${err.count - err.problems.length} more`);
        out.error(err.message);
        out.result({ ok: false, problems: err.problems, problemCount: err.count });
        process.exitCode = 1;
      }
    });
}
