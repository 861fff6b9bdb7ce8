import { existsSync, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { Stage } from '../cycles/records';
import type { CycleStore } from '../cycles/store';
import { runGeneration } from '../generate/engine';
import type { GenerationBackend, MediaPart } from '../generate/backend';
import { clipMedia } from '../generate/media';
import type { PlannedItem } from '../generate/plan';
import { FramePixels } from '../generate/tinyvlm/pixels';
import { TinyVocab } from '../generate/tinyvlm/vocab';
import { LocalOnnxBackend } from '../generate/local';
import { generationSpec, WORKER_OUT } from '../jobs/specs';
import { answerPrompt, rationalizationPrompt } from '../prompts/prompts';
import { writeFileAtomic } from '../util/atomic';
import { ingestAttempts } from './ingest';
import { currentJob, fetchInto, jobFailure, submitOrAttach, waitForJob } from './jobs';
import { adapterOn, backendWith, type ModelRef } from './models';
import type { LoopProject } from './project';
import { putStageJob, type LoopStage } from './state';

/**
 * One generation wave: the answers (or the hinted answers) a stage needs, from a server
 * backend through the engine, or from the generate worker as a sharded job on a target.
 * Either way every attempt lands once in `into` and is verified by the core.
 */

export interface WaveSampling {
  temperature: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
}

export interface WaveOptions {
  p: LoopProject;
  /** The cycle whose state records the stage and its jobs. */
  owner: CycleStore;
  stage: LoopStage;
  /** Names the job within the stage. */
  key: string;
  /** Where the attempts go (the cycle, or its evaluation store). */
  into: CycleStore;
  items: readonly PlannedItem[];
  waveStage: Stage;
  tries: number;
  model: ModelRef;
  sampling: WaveSampling;
  /** Backend mode: also ask the hinted question for failed samples (the engine does both in one pass). */
  rationalize?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  pollMs?: number;
  shared: SharedMedia;
}

/** Frames sampled once per run and shared by every wave (and every model) of it. */
export class SharedMedia {
  readonly media: ReturnType<typeof clipMedia>;
  private px: FramePixels | undefined;
  private warmed = new Set<string>();

  constructor(private readonly p: LoopProject) {
    this.media = clipMedia({ cacheDir: join(p.workdir, 'cache', 'frames') });
  }

  /** The tiny model's decoded-pixel cache (in-process local backend only). */
  pixels(): FramePixels | undefined {
    if (this.px) return this.px;
    if (this.p.family !== 'tiny') return undefined;
    const folder = this.p.config.model?.path !== undefined ? this.p.modelPathOn('local') : undefined;
    if (!folder || !existsSync(join(folder, 'vocab.json'))) return undefined;
    const meta = TinyVocab.load(join(folder, 'vocab.json')).meta;
    this.px = new FramePixels(meta.frames, meta.size, undefined, this.p.dataset.records.length + 64);
    return this.px;
  }

  /** Samples (and for the tiny model decodes) every clip once, two at a time, before a wave asks for them all at once. */
  async warm(items: readonly PlannedItem[], backend: GenerationBackend, signal?: AbortSignal): Promise<void> {
    const clips = [...new Map(items.filter((it) => !this.warmed.has(it.recordId)).map((it) => [it.recordId, it])).values()];
    const parts: MediaPart[][] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < clips.length; i = next++) parts[i] = await this.media(clips[i]!, backend, signal);
    };
    await Promise.all([worker(), worker()]);
    if (backend instanceof LocalOnnxBackend && this.px) await Promise.all(parts.map((p) => this.px!.of(p)));
    for (const c of clips) this.warmed.add(c.recordId);
  }
}

export async function runWave(o: WaveOptions): Promise<void> {
  if (o.p.config.generate!.target !== undefined) await jobWave(o);
  else await backendWave(o);
}

async function backendWave(o: WaveOptions): Promise<void> {
  const setup = await backendWith(o.p, o.model, () => o.shared.pixels());
  const backend = setup.backend;
  try {
    await o.shared.warm(o.items, backend, o.signal);
    // The engine marks `generate` in the state it writes to; keep the loop's own record of it.
    const before = o.into === o.owner ? o.owner.currentState().stages.generate : undefined;
    const r = await runGeneration({
      store: o.into,
      backend,
      items: o.items,
      samplesPerPrompt: o.tries,
      rationalize: o.rationalize ?? false,
      concurrency: o.p.config.cycles?.concurrency ?? 4,
      sampling: { ...setup.sampling, temperature: o.sampling.temperature, ...(o.sampling.topP !== undefined ? { topP: o.sampling.topP } : {}), ...(o.sampling.maxTokens ? { maxTokens: o.sampling.maxTokens } : {}) },
      ...(setup.rateLimit ? { rateLimit: setup.rateLimit } : {}),
      media: o.shared.media,
      ...(o.signal ? { signal: o.signal } : {}),
      onProgress: (pr) => o.onProgress?.(pr.done + pr.errors, pr.total),
    });
    if (o.stage !== 'generate' && before) await o.owner.updateState((s) => void (s.stages.generate = before));
    if (r.cancelled) o.signal?.throwIfAborted();
    if (r.errors.length > 0) throw new Error(`${r.errors.length} of ${r.total} samples hit errors, first: ${r.errors[0]!.sampleId}: ${r.errors[0]!.message}; run again to retry them`);
  } finally {
    await backend.close?.();
  }
}

interface Request {
  sampleId: string;
  stage: Stage;
  try: number;
  prompt: string;
  question: string;
  hint: string;
  video?: string;
  start?: number;
  end?: number;
}

function requestsOf(o: WaveOptions): Request[] {
  const out: Request[] = [];
  for (const it of o.items) {
    const prompt = o.waveStage === 'answer' ? answerPrompt(it.question) : rationalizationPrompt(it.question, it.hint);
    for (let t = 0; t < o.tries; t++) {
      if (o.into.has(it.sampleId, o.waveStage, t)) continue;
      out.push({
        sampleId: it.sampleId,
        stage: o.waveStage,
        try: t,
        prompt,
        question: it.question,
        hint: o.waveStage === 'rationalize' ? it.hint : '',
        ...(it.video ? { video: it.video.path, ...(it.video.start === undefined ? {} : { start: it.video.start }), ...(it.video.end === undefined ? {} : { end: it.video.end }) } : {}),
      });
    }
  }
  return out;
}

async function jobWave(o: WaveOptions): Promise<void> {
  const { p, owner, stage, key } = o;
  const g = p.config.generate!;
  const targetName = g.target!;
  const todo = requestsOf(o);
  if (todo.length === 0) {
    const stale = currentJob(owner, stage, key);
    if (stale) await putStageJob(owner, stage, { ...stale, outcome: 'done' });
    return;
  }
  const shards = Math.max(1, Math.min(g.shards, todo.length));
  const h = await submitOrAttach(
    p,
    owner,
    stage,
    key,
    targetName,
    async (token) => {
      const file = join(owner.dir, 'requests', `${key}-${token}.jsonl`);
      await fsp.mkdir(join(owner.dir, 'requests'), { recursive: true });
      await writeFileAtomic(file, todo.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const tiny = p.family === 'tiny';
      const on = adapterOn(p, o.model, targetName);
      const base = p.modelPathOn(targetName);
      const spec = generationSpec({
        python: p.pythonOn(targetName),
        // The tiny family has no adapters: a finetune makes a whole model folder.
        model: tiny && on.adapter ? on.adapter : base,
        ...(!tiny && on.adapter ? { adapter: on.adapter } : {}),
        requests: file,
        cycle: o.into.cycle,
        shards,
        family: p.family,
        engine: g.engine,
        batchSize: g.batchSize,
        ...(g.frames ? { frames: g.frames } : {}),
        temperature: o.sampling.temperature,
        ...(o.sampling.topP !== undefined ? { topP: o.sampling.topP } : {}),
        ...(o.sampling.seed !== undefined ? { seed: o.sampling.seed } : {}),
        ...(o.sampling.maxTokens ? { maxNewTokens: o.sampling.maxTokens } : {}),
        modelName: o.model.label,
        name: `vstar c${owner.cycle} ${key} [${token}]`,
      });
      return { ...spec, inputs: [...(spec.inputs ?? []), ...on.inputs] };
    },
    shards,
  );
  try {
    const nShards = h.job.shards ?? 1;
    const staging = join(owner.dir, 'fetch', h.job.token);
    const ingested = new Set(h.job.ingested ?? []);
    const progress = new Map<number, number>();
    const labels = new Map(o.items.map((it) => [it.sampleId, it.labels]));
    const ingest = async (shards: number[], mark: boolean): Promise<void> => {
      await fetchInto(h, staging);
      for (const s of shards) {
        const file = join(staging, WORKER_OUT, `attempts-${s}.jsonl`);
        if (existsSync(file)) {
          const r = await ingestAttempts(o.into, file, (id) => labels.get(id));
          if (r.problems > 0) throw new Error(`${r.problems} unreadable lines in shard ${s} of job ${h.job.id}, first: ${r.firstProblem}`);
        }
        if (mark) ingested.add(s);
      }
      // Each new attempt was verified as it was ingested; a crash between the two appends
      // leaves attempts without verdicts, which the stage's verifyPending finds.
      h.job = { ...h.job, ingested: [...ingested].sort((a, b) => a - b) };
      await putStageJob(owner, stage, h.job);
      await fsp.rm(staging, { recursive: true, force: true });
    };
    const { status, tail } = await waitForJob(h, {
      ...(o.signal ? { signal: o.signal } : {}),
      pollMs: o.pollMs ?? 500,
      onLogProgress: (pr) => {
        progress.set(pr.shard ?? 0, pr.done);
        o.onProgress?.([...progress.values()].reduce((a, b) => a + b, 0), todo.length);
      },
      onTasksCompleted: (tasks) => ingest(tasks.filter((t) => !ingested.has(t)), true),
    });
    // Whatever the job wrote, even a failed shard's part, is kept: the next run asks only for the rest.
    await ingest([...Array(nShards).keys()].filter((s) => !ingested.has(s)), status.state === 'completed');
    if (status.state !== 'completed') {
      await putStageJob(owner, stage, { ...h.job, outcome: status.state });
      throw jobFailure(`${key} generation`, h, status, tail);
    }
    const missing = requestsOf(o).length;
    await putStageJob(owner, stage, { ...h.job, outcome: missing > 0 ? 'incomplete' : 'done' });
    if (missing > 0) {
      throw new Error(`${missing} of ${todo.length} requests got no answer from job ${h.job.id} (see \`vstar job logs ${h.job.id}\`); run again to ask for them\n${tail.slice(-5).join('\n')}`);
    }
    o.onProgress?.(todo.length, todo.length);
  } finally {
    await h.runner.close();
  }
}
