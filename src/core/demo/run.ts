import { promises as fsp } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Evaluation } from '../cycles/records';
import { listCycles, openCycle } from '../cycles/workdir';
import { datasetOptionsFromProject } from '../datasets/project';
import { importDataset } from '../datasets/importer';
import { writeDataset } from '../datasets/store';
import { computeYield } from '../generate/yield';
import { openLoopProject, runLoop, type LoopStage } from '../loop';
import { makeSampleDataset } from '../sample/dataset';
import { writeFileAtomic } from '../util/atomic';
import { plotSummary } from './plot';
import { demoConfigText } from './project';
import { canHoldDemo, DEMO_MARKER } from './marker';

/**
 * `vstar demo`: Video-STaR in miniature, end to end, on the project's tiny model. It makes
 * the synthetic dataset, writes a project for it (tiny family, local target) and runs the
 * same loop as `vstar cycle run`: cycle N answers every question about the training clips
 * with model N-1 (answer → verify → rationalize), exports what was kept, finetunes it as a
 * local job into model N and evaluates that on held-out clips; cycle 1 first evaluates the
 * starting model (model 0). One more cycle stops after rationalization, so the last model's
 * yield is in the table too. What is demo-specific is only the dataset, the summary and the plot.
 */

export { DEMO_MARKER };
export const DEMO_DATASET = 'sample';

export interface DemoOptions {
  out: string;
  /** The model cycle 0 starts from (models/tiny). */
  startModel: string;
  /** Python with vstar_workers installed, for the finetune jobs and the plot. */
  python: string;
  /** Finetunes (default 3): the summary has cycles 0…finetunes. */
  finetunes?: number;
  rationalize?: boolean;
  /** Clips in the synthetic dataset (about 70% train, 30% held out). */
  clips?: number;
  seed?: number;
  epochs?: number;
  /** Skip the PNG (tests without matplotlib). */
  plot?: boolean;
  signal?: AbortSignal;
  onEvent?: (e: DemoEvent) => void;
}

export type DemoPhase = 'dataset' | LoopStage | 'plot';
export type DemoEvent =
  | { kind: 'progress'; phase: DemoPhase; cycle?: number; done: number; total: number }
  | { kind: 'cycle'; entry: DemoCycle }
  | { kind: 'note'; message: string };

export interface DemoYield {
  attempted: number;
  passedDirect: number;
  passedRationalized: number;
  failed: number;
}

export type Accuracy = Omit<Evaluation, 'model' | 'at'>;

export interface DemoCycle {
  cycle: number;
  /** The model folder, relative to the demo folder. */
  model: string;
  accuracy: Accuracy;
  yield: DemoYield;
  /** Where this model's answers are: vstar/cycles/<storeCycle>. */
  storeCycle: number;
  /** The finetune job that made the next model from this model's kept answers. */
  finetune?: { jobId: string; examples: number; firstLoss: number | null; lastLoss: number | null; seconds: number };
  seconds: number;
}

export interface DemoSummary {
  rationalize: boolean;
  seed: number;
  clips: { train: number; heldOut: number };
  cycles: DemoCycle[];
  seconds: number;
}

async function prepareOut(out: string): Promise<void> {
  if (!canHoldDemo(out)) {
    throw new Error(`${out} is not empty and holds no earlier demo (${DEMO_MARKER}); give an empty or new folder`);
  }
  await fsp.mkdir(out, { recursive: true });
  // An earlier demo's folder: start again from scratch (only what a demo writes).
  for (const n of ['sample', 'vstar', 'models', 'vstar.yaml', 'summary.json', 'accuracy.png', DEMO_MARKER]) {
    await fsp.rm(join(out, n), { recursive: true, force: true });
  }
}

async function copyModel(from: string, to: string): Promise<void> {
  await fsp.mkdir(to, { recursive: true });
  for (const f of ['encoder.onnx', 'model.onnx', 'vocab.json', 'weights.pt']) await fsp.copyFile(join(from, f), join(to, f));
}

async function importSample(out: string): Promise<void> {
  const project = await datasetOptionsFromProject(out, DEMO_DATASET);
  if (!project.options) throw new Error(`demo vstar.yaml: ${project.problems.map((p) => p.message).join('; ')}`);
  const result = await importDataset(project.options);
  if (result.problems.length > 0) throw new Error(`demo dataset: ${result.problems.length} problems, first: ${result.problems[0]!.message}`);
  await writeDataset(project.datasetsDir, DEMO_DATASET, result);
}

const accuracyOf = (e: Evaluation | undefined): Accuracy => ({ overall: e?.overall ?? 0, byLabelType: e?.byLabelType ?? {}, byField: e?.byField ?? {}, questions: e?.questions ?? 0 });

export async function runDemo(o: DemoOptions): Promise<DemoSummary> {
  const t0 = Date.now();
  const out = resolve(o.out);
  const finetunes = o.finetunes ?? 3;
  const rationalize = o.rationalize ?? true;
  const seed = o.seed ?? 2024;
  const emit = o.onEvent ?? (() => undefined);

  await prepareOut(out);
  await writeFileAtomic(join(out, DEMO_MARKER), JSON.stringify({ startedAt: new Date().toISOString(), rationalize, seed }, null, 1) + '\n');
  await makeSampleDataset({
    out: join(out, 'sample'),
    count: o.clips ?? 400,
    seed,
    onProgress: (done, total) => emit({ kind: 'progress', phase: 'dataset', done, total }),
  });
  await copyModel(resolve(o.startModel), join(out, 'models', 'cycle-0'));
  const configFile = join(out, 'vstar.yaml');
  await writeFileAtomic(
    configFile,
    demoConfigText({ modelDir: 'models/cycle-0', python: o.python, rationalize, count: finetunes, ...(o.epochs === undefined ? {} : { epochs: o.epochs }) }),
  );
  await importSample(out);

  // Cycles 1…finetunes in full, and one more up to its rationalization: the last model's yield.
  const started = new Map<number, number>();
  await runLoop({
    configFile,
    cycles: finetunes + 1,
    until: 'rationalize',
    pollMs: 200,
    ...(o.signal ? { signal: o.signal } : {}),
    onEvent: (e) => {
      if (e.kind === 'progress') emit({ kind: 'progress', phase: e.stage, cycle: e.cycle, done: e.done, total: e.total });
      if (e.kind === 'stage' && e.status === 'running' && !started.has(e.cycle)) started.set(e.cycle, Date.now());
    },
  });

  const summary = await summarize(configFile, rationalize, seed, finetunes, started);
  summary.seconds = Math.round((Date.now() - t0) / 100) / 10;
  for (const entry of summary.cycles) emit({ kind: 'cycle', entry });
  await writeFileAtomic(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  if (o.plot !== false) {
    emit({ kind: 'progress', phase: 'plot', done: 0, total: 1 });
    await plotSummary({ python: o.python, summary: join(out, 'summary.json'), out: join(out, 'accuracy.png'), ...(rationalize ? {} : { title: 'Video-STaR demo without rationalization: held-out accuracy' }) });
    emit({ kind: 'progress', phase: 'plot', done: 1, total: 1 });
  }
  return summary;
}

/** The per-model rows from the loop's cycles: model c's accuracy (c = 0: cycle 1's baseline), its answers in cycle c+1. */
async function summarize(configFile: string, rationalize: boolean, seed: number, finetunes: number, started: Map<number, number>): Promise<DemoSummary> {
  const p = await openLoopProject(configFile);
  const states = new Map((await listCycles(p.workdir)).flatMap((c) => (c.state ? [[c.cycle, c.state] as const] : [])));
  const cycles: DemoCycle[] = [];
  for (let c = 0; c <= finetunes; c++) {
    const mine = states.get(c + 1);
    const evaluation = c === 0 ? states.get(1)?.baseline : states.get(c)?.evaluation;
    if (!mine) throw new Error(`demo: the loop left no cycle ${c + 1}`);
    const store = await openCycle(p.workdir, c + 1);
    let y: DemoYield;
    try {
      const t = computeYield(store, p.info).total;
      y = { attempted: t.attempted, passedDirect: t.passedDirect, passedRationalized: t.passedAfterRationalization, failed: t.failed };
    } finally {
      await store.close();
    }
    const ft = mine.stages.finetune?.counts;
    const entry: DemoCycle = { cycle: c, model: mine.model, accuracy: accuracyOf(evaluation), yield: y, storeCycle: c + 1, seconds: 0 };
    if (c < finetunes && ft && mine.lineage?.output) {
      entry.finetune = { jobId: mine.lineage.output.jobId, examples: ft.examples ?? 0, firstLoss: ft.firstLoss ?? null, lastLoss: ft.lastLoss ?? null, seconds: ft.seconds ?? 0 };
    }
    const a = started.get(c + 1);
    const b = started.get(c + 2);
    if (a !== undefined) entry.seconds = Math.round(((b ?? Date.now()) - a) / 100) / 10;
    cycles.push(entry);
  }
  return {
    rationalize,
    seed,
    clips: { train: p.dataset.records.filter((r) => r.split === 'train').length, heldOut: p.dataset.records.filter((r) => r.split !== 'train').length },
    cycles,
    seconds: 0,
  };
}
