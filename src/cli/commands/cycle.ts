import type { Command } from 'commander';
import type { VstarConfig } from '../../core/config/schema';
import { createCycle, cycleNumbers, listCycles, openCycle, type CycleEntry, type CycleStatus } from '../../core/cycles';
import { UsageError } from '../../core/util/errors';
import { outputFor, table, type Output } from '../output';
import { cliProject } from '../project';
import { readDataset } from '../../core/datasets/store';
import { computeYield, type CycleYield } from '../../core/generate/yield';
import { sampleInfo } from '../../core/generate/plan';
import type { CycleStore } from '../../core/cycles';
import { join } from 'node:path';
import { evaluationRows, evaluationTable, registerCycleRunCommands } from './cycleRun';
import { stagesOf } from '../../core/loop';

/** The yield per label type and class; needs the tasks of vstar.yaml to know each sample's label. */
async function yieldOf(store: CycleStore, workdir: string, dataset: string, config: VstarConfig | undefined): Promise<CycleYield | undefined> {
  if (!config) return undefined;
  try {
    const ds = await readDataset(join(workdir, 'datasets', dataset));
    return computeYield(store, sampleInfo({ dataset: ds, datasetName: dataset, config }));
  } catch {
    return undefined; // no task over this dataset, or it is not imported: the counts above still stand
  }
}

function yieldLines(y: CycleYield): string[] {
  const rows: (string | number)[][] = [['yield', 'attempted', 'passed directly', 'after rationalization', 'failed']];
  const row = (name: string, c: CycleYield['total']) => rows.push([name, c.attempted, c.passedDirect, c.passedAfterRationalization, c.failed]);
  row('all', y.total);
  for (const [t, c] of Object.entries(y.byLabelType)) row(`type ${t}`, c);
  for (const [k, c] of Object.entries(y.byClass).sort(([a], [b]) => a.localeCompare(b))) row(`class ${k}`, c);
  return ['', table(rows)];
}

function cycleNumber(n: string | undefined): number | undefined {
  if (n === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(n)) throw new UsageError(`cycle must be a positive whole number (got "${n}")`);
  return Number(n);
}

function stagesLine(stages: CycleStatus['stages']): string {
  const names = Object.keys(stages);
  return names.length === 0 ? '-' : names.map((s) => `${s}:${stages[s]!.status}`).join(' ');
}

function pct(n: number, of: number): string {
  return of === 0 ? '' : `${((100 * n) / of).toFixed(1)}%`;
}

function statusLines(s: CycleStatus): string[] {
  const c = s.counts;
  const lineage = s.parentModel ? `${s.model} (finetuned from ${s.parentModel})` : s.model;
  const lines = [
    `cycle ${s.cycle}  model ${lineage}  dataset ${s.dataset}  created ${s.createdAt}`,
    '',
    table([
      ['attempts', c.attempts.total, `answer ${c.attempts.answer}, rationalize ${c.attempts.rationalize}`],
      ['verdicts', c.verdicts.verified, `passed ${c.verdicts.passed}, failed ${c.verdicts.failed}`],
      ['samples', c.samples.total, ''],
      ['  passed directly', c.samples.passedDirect, pct(c.samples.passedDirect, c.samples.total)],
      ['  passed after rationalization', c.samples.passedAfterRationalization, pct(c.samples.passedAfterRationalization, c.samples.total)],
      ['  failed', c.samples.failed, pct(c.samples.failed, c.samples.total)],
      ['  not verified yet', c.samples.unverified, pct(c.samples.unverified, c.samples.total)],
      ['reviews: accepted', c.reviews.accepted, ''],
      ['reviews: rejected', c.reviews.rejected, ''],
      ['reviews: passed, unreviewed', c.reviews.unreviewed, ''],
    ]),
    '',
    `stages: ${stagesLine(s.stages)}`,
  ];
  const p = c.problems;
  const skipped = p.attempts + p.verdicts + p.reviews;
  if (skipped + p.duplicates + c.verdicts.orphans > 0) {
    lines.push(
      `warning: skipped unreadable lines (attempts ${p.attempts}, verdicts ${p.verdicts}, reviews ${p.reviews}), ` +
        `duplicate attempts ${p.duplicates}, verdicts for unknown attempts ${c.verdicts.orphans}`,
    );
  }
  return lines;
}

function listRows(entries: CycleEntry[]): (string | number)[][] {
  return [
    ['cycle', 'model', 'parent', 'dataset', 'created', 'stages'],
    ...entries.map((e) =>
      e.state
        ? [e.cycle, e.state.model, e.state.parentModel ?? '-', e.state.dataset, e.state.createdAt, stagesLine(e.state.stages)]
        : [e.cycle, '?', '', '', '', `unreadable: ${e.problem ?? ''}`],
    ),
  ];
}

/** Model and dataset for a new cycle: flags, else the previous cycle's, else vstar.yaml's. */
function newCycleInputs(opts: { model?: string; dataset?: string }, prev: CycleEntry | undefined, config?: VstarConfig) {
  const prevState = prev?.state;
  const backendName = config?.cycles?.backend;
  const backendModel = backendName ? config?.backends[backendName]?.model : undefined;
  const model = opts.model ?? prevState?.model ?? backendModel;
  if (!model) throw new UsageError('which model? pass --model <name> (or set cycles.backend in vstar.yaml)');
  const datasets = Object.keys(config?.datasets ?? {});
  const dataset = opts.dataset ?? prevState?.dataset ?? (datasets.length === 1 ? datasets[0] : undefined);
  if (!dataset) {
    throw new UsageError(`which dataset? pass --dataset <name>${datasets.length ? ` (one of ${datasets.join(', ')})` : ''}`);
  }
  if (opts.dataset && config && datasets.length > 0 && !datasets.includes(opts.dataset)) {
    throw new UsageError(`--dataset ${opts.dataset} is not in vstar.yaml (datasets: ${datasets.join(', ')})`);
  }
  // A cycle after another one generates with a new (finetuned) model: record where it came from.
  const parentModel = prevState && prevState.model !== model ? prevState.model : undefined;
  return { model, dataset, parentModel };
}

/** vstar cycle new | list | status */
export function registerCycleCommands(program: Command): void {
  const cycle = program
    .command('cycle')
    .description('Self-training cycles: each one answers, verifies, rationalizes, reviews and exports with one model.');
  registerCycleRunCommands(cycle);

  cycle
    .command('new')
    .description('Create the next cycle folder (<workdir>/cycles/<N>/) with its state and empty logs.')
    .option('--model <name>', "model this cycle generates with (default: the previous cycle's, or the cycles.backend model in vstar.yaml)")
    .option('--dataset <name>', 'dataset to draw questions from (default: the previous cycle\'s, or the only one in vstar.yaml)')
    .option('--workdir <dir>', 'project workdir (default: `workdir` of the nearest vstar.yaml)')
    .action(async (opts: { model?: string; dataset?: string; workdir?: string }, cmd: Command) => {
      const out = outputFor(cmd);
      const { workdir, config } = await cliProject(opts, out);
      const prev = (await listCycles(workdir)).at(-1);
      const inputs = newCycleInputs(opts, prev, config);
      const store = await createCycle(workdir, inputs);
      const state = await store.readState();
      out.info(`created cycle ${store.cycle} in ${store.dir} (model ${state.model}, dataset ${state.dataset})`);
      out.result({ dir: store.dir, ...state });
      await store.close();
    });

  cycle
    .command('list')
    .description('List the cycles of the project with their model, dataset and stage states.')
    .option('--workdir <dir>', 'project workdir (default: `workdir` of the nearest vstar.yaml)')
    .action(async (opts: { workdir?: string }, cmd: Command) => {
      const out = outputFor(cmd);
      const { workdir } = await cliProject(opts, out);
      const entries = await listCycles(workdir);
      if (entries.length === 0) out.info(`no cycles yet in ${workdir} (create one with \`vstar cycle new\`)`);
      else out.info(table(listRows(entries)));
      out.result(entries);
      if (entries.some((e) => !e.state)) process.exitCode = 1;
    });

  cycle
    .command('status')
    .argument('[cycle]', 'cycle number (default: the latest)')
    .description('Counts for a cycle: attempts per stage, samples passed directly / after rationalization / failed, reviews.')
    .option('--workdir <dir>', 'project workdir (default: `workdir` of the nearest vstar.yaml)')
    .action(async (n: string | undefined, opts: { workdir?: string }, cmd: Command) => {
      const out = outputFor(cmd);
      const { workdir, config } = await cliProject(opts, out);
      const number = cycleNumber(n);
      if (number !== undefined && !(await cycleNumbers(workdir)).includes(number)) {
        throw new UsageError(`no cycle ${number} in ${workdir} (see \`vstar cycle list\`)`);
      }
      const store = await openCycle(workdir, number);
      try {
        const status = await store.status();
        for (const l of statusLines(status)) out.info(l);
        const cycleYield = await yieldOf(store, workdir, status.dataset, config);
        if (cycleYield) for (const l of yieldLines(cycleYield)) out.info(l);
        const state = await store.readState();
        const rows = await evaluationRows(workdir);
        if (rows.length > 0) out.info('\nheld-out accuracy (%) per cycle (0: the starting model):\n' + evaluationTable(rows));
        // Every stage of the loop is reported, those not reached yet as pending.
        const stages = { ...Object.fromEntries(stagesOf(status.cycle).map((st) => [st, { status: 'pending' }])), ...status.stages };
        out.result({
          dir: store.dir,
          ...status,
          stages,
          ...(cycleYield ? { yield: cycleYield } : {}),
          ...(state.lineage ? { lineage: state.lineage } : {}),
          ...(state.evaluation ? { evaluation: state.evaluation } : {}),
          ...(state.baseline ? { baseline: state.baseline } : {}),
        });
      } finally {
        await store.close();
      }
    });
}
