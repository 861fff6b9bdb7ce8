import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE } from '../../core/config/paths';
import { starterConfigText } from '../../core/config/starter';
import { makeSampleDataset, DEFAULT_SAMPLE_COUNT } from '../../core/sample/dataset';
import { writeFileAtomic } from '../../core/util/atomic';
import { UsageError } from '../../core/util/errors';
import { outputFor } from '../output';
import { makeProgress } from '../progress';

interface InitOptions {
  sample?: boolean;
  count?: string;
  seed?: string;
}

function intOption(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number >= ${min}, got "${raw}"`);
  return n;
}

/** vstar init [dir] [--sample] */
export function registerInitCommands(program: Command): void {
  program
    .command('init')
    .description('Create a starter vstar.yaml (refuses to overwrite one); --sample also makes the synthetic sample dataset.')
    .argument('[dir]', 'project folder (created if missing)', '.')
    .option('--sample', 'also generate the bundled synthetic sample dataset into <dir>/sample (needs ffmpeg)')
    .option('--count <n>', `clips in the sample dataset (with --sample; default ${DEFAULT_SAMPLE_COUNT})`)
    .option('--seed <s>', 'seed of the sample dataset (with --sample; default 1)')
    .action(async (dir: string, opts: InitOptions, cmd: Command) => {
      const out = outputFor(cmd);
      const root = resolve(dir);
      const file = join(root, CONFIG_FILE);
      const count = intOption('count', opts.count, DEFAULT_SAMPLE_COUNT, 1);
      const seed = intOption('seed', opts.seed, 1, 0);
      if (existsSync(file)) {
        out.error(`${file} already exists; not overwriting it (delete it first to start over)`);
        process.exitCode = 1;
        return;
      }
      await writeFileAtomic(file, starterConfigText());
      out.info(`wrote ${file}`);
      let sample: { dir: string; clips: number; seconds: number } | undefined;
      if (opts.sample) {
        const sampleDir = join(root, 'sample');
        const progress = makeProgress('sample clips', { json: out.json });
        const started = Date.now();
        const res = await makeSampleDataset({ out: sampleDir, count, seed, onProgress: (d, t) => progress.update(d, t) });
        const seconds = (Date.now() - started) / 1000;
        progress.done(`in ${seconds.toFixed(1)} s`);
        sample = { dir: sampleDir, clips: res.records.length, seconds };
        out.info(`made ${res.records.length} sample clips in ${sampleDir}`);
      }
      out.info(sample ? `next: cd ${dir} && vstar dataset import sample` : `next: vstar dataset sample --out ${join(dir, 'sample')}, then vstar dataset import sample`);
      out.result({ config: file, sample });
    });
}
