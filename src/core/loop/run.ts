import { setMaxListeners } from 'node:events';
import type { Evaluation, Lineage } from '../cycles/records';
import type { CycleStore } from '../cycles/store';
import { createCycle, listCycles, openCycle } from '../cycles/workdir';
import { cycleExportDir, exportCycle } from '../export/fromCycle';
import type { PlannedItem } from '../generate/plan';
import { computeYield, type YieldCounts } from '../generate/yield';
import { accuracyOf } from './accuracy';
import { failedSamples, verifyPending } from './ingest';
import { modelLabelOf, runFinetune } from './finetune';
import { baseModel, cycleModel, outputModel, type ModelRef } from './models';
import { openLoopProject, type LoopProject } from './project';
import { RunFile } from './runFile';
import { isFinished, setStage, stagesOf, type LoopStage } from './state';
import { openSubStore } from './substore';
import { runWave, SharedMedia, type WaveSampling } from './waves';

/**
 * The self-training loop: per cycle, generate → verify → rationalize → (review gate) →
 * export → finetune → evaluate, then the next cycle with the model the finetune made.
 * Every stage's status, job ids and outputs live in the cycle's state.json, so a run that
 * was cancelled, killed or rebooted continues where it stopped: finished stages are not
 * redone, running jobs are re-attached, attempts are ingested once (their ids are fixed).
 * `vstar cycle run`, the extension's Run Cycles and `vstar demo` all come here.
 */

export interface LoopOptions {
  /** The project's vstar.yaml. */
  configFile: string;
  /** Cycles to complete, counting an unfinished one this run resumes (default: up to cycles.count in all). */
  cycles?: number;
  /** Stop when this stage is done in the last cycle of the run. */
  until?: LoopStage;
  signal?: AbortSignal;
  onEvent?: (e: LoopEvent) => void;
  /** How often jobs are polled (ms). */
  pollMs?: number;
}

export type LoopEvent =
  | { kind: 'stage'; cycle: number; stage: LoopStage; status: 'running' | 'done' | 'waiting' | 'skipped' }
  | { kind: 'progress'; cycle: number; stage: LoopStage; done: number; total: number; etaSeconds?: number }
  | { kind: 'cycle'; cycle: number; evaluation?: Evaluation; baseline?: Evaluation; yield: YieldCounts };

export interface LoopResult {
  /** Cycles this run completed. */
  completed: number[];
  /** Where it stopped before completing what it was asked, and why. */
  stopped?: { cycle: number; stage: LoopStage; reason: 'until' | 'review' };
  /** Cycles the project had finished before this run, for "nothing to do". */
  finishedBefore: number;
}

export async function runLoop(o: LoopOptions): Promise<LoopResult> {
  if (o.signal) setMaxListeners(0, o.signal);
  const p = await openLoopProject(o.configFile);
  const finishedBefore = (await listCycles(p.workdir)).filter((c) => c.state && isFinished(c.state)).length;
  const want = o.cycles ?? Math.max(0, (p.config.cycles?.count ?? 3) - finishedBefore);
  const result: LoopResult = { completed: [], finishedBefore };
  if (want === 0) return result;
  const run = await RunFile.claim(p.workdir, want);
  const shared = new SharedMedia(p);
  try {
    while (result.completed.length < want) {
      const store = await currentCycle(p);
      try {
        const last = result.completed.length === want - 1;
        const { until, ...rest } = o;
        const stop = await runCycle(p, store, { ...rest, run, shared, ...(last && until ? { until } : {}) });
        if (stop) {
          result.stopped = { cycle: store.cycle, ...stop };
          await run.finish(stop.reason === 'review' ? 'waiting' : 'done', stop.reason === 'review' ? `cycle ${store.cycle} waits for review` : undefined);
          return result;
        }
        result.completed.push(store.cycle);
      } finally {
        await store.close();
      }
    }
    await run.finish('done');
    return result;
  } catch (err) {
    await run.finish(o.signal?.aborted ? 'cancelled' : 'failed', err instanceof Error ? err.message : String(err));
    throw err;
  }
}

/** The cycle to work on: the latest unfinished one, else a new one after the latest (its model the previous finetune's output). */
async function currentCycle(p: LoopProject): Promise<CycleStore> {
  const cycles = await listCycles(p.workdir);
  const latest = cycles.at(-1);
  if (latest?.state && !isFinished(latest.state)) {
    const store = await openCycle(p.workdir, latest.cycle, { write: true });
    if (!latest.state.lineage) {
      // A cycle made by hand (`vstar cycle new`): the loop adopts it with the base model.
      await store.updateState((s) => void (s.lineage = { family: p.family, base: p.modelLabel }));
    }
    return store;
  }
  if (latest && !latest.state) throw new Error(`cycle ${latest.cycle} is unreadable (${latest.problem}); fix or move ${latest.dir}`);
  const prev = latest?.state;
  const lineage: Lineage = { family: p.family, base: p.modelLabel };
  let model = p.modelLabel;
  if (prev) {
    const out = outputModel(prev.lineage, prev.model);
    model = out.adapterLocal ? modelLabelOf(p, out.adapterLocal) : `${p.modelLabel}+c${prev.cycle}`;
    Object.assign(lineage, { adapter: out.adapter, adapterTarget: out.adapterTarget, ...(out.adapterLocal ? { adapterLocal: out.adapterLocal } : {}), parentCycle: prev.cycle });
  }
  const store = await createCycle(p.workdir, { model, ...(prev ? { parentModel: prev.model } : {}), dataset: p.datasetName });
  await store.updateState((s) => void (s.lineage = lineage));
  return store;
}

interface CycleRun extends LoopOptions {
  run: RunFile;
  shared: SharedMedia;
}

async function runCycle(p: LoopProject, store: CycleStore, o: CycleRun): Promise<{ stage: LoopStage; reason: 'until' | 'review' } | undefined> {
  const cycle = store.cycle;
  const emit = o.onEvent ?? (() => undefined);
  const items = p.trainItems(cycle);
  const labels = new Map(items.map((it) => [it.sampleId, it.labels]));
  const K = p.config.cycles?.samplesPerPrompt ?? 1;
  const g = p.config.generate!;
  const answerSampling: WaveSampling = {
    temperature: g.temperature ?? (g.target !== undefined ? 0.7 : (p.config.backends[g.backend!]?.sampling?.temperature ?? 0.7)),
    ...(g.topP !== undefined ? { topP: g.topP } : g.target !== undefined ? { topP: 0.9 } : {}),
    ...(g.maxTokens !== undefined ? { maxTokens: g.maxTokens } : {}),
  };
  const greedy: WaveSampling = { temperature: 0, ...(g.maxTokens !== undefined ? { maxTokens: g.maxTokens } : {}) };
  const common = { p, owner: store, signal: o.signal, pollMs: o.pollMs, shared: o.shared } as const;

  for (const stage of stagesOf(cycle)) {
    const state = await store.readState();
    const st = state.stages[stage];
    if (st?.status === 'done') continue;
    if (stage === 'review') {
      if (p.config.cycles?.review !== 'before-export') {
        await setStage(store, 'review', { status: 'done', note: 'no review gate (cycles.review: none)' });
        emit({ kind: 'stage', cycle, stage, status: 'skipped' });
        continue;
      }
      await setStage(store, 'review', { status: 'waiting', note: 'waiting for review: continue in the Cycles view or with `vstar cycle continue`' });
      await o.run.stage(cycle, 'review');
      emit({ kind: 'stage', cycle, stage, status: 'waiting' });
      return { stage, reason: 'review' };
    }
    await setStage(store, stage, { status: 'running' });
    await o.run.stage(cycle, stage);
    emit({ kind: 'stage', cycle, stage, status: 'running' });
    const onProgress = (done: number, total: number): void => {
      const r = o.run.progress(done, total);
      emit({ kind: 'progress', cycle, stage, done, total, ...(r.etaSeconds === undefined ? {} : { etaSeconds: r.etaSeconds }) });
    };
    let counts: Record<string, number> | undefined;
    let note: string | undefined;
    try {
      switch (stage) {
        case 'baseline': {
          const e = await evaluateModel(p, store, 'baseline', baseModel(p), greedy, { ...common, onProgress });
          await store.updateState((s) => void (s.baseline = e));
          counts = { questions: e.questions, passed: Math.round(e.overall * e.questions) };
          break;
        }
        case 'generate':
          await runWave({ ...common, stage, key: 'answer', into: store, items, waveStage: 'answer', tries: K, model: cycleModel(p, state.lineage, state.model), sampling: answerSampling, onProgress });
          counts = { attempts: store.index().size };
          break;
        case 'verify': {
          const v = await verifyPending(store, (id) => labels.get(id));
          counts = { verified: v.verified, passed: v.passed };
          if (v.unknown) note = `${v.unknown} attempts of samples not in this cycle's plan were left unverified`;
          break;
        }
        case 'rationalize': {
          if (p.config.cycles?.rationalize === false) {
            note = 'off (cycles.rationalize: false)';
            break;
          }
          const failed = failedSamples(store, items.map((it) => it.sampleId));
          const todo = items.filter((it) => failed.has(it.sampleId));
          await runWave({ ...common, stage, key: 'rationalize', into: store, items: todo, waveStage: 'rationalize', tries: K, model: cycleModel(p, state.lineage, state.model), sampling: answerSampling, rationalize: true, onProgress });
          await verifyPending(store, (id) => labels.get(id));
          counts = { samples: todo.length };
          break;
        }
        case 'export': {
          const e = await exportCycle(p.workdir, cycle, 'metadata', cycleExportDir(p.workdir, cycle), { name: `cycle-${cycle}`, onProgress });
          const file = e.result.files[0];
          if (!file || e.result.counts.exported === 0) throw new Error(`cycle ${cycle}: nothing was kept to finetune on (every answer failed or was rejected)`);
          counts = { exported: e.result.counts.exported, rationalized: e.result.counts.rationalized };
          await setStage(store, 'export', { status: 'running', output: { file } });
          break;
        }
        case 'finetune':
          counts = (await runFinetune(p, store, { ...(o.signal ? { signal: o.signal } : {}), ...(o.pollMs ? { pollMs: o.pollMs } : {}), onProgress })).counts;
          break;
        case 'evaluate': {
          const cur = store.currentState();
          const m = outputModel(cur.lineage, cur.model);
          const label = m.adapterLocal ? modelLabelOf(p, m.adapterLocal) : `${p.modelLabel}+c${cycle}`;
          const e = await evaluateModel(p, store, 'evaluate', { ...m, label }, greedy, { ...common, onProgress });
          await store.updateState((s) => void (s.evaluation = e));
          counts = { questions: e.questions, passed: Math.round(e.overall * e.questions) };
          break;
        }
      }
    } catch (err) {
      const cancelled = o.signal?.aborted;
      await setStage(store, stage, { status: cancelled ? 'pending' : 'failed', note: cancelled ? 'cancelled; run again to continue (its jobs keep running and are re-attached)' : err instanceof Error ? err.message.split('\n')[0]! : String(err) });
      throw err;
    }
    await setStage(store, stage, { status: 'done', ...(counts ? { counts } : {}), ...(note ? { note } : {}) });
    emit({ kind: 'stage', cycle, stage, status: 'done' });
    if (o.until === stage) return { stage, reason: 'until' };
  }
  const final = await store.readState();
  emit({ kind: 'cycle', cycle, ...(final.evaluation ? { evaluation: final.evaluation } : {}), ...(final.baseline ? { baseline: final.baseline } : {}), yield: computeYield(store, p.info).total });
  return undefined;
}

async function evaluateModel(
  p: LoopProject,
  owner: CycleStore,
  name: 'evaluate' | 'baseline',
  model: ModelRef,
  sampling: WaveSampling,
  o: { signal?: AbortSignal | undefined; pollMs?: number | undefined; shared: SharedMedia; onProgress: (d: number, t: number) => void },
): Promise<Evaluation> {
  const into = await openSubStore(owner, name, model.label, p.datasetName);
  try {
    const items: PlannedItem[] = p.heldOut;
    if (items.length === 0) throw new Error(`no held-out questions: no record of dataset "${p.datasetName}" is in the splits ${(p.config.evaluate?.splits ?? ['val', 'test']).join(', ')}`);
    await runWave({ p, owner, stage: name, key: name, into, items, waveStage: 'answer', tries: 1, model, sampling, shared: o.shared, onProgress: o.onProgress, ...(o.signal ? { signal: o.signal } : {}), ...(o.pollMs ? { pollMs: o.pollMs } : {}) });
    const labels = new Map(items.map((it) => [it.sampleId, it.labels]));
    await verifyPending(into, (id) => labels.get(id));
    return accuracyOf(into, items, model.label);
  } finally {
    await into.close();
  }
}

/** Passes the review gate of a cycle: `vstar cycle continue` and the Cycles view's Continue. */
export async function continueAfterReview(workdir: string, cycle?: number): Promise<number> {
  const store = await openCycle(workdir, cycle);
  try {
    const s = await store.readState();
    if (s.stages.review?.status !== 'waiting') {
      throw new Error(`cycle ${store.cycle} is not waiting for review (review: ${s.stages.review?.status ?? 'not reached'})`);
    }
    await setStage(store, 'review', { status: 'done', note: 'continued after review' });
    return store.cycle;
  } finally {
    await store.close();
  }
}
