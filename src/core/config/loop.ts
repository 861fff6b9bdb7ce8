import { z } from 'zod';
import { SPLITS } from '../datasets/record';

/**
 * The `vstar.yaml` sections that describe the self-training loop: which model is trained
 * (`model`), how answers are generated (`generate`: a server backend, or GPU jobs on a
 * target), how it is finetuned (`finetune`) and how each cycle's model is evaluated on the
 * held-out splits (`evaluate`). `src/core/loop` runs them.
 */

const Name = z.string().min(1);

/** Families the workers know how to load, generate with and finetune. */
export const MODEL_FAMILIES = ['qwen2-vl', 'qwen2.5-vl', 'tiny'] as const;

export const ModelConfig = z
  .strictObject({
    family: z
      .enum(MODEL_FAMILIES)
      .describe('The model family: `qwen2-vl`, `qwen2.5-vl`, or `tiny` (the project\'s own tiny video model, for trying the loop on a CPU).'),
    path: z
      .union([Name, z.record(z.string(), Name)])
      .optional()
      .describe(
        'Where the base model\'s folder is (Hugging Face format; workers never download): one path for every target, or a path per target name, e.g. {local: models/qwen2-vl-2b, cluster: /data/models/Qwen2-VL-2B-Instruct}. A relative path on this machine is relative to vstar.yaml.',
      ),
    name: Name.optional().describe('The model name a server backend serves (`generate.backend`), e.g. Qwen/Qwen2-VL-7B-Instruct; default: the backend\'s `model`.'),
  })
  .refine((m) => m.path !== undefined || m.name !== undefined, { message: 'give `path` (a model folder) or `name` (what a backend serves)' })
  .describe('The base vision-language model the loop self-trains.');
export type ModelConfig = z.infer<typeof ModelConfig>;

export const LoraConfig = z
  .strictObject({
    r: z.number().int().positive().default(16).describe('LoRA rank.'),
    alpha: z.number().positive().default(32).describe('LoRA alpha (scaling = alpha / r).'),
    dropout: z.number().min(0).lt(1).default(0.05).describe('LoRA dropout.'),
    targetModules: z.array(Name).min(1).default(['q_proj', 'k_proj', 'v_proj', 'o_proj']).describe('Module names LoRA adapts.'),
  })
  .describe('LoRA adapter settings (PEFT).');

export const FinetuneConfig = z
  .strictObject({
    target: Name.optional().describe('Name of the compute target under `targets` that runs the finetune job; default: `cycles.target`, else this machine.'),
    from: z
      .enum(['base', 'previous'])
      .default('base')
      .describe('`base`: each cycle trains a fresh adapter on the base model, as the paper does; `previous`: continue from the previous cycle\'s adapter.'),
    lora: LoraConfig.optional(),
    lr: z.number().positive().optional().describe('Learning rate (default 1e-4; the tiny family 2e-3).'),
    epochs: z.number().int().positive().optional().describe('Passes over the kept answers (default 1; the tiny family 8).'),
    maxSteps: z.number().int().positive().optional().describe('Stop after this many optimizer steps (instead of whole epochs).'),
    batchSize: z.number().int().positive().optional().describe('Examples per optimizer step.'),
    frames: z.number().int().min(1).max(64).optional().describe('Frames sampled per clip (default 8).'),
  })
  .describe('How each cycle\'s kept answers finetune the model: a job on a compute target.');
export type FinetuneConfig = z.infer<typeof FinetuneConfig>;

export const GenerateConfig = z
  .strictObject({
    backend: Name.optional().describe('Answer with a server: the name of a backend under `backends` (instead of `target`).'),
    target: Name.optional().describe('Answer with GPU jobs: the name of a compute target under `targets` (instead of `backend`).'),
    engine: z.enum(['transformers', 'vllm']).default('transformers').describe('With `target`: transformers (batched) or vLLM\'s offline engine (must be installed on the target).'),
    shards: z.number().int().min(1).max(1000).default(1).describe('With `target`: tasks per generation wave (a Slurm array; one after another elsewhere).'),
    batchSize: z.number().int().positive().default(8).describe('With `target`: requests per batch in the worker.'),
    frames: z.number().int().min(1).max(64).optional().describe('With `target`: frames sampled per clip (default 8).'),
    temperature: z.number().min(0).max(2).optional().describe('Sampling temperature of the answers (default: the backend\'s, or 0.7 for jobs); evaluation is always greedy.'),
    topP: z.number().gt(0).lte(1).optional().describe('Nucleus sampling of the answers (default: the backend\'s, or 0.9 for jobs).'),
    maxTokens: z.number().int().positive().optional().describe('Longest answer in tokens (default 256 for jobs).'),
  })
  .refine((g) => (g.backend === undefined) !== (g.target === undefined), { message: 'give exactly one of `backend` (a server) or `target` (GPU jobs)' })
  .describe('How the loop generates answers: a server backend, or sharded GPU jobs on a target.');
export type GenerateConfig = z.infer<typeof GenerateConfig>;

export const EvaluateConfig = z
  .strictObject({
    splits: z
      .array(z.enum(SPLITS))
      .min(1)
      .default(['val', 'test'])
      .describe('Held-out splits each cycle\'s model answers (with the answer prompt only, never a hint).'),
    limit: z.number().int().positive().optional().describe('At most this many held-out clips (for quick runs).'),
  })
  .describe('Held-out evaluation of each cycle\'s model.');
export type EvaluateConfig = z.infer<typeof EvaluateConfig>;
