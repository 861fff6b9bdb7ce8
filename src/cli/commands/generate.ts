import type { Command } from 'commander';
import { join } from 'node:path';
import { loadConfig } from '../../core/config/load';
import { findConfigFile, projectWorkdir, resolveProjectPath } from '../../core/config/paths';
import type { VstarConfig } from '../../core/config/schema';
import { cycleNumbers, openCycle } from '../../core/cycles';
import { readDataset } from '../../core/datasets/store';
import { backendFromConfig } from '../../core/generate/fromConfig';
import { clipMedia } from '../../core/generate/media';
import { planItems } from '../../core/generate/plan';
import { runGeneration } from '../../core/generate/engine';
import { semanticVerifier } from '../../core/generate/semantic';
import { UsageError } from '../../core/util/errors';
import { outputFor } from '../output';
import { makeProgress } from '../progress';

interface GenerateOpts {
  cycle: string;
  backend?: string;
  task?: string;
  limit?: string;
  concurrency?: string;
  samples?: string;
  rationalize: boolean;
  rateLimit?: string;
  timeout?: string;
  retries?: string;
  frameSize?: string;
}

function positive(name: string, v: string | undefined, allowFloat = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0) || (!allowFloat && !Number.isInteger(n))) throw new UsageError(`${name} must be a positive ${allowFloat ? 'number' : 'whole number'} (got "${v}")`);
  return n;
}

async function loadProject(): Promise<{ file: string; config: VstarConfig; workdir: string }> {
  const file = findConfigFile();
  if (!file) throw new UsageError('no vstar.yaml here or in a parent folder; run `vstar init` first');
  const loaded = await loadConfig(file);
  if (!loaded.config) {
    const first = loaded.problems[0];
    throw new UsageError(`${file} has problems${first ? ` (line ${first.line ?? '?'}: ${first.message})` : ''}; run \`vstar config check\``);
  }
  return { file, config: loaded.config, workdir: projectWorkdir(file, loaded.config) };
}

/** vstar generate */
export function registerGenerateCommands(program: Command): void {
  program
    .command('generate')
    .description("Run a cycle's generation: answer each question, verify, and rationalize failures with the label as a hint (resumable).")
    .requiredOption('--cycle <n>', 'cycle number')
    .option('--backend <name>', 'backend under `backends` in vstar.yaml (default: cycles.backend, or the only one)')
    .option('--task <name>', 'only this task (default: every task over the cycle\'s dataset)')
    .option('--limit <n>', 'at most this many clips')
    .option('--concurrency <n>', 'requests in flight at once (default: cycles.concurrency or 4)')
    .option('--samples <k>', 'answers per question (default: cycles.samplesPerPrompt / the backend\'s sampling)')
    .option('--no-rationalize', 'do not ask again with the label as a hint')
    .option('--rate-limit <perSecond>', 'at most this many requests per second (default: the backend\'s rateLimit in vstar.yaml)')
    .option('--timeout <seconds>', 'per-request timeout (default 120)')
    .option('--retries <n>', 'retries per request on 429, 5xx, timeouts and dropped connections (default 4)')
    .option('--frame-size <px>', 'longest side of sampled frames (default 448)')
    .action(async (opts: GenerateOpts, cmd: Command) => {
      const out = outputFor(cmd);
      const json = Boolean(cmd.optsWithGlobals().json);
      const n = positive('--cycle', opts.cycle)!;
      const { file, config, workdir } = await loadProject();
      if (!(await cycleNumbers(workdir)).includes(n)) throw new UsageError(`no cycle ${n} in ${workdir} (create one with \`vstar cycle new\`)`);
      const names = Object.keys(config.backends);
      const backendName = opts.backend ?? config.cycles?.backend ?? (names.length === 1 ? names[0] : undefined);
      if (!backendName) throw new UsageError(`which backend? pass --backend <name>${names.length ? ` (one of ${names.join(', ')})` : ' (none under `backends` in vstar.yaml)'}`);
      const b = config.backends[backendName];
      if (!b) throw new UsageError(`backend "${backendName}" is not in vstar.yaml (backends: ${names.join(', ') || 'none'})`);
      const setup = backendFromConfig(backendName, b, { resolvePath: (p) => resolveProjectPath(file, p) });

      const store = await openCycle(workdir, n, { write: true });
      const ac = new AbortController();
      const onSigint = (): void => {
        out.info('cancelling… (what is done is kept; run again to resume)');
        ac.abort();
      };
      process.once('SIGINT', onSigint);
      try {
        const state = await store.readState();
        const dataset = await readDataset(join(workdir, 'datasets', state.dataset));
        if (dataset.records.length === 0) throw new UsageError(`dataset "${state.dataset}" has no records (import it with \`vstar dataset import ${state.dataset}\`)`);
        const plan = planItems({
          dataset,
          datasetName: state.dataset,
          config,
          ...(opts.task ? { task: opts.task } : {}),
          seed: n,
          ...(opts.limit !== undefined || config.cycles?.limit !== undefined ? { limit: positive('--limit', opts.limit) ?? config.cycles?.limit } : {}),
        });
        for (const p of plan.problems.slice(0, 20)) out.problem({ file: join(dataset.dir, 'records.jsonl'), field: p.recordId, message: p.message });
        const progress = makeProgress(`generate c${n}`, { json });
        const samples = positive('--samples', opts.samples) ?? (config.cycles?.samplesPerPrompt !== undefined && config.cycles.samplesPerPrompt > 1 ? config.cycles.samplesPerPrompt : setup.samplesPerPrompt);
        const timeout = positive('--timeout', opts.timeout, true);
        const retries = opts.retries === undefined ? undefined : Number(opts.retries);
        if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) throw new UsageError(`--retries must be a whole number (got "${opts.retries}")`);
        const frameSize = positive('--frame-size', opts.frameSize);
        const verify = await semanticVerifier(config, [...new Set(plan.items.map((i) => i.task))], (p) => resolveProjectPath(file, p));
        const r = await runGeneration({
          store,
          backend: setup.backend,
          items: plan.items,
          samplesPerPrompt: samples,
          rationalize: opts.rationalize && (config.cycles?.rationalize ?? true),
          concurrency: positive('--concurrency', opts.concurrency) ?? config.cycles?.concurrency ?? 4,
          sampling: setup.sampling,
          retry: { ...(timeout ? { timeoutMs: timeout * 1000 } : {}), ...(retries !== undefined ? { retries } : {}) },
          ...(opts.rateLimit ? { rateLimit: positive('--rate-limit', opts.rateLimit, true)! } : setup.rateLimit ? { rateLimit: setup.rateLimit } : {}),
          media: clipMedia({ ...(frameSize ? { maxSide: frameSize } : {}), cacheDir: join(workdir, 'cache', 'frames') }),
          signal: ac.signal,
          ...(verify ? { verify } : {}),
          onProgress: (p) => progress.update(p.done + p.errors, p.total, `pass ${(100 * p.passRate).toFixed(0)}%${p.errors ? ` errors ${p.errors}` : ''}`),
        });
        progress.done();
        const pct = (x: number): string => (r.total ? `${((100 * x) / r.total).toFixed(1)}%` : '-');
        out.info(
          `cycle ${n}: ${r.total} questions (${r.skipped} already done) — passed directly ${r.passedDirect} (${pct(r.passedDirect)}), ` +
            `after rationalization ${r.passedAfterRationalization} (${pct(r.passedAfterRationalization)}), failed ${r.failed}; ${r.requests} requests, ${r.retries} retries`,
        );
        for (const e of r.errors.slice(0, 10)) out.info(`error: ${e.sampleId}: ${e.message}`);
        if (r.errors.length > 10) out.info(`… and ${r.errors.length - 10} more errors`);
        if (r.cancelled) out.info('cancelled: run the same command again to resume');
        out.result({ cycle: n, backend: backendName, ...r, errors: r.errors.slice(0, 100), errorCount: r.errors.length });
        if (r.errors.length > 0 || r.cancelled) process.exitCode = 1;
      } finally {
        process.removeListener('SIGINT', onSigint);
        await setup.backend.close?.();
        await store.close();
      }
    });
}
