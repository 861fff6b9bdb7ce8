import type { Command } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_SAMPLE_COUNT, makeSampleDataset } from '../../core/sample/dataset';
import { UsageError } from '../../core/util/errors';
import { outputFor } from '../output';
import { makeProgress } from '../progress';

interface SampleCliOptions {
  out: string;
  count?: string;
  seed?: string;
  ffmpeg?: string;
}

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number >= ${min}, got "${raw}"`);
  return n;
}

/** vstar dataset sample --out DIR [--count N] [--seed S] */
export function registerDatasetSampleCommand(dataset: Command): void {
  dataset
    .command('sample')
    .description('Make the bundled synthetic sample dataset (moving shapes, a label of every type) with ffmpeg.')
    .requiredOption('--out <dir>', 'folder to write clips/, annotations.jsonl and schema.json into')
    .option('--count <n>', `number of clips (default ${DEFAULT_SAMPLE_COUNT})`)
    .option('--seed <s>', 'seed; the same seed gives the same dataset (default 1)')
    .option('--ffmpeg <path>', 'ffmpeg binary (default: $VSTAR_FFMPEG, else ffmpeg on PATH)')
    .action(async (opts: SampleCliOptions, cmd: Command) => {
      const out = outputFor(cmd);
      const count = wholeNumber('count', opts.count, DEFAULT_SAMPLE_COUNT, 1);
      const seed = wholeNumber('seed', opts.seed, 1, 0);
      const dir = resolve(opts.out);
      const progress = makeProgress('sample clips', { json: out.json });
      const started = Date.now();
      const res = await makeSampleDataset({
        out: dir,
        count,
        seed,
        ffmpeg: opts.ffmpeg,
        onProgress: (done, total) => progress.update(done, total),
      });
      const seconds = (Date.now() - started) / 1000;
      progress.done(`in ${seconds.toFixed(1)} s`);
      const splits = { train: 0, val: 0, test: 0 };
      for (const r of res.records) splits[r.split]++;
      out.info(`made ${res.records.length} clips in ${seconds.toFixed(1)} s (train ${splits.train}, val ${splits.val}, test ${splits.test})`);
      out.info(`annotations: ${res.annotations}`);
      out.info(`label schema: ${res.schema}`);
      out.result({ out: dir, clips: res.records.length, seconds, splits, annotations: res.annotations, schema: res.schema });
    });
}
