import { setMaxListeners } from 'node:events';
import { promises as fsp } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/load';
import type { VstarConfig } from '../config/schema';
import { createCycle } from '../cycles/workdir';
import { datasetOptionsFromProject } from '../datasets/project';
import { importDataset } from '../datasets/importer';
import { readDataset, writeDataset, type StoredDataset } from '../datasets/store';
import { cycleExportDir, exportCycle } from '../export/fromCycle';
import { runGeneration } from '../generate/engine';
import { LocalOnnxBackend } from '../generate/local';
import { FramePixels } from '../generate/tinyvlm/pixels';
import { TinyVocab } from '../generate/tinyvlm/vocab';
import { clipMedia } from '../generate/media';
import { planItems, sampleInfo, type PlannedItem } from '../generate/plan';
import type { MediaPart } from '../generate/backend';
import { computeYield } from '../generate/yield';
import { makeSampleDataset } from '../sample/dataset';
import { writeFileAtomic } from '../util/atomic';
import { evaluateHeldOut, type Accuracy } from './evaluate';
import { finetuneTiny } from './finetune';
import { plotSummary } from './plot';
import { demoConfigText } from './project';
import { canHoldDemo, DEMO_MARKER } from './marker';

/**
 * `vstar demo`: Video-STaR in miniature, end to end, on the project's own tiny model.
 * Makes the synthetic dataset, then for cycle c = 0…N: evaluates model c on held-out clips
 * (val + test, never trained on), has it answer every question about the training clips
 * (answer → verify → rationalize, the real engine into the real cycle store, store cycle
 * c+1), and, before the last cycle, finetunes it on what was kept (the cycle's metadata
 * export, as a local finetune job) into model c+1. Cycle 0 is the starting model.
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

export type DemoPhase = 'dataset' | 'frames' | 'evaluate' | 'generate' | 'finetune' | 'plot';
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

export interface DemoCycle {
  cycle: number;
  /** The model folder, relative to the demo folder. */
  model: string;
  accuracy: Accuracy;
  yield: DemoYield;
  /** Where this cycle's answers are: vstar/cycles/<storeCycle>. */
  storeCycle: number;
  /** The finetune job that made the next cycle's model from this cycle's kept answers. */
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

async function importSample(out: string): Promise<StoredDataset> {
  const project = await datasetOptionsFromProject(out, DEMO_DATASET);
  if (!project.options) throw new Error(`demo vstar.yaml: ${project.problems.map((p) => p.message).join('; ')}`);
  const result = await importDataset(project.options);
  if (result.problems.length > 0) throw new Error(`demo dataset: ${result.problems.length} problems, first: ${result.problems[0]!.message}`);
  return readDataset(await writeDataset(project.datasetsDir, DEMO_DATASET, result));
}

export async function runDemo(o: DemoOptions): Promise<DemoSummary> {
  const t0 = Date.now();
  const out = resolve(o.out);
  const finetunes = o.finetunes ?? 3;
  const rationalize = o.rationalize ?? true;
  const seed = o.seed ?? 2024;
  const emit = o.onEvent ?? (() => undefined);
  const signal = o.signal;
  // Every request in flight listens to the one cancel signal.
  if (signal) setMaxListeners(0, signal);

  await prepareOut(out);
  await writeFileAtomic(join(out, DEMO_MARKER), JSON.stringify({ startedAt: new Date().toISOString(), rationalize, seed }, null, 1) + '\n');
  await makeSampleDataset({
    out: join(out, 'sample'),
    count: o.clips ?? 400,
    seed,
    onProgress: (done, total) => emit({ kind: 'progress', phase: 'dataset', done, total }),
  });
  const model0 = join(out, 'models', 'cycle-0');
  await copyModel(resolve(o.startModel), model0);
  const configFile = join(out, 'vstar.yaml');
  await writeFileAtomic(configFile, demoConfigText({ modelDir: 'models/cycle-0' }));
  const loaded = await loadConfig(configFile);
  if (!loaded.config) throw new Error(`demo vstar.yaml: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const config: VstarConfig = loaded.config;
  const workdir = join(out, 'vstar');
  const dataset = await importSample(out);

  const plan = (splits: ('train' | 'val' | 'test')[], qseed: number) =>
    planItems({ dataset, datasetName: DEMO_DATASET, config, splits, seed: qseed }).items;
  // The held-out questions are fixed (one seed) so every cycle answers the same ones.
  const heldOut = plan(['val', 'test'], 0);
  const info = sampleInfo({ dataset, datasetName: DEMO_DATASET, config });
  const media = clipMedia({ cacheDir: join(workdir, 'cache', 'frames') });
  const summary: DemoSummary = {
    rationalize,
    seed,
    clips: { train: dataset.records.filter((r) => r.split === 'train').length, heldOut: dataset.records.filter((r) => r.split !== 'train').length },
    cycles: [],
    seconds: 0,
  };

  // One decoded-frames cache for every cycle's model: the clips do not change.
  const meta = TinyVocab.load(join(model0, 'vocab.json')).meta;
  const pixels = new FramePixels(meta.frames, meta.size, undefined, dataset.records.length + 64);
  await prepareFrames([...heldOut, ...plan(['train'], 0)], media, new LocalOnnxBackend({ model: model0, pixels }), pixels, (done, total) =>
    emit({ kind: 'progress', phase: 'frames', done, total }),
  signal);
  let model = model0;
  for (let c = 0; c <= finetunes; c++) {
    const started = Date.now();
    const backend = new LocalOnnxBackend({ model, pixels });
    const storeCycle = c + 1;
    let accuracy: Accuracy;
    let y: DemoYield;
    try {
      accuracy = await evaluateHeldOut({
        backend,
        items: heldOut,
        media,
        ...(signal ? { signal } : {}),
        onProgress: (done, total) => emit({ kind: 'progress', phase: 'evaluate', cycle: c, done, total }),
      });
      const store = await createCycle(workdir, { cycle: storeCycle, model: relativeModel(out, model), dataset: DEMO_DATASET, ...(c > 0 ? { parentModel: relativeModel(out, join(out, 'models', `cycle-${c - 1}`)) } : {}) });
      try {
        const r = await runGeneration({
          store,
          backend,
          items: plan(['train'], storeCycle),
          samplesPerPrompt: 1,
          rationalize,
          concurrency: 64,
          sampling: { temperature: 1, topP: 1 },
          media,
          ...(signal ? { signal } : {}),
          onProgress: (p) => emit({ kind: 'progress', phase: 'generate', cycle: c, done: p.done + p.errors, total: p.total }),
        });
        if (r.cancelled) signal?.throwIfAborted();
        if (r.errors.length > 0) throw new Error(`cycle ${c}: ${r.errors.length} generation errors, first: ${r.errors[0]!.message}`);
        const t = computeYield(store, info).total;
        y = { attempted: t.attempted, passedDirect: t.passedDirect, passedRationalized: t.passedAfterRationalization, failed: t.failed };
      } finally {
        await store.close();
      }
    } finally {
      await backend.close();
    }

    const entry: DemoCycle = { cycle: c, model: relativeModel(out, model), accuracy, yield: y, storeCycle, seconds: 0 };
    if (c < finetunes) {
      const exported = (await exportCycle(workdir, storeCycle, 'metadata', cycleExportDir(workdir, storeCycle), { name: 'demo' })).result;
      const next = join(out, 'models', `cycle-${c + 1}`);
      const ft = await finetuneTiny({
        workdir,
        python: o.python,
        model,
        data: exported.files[0]!,
        videoRoot: join(out, 'sample'),
        modelOut: next,
        name: `demo finetune cycle ${c}`,
        ...(o.epochs === undefined ? {} : { epochs: o.epochs }),
        ...(signal ? { signal } : {}),
        onProgress: (done, total) => emit({ kind: 'progress', phase: 'finetune', cycle: c, done, total }),
      });
      const m = ft.metrics;
      entry.finetune = {
        jobId: ft.jobId,
        examples: Number(m.examples ?? 0),
        firstLoss: typeof m.firstLoss === 'number' ? m.firstLoss : null,
        lastLoss: typeof m.lastLoss === 'number' ? m.lastLoss : null,
        seconds: Number(m.seconds ?? 0),
      };
      model = next;
    }
    entry.seconds = Math.round((Date.now() - started) / 100) / 10;
    summary.cycles.push(entry);
    summary.seconds = Math.round((Date.now() - t0) / 100) / 10;
    await writeFileAtomic(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    emit({ kind: 'cycle', entry });
  }
  if (o.plot !== false) {
    emit({ kind: 'progress', phase: 'plot', done: 0, total: 1 });
    await plotSummary({ python: o.python, summary: join(out, 'summary.json'), out: join(out, 'accuracy.png'), ...(rationalize ? {} : { title: 'Video-STaR demo without rationalization: held-out accuracy' }) });
    emit({ kind: 'progress', phase: 'plot', done: 1, total: 1 });
  }
  return summary;
}

/**
 * Samples and decodes every clip's frames once, up front: two ffmpeg runs at a time (one a
 * core) instead of the engine's many requests racing for the same clips.
 */
async function prepareFrames(
  items: readonly PlannedItem[],
  media: ReturnType<typeof clipMedia>,
  backend: LocalOnnxBackend,
  pixels: FramePixels,
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const clips = [...new Map(items.map((it) => [it.recordId, it])).values()];
  const parts: MediaPart[][] = new Array(clips.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < clips.length; i = next++) {
      parts[i] = await media(clips[i]!, backend, signal);
      onProgress(++done, clips.length);
    }
  };
  await Promise.all([worker(), worker()]);
  await Promise.all(parts.map((p) => pixels.of(p)));
}

function relativeModel(out: string, model: string): string {
  return model.startsWith(out + '/') ? model.slice(out.length + 1) : model;
}
