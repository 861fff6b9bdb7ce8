import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runDemo, type DemoCycle, type DemoPhase } from '../../core/demo';
import { PROGRESS_MARKER } from '../../core/jobs/progress';
import { UsageError } from '../../core/util/errors';
import { outputFor } from '../output';
import { makeProgress, type Progress } from '../progress';
import { table } from '../output';

interface DemoOpts {
  out: string;
  cycles: string;
  rationalize: boolean;
  clips: string;
  seed: string;
  epochs?: string;
  python?: string;
  model?: string;
  plot: boolean;
}

/** The nearest folder up from this file holding `rel` (the repo, from dist/ or src/). */
function fromRepo(rel: string): string | undefined {
  for (let d = __dirname; ; d = dirname(d)) {
    if (existsSync(join(d, rel))) return join(d, rel);
    if (dirname(d) === d) return undefined;
  }
}

/** --python, else $VSTAR_PYTHON, else the repo's .venv (scripts/setup-python.sh), else python3. */
export function workerPython(flag?: string): string {
  return flag ?? process.env.VSTAR_PYTHON ?? fromRepo('.venv/bin/python') ?? 'python3';
}

function whole(name: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be a whole number >= ${min} (got "${raw}")`);
  return n;
}

const pct = (x: number | undefined): string => (x === undefined ? '-' : `${(100 * x).toFixed(1)}`);

/** The per-cycle table: accuracy overall, per label type and per field, and the yield. */
export function demoTable(cycles: readonly DemoCycle[]): string {
  const types = [...new Set(cycles.flatMap((c) => Object.keys(c.accuracy.byLabelType)))];
  const fields = [...new Set(cycles.flatMap((c) => Object.keys(c.accuracy.byField)))];
  const head = ['cycle', 'overall', ...types.map((t) => `type:${t}`), ...fields, 'direct', 'rationalized', 'failed'];
  const rows = cycles.map((c) => [
    String(c.cycle),
    pct(c.accuracy.overall),
    ...types.map((t) => pct(c.accuracy.byLabelType[t])),
    ...fields.map((f) => pct(c.accuracy.byField[f])),
    String(c.yield.passedDirect),
    String(c.yield.passedRationalized),
    String(c.yield.failed),
  ]);
  return table([head, ...rows]);
}

/** vstar demo */
export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description(
      'Video-STaR in miniature: make the synthetic dataset, then run self-training cycles (answer → verify → rationalize → finetune) ' +
        'with the project\'s tiny video model, measuring held-out accuracy per label type after each; writes summary.json and accuracy.png.',
    )
    .option('--out <dir>', 'folder for the demo project (empty, new, or an earlier demo\'s)', 'vstar-demo')
    .option('--cycles <n>', 'self-training cycles (finetunes); the summary has cycles 0…n', '3')
    .option('--no-rationalize', 'keep only answers that were right unaided (the comparison run)')
    .option('--clips <n>', 'clips in the synthetic dataset (about 70% train, 30% held out)', '400')
    .option('--seed <n>', 'seed of the synthetic dataset', '2024')
    .option('--epochs <n>', 'finetune epochs per cycle (default: the tiny trainer\'s)')
    .option('--python <path>', 'Python with vstar_workers (default: $VSTAR_PYTHON, else the repo\'s .venv)')
    .option('--model <dir>', 'the starting model (default: the bundled models/tiny)')
    .option('--no-plot', 'skip accuracy.png')
    .addHelpText('after', '\nWith --json, progress goes to stderr as `VSTAR_PROGRESS {"done","total","phase","cycle"}` lines and the summary to stdout.')
    .action(async (opts: DemoOpts, cmd: Command) => {
      const out = outputFor(cmd);
      const json = Boolean(cmd.optsWithGlobals().json);
      const startModel = opts.model ? resolve(opts.model) : fromRepo('models/tiny/vocab.json')?.replace(/\/vocab\.json$/, '');
      if (!startModel || !existsSync(join(startModel, 'model.onnx'))) {
        throw new UsageError(`no tiny model at ${startModel ?? 'models/tiny'} (make it with \`python -m vstar_workers.tinyvlm.train --out models/tiny\`)`);
      }
      const finetunes = whole('--cycles', opts.cycles, 1);
      const ac = new AbortController();
      const onSigint = (): void => ac.abort();
      process.once('SIGINT', onSigint);
      let bar: { phase: DemoPhase; cycle: number | undefined; p: Progress } | undefined;
      const label = (phase: DemoPhase, cycle: number | undefined): string => (cycle === undefined ? phase : `cycle ${cycle} ${phase}`);
      try {
        const summary = await runDemo({
          out: resolve(opts.out),
          startModel,
          python: workerPython(opts.python),
          finetunes,
          rationalize: opts.rationalize,
          clips: whole('--clips', opts.clips, 20),
          seed: whole('--seed', opts.seed, 0),
          ...(opts.epochs ? { epochs: whole('--epochs', opts.epochs, 1) } : {}),
          plot: opts.plot,
          signal: ac.signal,
          onEvent: (e) => {
            if (e.kind === 'note') return out.info(e.message);
            if (e.kind === 'cycle') {
              const c = e.entry;
              bar?.p.done();
              bar = undefined;
              out.info(
                `cycle ${c.cycle}: held-out accuracy ${pct(c.accuracy.overall)}% (${Object.entries(c.accuracy.byField).map(([f, v]) => `${f} ${pct(v)}`).join(', ')}); ` +
                  `kept ${c.yield.passedDirect} direct + ${c.yield.passedRationalized} rationalized of ${c.yield.attempted}${c.finetune ? `; finetuned on ${c.finetune.examples} (loss ${c.finetune.firstLoss} → ${c.finetune.lastLoss})` : ''} [${c.seconds}s]`,
              );
              return;
            }
            if (json) {
              // Machine-readable progress (the extension's Run Demo reads it), as the workers write it.
              process.stderr.write(`${PROGRESS_MARKER} ${JSON.stringify({ done: e.done, total: e.total, phase: e.phase, ...(e.cycle === undefined ? {} : { cycle: e.cycle }) })}\n`);
              return;
            }
            if (!bar || bar.phase !== e.phase || bar.cycle !== e.cycle) {
              bar?.p.done();
              bar = { phase: e.phase, cycle: e.cycle, p: makeProgress(label(e.phase, e.cycle), { json }) };
            }
            bar.p.update(e.done, e.total);
          },
        });
        bar?.p.done();
        out.info('\nheld-out accuracy (%) per cycle, and the yield on the training clips:\n' + demoTable(summary.cycles));
        const first = summary.cycles[0]!;
        const last = summary.cycles.at(-1)!;
        out.info(`\noverall ${pct(first.accuracy.overall)}% → ${pct(last.accuracy.overall)}% in ${summary.cycles.length - 1} cycles, ${summary.seconds}s`);
        out.info(`wrote ${join(resolve(opts.out), 'summary.json')}${opts.plot ? ` and ${join(resolve(opts.out), 'accuracy.png')}` : ''}`);
        out.result(summary);
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });
}
