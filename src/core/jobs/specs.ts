import { basename } from 'node:path';
import type { JobResources, JobSpecInput } from './spec';

/**
 * Job specs for the Python workers (workers/README.md), shared by every front end that
 * sends work to a target (the extension's "Send Generation to…" / "Start Finetune on…").
 * Local inputs are copied into the job folder under `inputs/`; results land under `out/`,
 * the one declared output, so fetchArtifacts brings back everything a worker wrote.
 * Model folders are paths on the target (workers never download), so they pass as-is.
 */

/** The folder in the job directory that the workers write to (the declared output). */
export const WORKER_OUT = 'out';

interface WorkerCommon {
  /** Python on the target that has `vstar_workers` installed (default `python3`). */
  python?: string;
  /** A local HF model folder on the target. */
  model: string;
  /** Folder that relative clip paths resolve against, on the target. */
  videoRoot?: string;
  frames?: number;
  resources?: JobResources;
  name?: string;
}

export interface GenerationJob extends WorkerCommon {
  /** Local requests JSONL (written by the core), copied to the target. */
  requests: string;
  cycle: number;
  /** LoRA adapter folder on the target (from a finetune job). */
  adapter?: string;
  /** More than one: an array job, one shard per task, one attempts file per shard. */
  shards?: number;
  maxNewTokens?: number;
  /** `tiny`, `qwen2-vl`, `qwen2.5-vl`; default: the worker looks at the folder. */
  family?: string;
  engine?: 'transformers' | 'vllm';
  batchSize?: number;
  /** 0 (the default) is greedy. */
  temperature?: number;
  topP?: number;
  seed?: number;
  /** Lineage name the worker writes into each attempt's `model`. */
  modelName?: string;
}

export interface FinetuneJob extends WorkerCommon {
  /** Local LLaVA JSON or metadata JSONL export, copied to the target. */
  data: string;
  epochs?: number;
  maxSteps?: number;
  lr?: number;
  batchSize?: number;
  lora?: { r?: number; alpha?: number; dropout?: number; targetModules?: readonly string[] };
  /** Continue from this adapter (on the target) instead of a fresh one. */
  initAdapter?: string;
}

const opt = (flag: string, v: string | number | undefined): string[] => (v === undefined || v === '' ? [] : [flag, String(v)]);

/** `python -m vstar_workers.generate` over one cycle's requests; attempts in `out/attempts-<shard>.jsonl`. */
export function generationSpec(job: GenerationJob): JobSpecInput {
  if (!Number.isInteger(job.cycle) || job.cycle < 0) throw new Error(`cycle must be a whole number ≥ 0 (got ${job.cycle})`);
  const shards = job.shards ?? 1;
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`shards must be a whole number ≥ 1 (got ${shards})`);
  const requests = `inputs/${safeName(job.requests, 'requests.jsonl')}`;
  return {
    name: job.name ?? `generate c${job.cycle}`,
    kind: 'generate',
    command: [
      job.python ?? 'python3', '-m', 'vstar_workers.generate',
      '--model', job.model,
      ...opt('--adapter', job.adapter),
      '--requests', requests,
      '--out', `${WORKER_OUT}/attempts-{shard}.jsonl`,
      '--cycle', String(job.cycle),
      ...opt('--video-root', job.videoRoot),
      ...opt('--frames', job.frames),
      ...opt('--max-new-tokens', job.maxNewTokens),
      ...opt('--family', job.family),
      ...opt('--engine', job.engine),
      ...opt('--batch-size', job.batchSize),
      ...opt('--temperature', job.temperature),
      ...opt('--top-p', job.topP),
      ...opt('--seed', job.seed),
      ...opt('--model-name', job.modelName),
    ],
    // unbuffered, so progress lines reach the log (and the Jobs view) as they happen
    env: { PYTHONUNBUFFERED: '1' },
    inputs: [{ local: job.requests, remote: requests }],
    outputs: [WORKER_OUT],
    resources: { ...job.resources, ...(shards > 1 ? { array: { count: shards } } : {}) },
  };
}

/** `python -m vstar_workers.finetune` on an export; adapter and metrics under `out/`. */
export function finetuneSpec(job: FinetuneJob): JobSpecInput {
  const data = `inputs/${safeName(job.data, 'data.json')}`;
  return {
    name: job.name ?? `finetune ${basename(job.model) || 'model'}`,
    kind: 'finetune',
    command: [
      job.python ?? 'python3', '-m', 'vstar_workers.finetune',
      '--model', job.model,
      '--data', data,
      '--out', WORKER_OUT,
      ...opt('--video-root', job.videoRoot),
      ...opt('--epochs', job.epochs),
      ...opt('--max-steps', job.maxSteps),
      ...opt('--lr', job.lr),
      ...opt('--frames', job.frames),
      ...opt('--batch-size', job.batchSize),
      ...opt('--lora-r', job.lora?.r),
      ...opt('--lora-alpha', job.lora?.alpha),
      ...opt('--lora-dropout', job.lora?.dropout),
      ...opt('--target-modules', job.lora?.targetModules?.join(',')),
      ...opt('--init-adapter', job.initAdapter),
    ],
    env: { PYTHONUNBUFFERED: '1' },
    inputs: [{ local: job.data, remote: data }],
    outputs: [WORKER_OUT],
    resources: { ...job.resources },
  };
}

/** The file's own name when it is a plain one, else a fixed fallback (never a path). */
function safeName(local: string, fallback: string): string {
  const b = basename(local);
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(b) ? b : fallback;
}
