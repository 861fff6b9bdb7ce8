import type { Command } from 'commander';
import { resolve } from 'node:path';
import { exportSamples, type ExportResult } from '../../core/export/export';
import { readExportSamples } from '../../core/export/read';
import { EXPORT_FORMATS, type ExportFormat } from '../../core/export/types';
import { UsageError } from '../../core/util/errors';
import { outputFor, table } from '../output';

interface ExportOpts {
  input: string;
  format: string;
  out: string;
  name?: string;
}

function summary(result: ExportResult): string[] {
  const count = (reason: string) => result.exported.filter((e) => e.reason === reason).length + result.skipped.filter((e) => e.reason === reason).length;
  return [
    `exported ${result.exported.length} attempt(s) as ${result.format}, skipped ${result.skipped.length}`,
    table([
      ['kept: verdict passed', count('verdict-pass')],
      ['kept: accepted in review', count('review-accept')],
      ['skipped: verdict failed', count('verdict-fail')],
      ['skipped: rejected in review', count('review-reject')],
    ]),
    ...result.files.map((f) => `wrote ${f}`),
  ];
}

/** vstar export */
export function registerExportCommands(program: Command): void {
  program
    .command('export')
    .description('Write accepted attempts as training data for a trainer (LLaVA, LLaMA-Factory, ms-swift) or as full metadata.')
    .requiredOption('--input <file>', 'JSONL of export records (a cycle export or a metadata export)')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .requiredOption('--out <dir>', 'folder to write into (created if missing)')
    .option('--name <name>', 'dataset name: file names and the LLaMA-Factory dataset_info key', 'vstar')
    .addHelpText(
      'after',
      '\nKept: attempts accepted in review, and unreviewed attempts whose verdict passed; a review rejection always drops one.\n' +
        'The export stops, writing nothing, if a record would hold its rationalization hint or would not load in the trainer.',
    )
    .action(async (opts: ExportOpts, cmd: Command) => {
      const out = outputFor(cmd);
      if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
        throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')} (got "${opts.format}")`);
      }
      const format = opts.format as ExportFormat;
      const input = resolve(opts.input);
      let read;
      try {
        read = await readExportSamples(input);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--input ${opts.input}: no such file`);
        throw err;
      }
      // A training set silently missing records is worse than no export: refuse on any bad line.
      if (read.problems.length > 0) {
        for (const p of read.problems) out.problem(p);
        out.error(`${read.problems.length} problem(s) in ${opts.input}; nothing exported`);
        out.result({ ok: false, problems: read.problems });
        process.exitCode = 1;
        return;
      }
      const result = await exportSamples(read.samples, format, resolve(opts.out), { name: opts.name });
      for (const line of summary(result)) out.info(line);
      out.result({ ok: true, ...result });
    });
}
