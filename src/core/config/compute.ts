import { z } from 'zod';

/**
 * Where answers come from (generation backends) and where jobs run (compute targets).
 * Secrets are never in vstar.yaml: a backend names the environment variable that holds
 * its token (`tokenEnv`), and the extension can keep it in SecretStorage instead.
 */

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Prefixes of real tokens (Hugging Face, OpenAI, GitHub): a user who pastes the token
// itself into tokenEnv gets told so instead of a puzzling "variable not set" later.
const TOKEN_LIKE = /^(hf_|sk-|ghp_|github_pat_)/;

export const TokenEnv = z
  .string()
  .regex(ENV_NAME, { message: 'must be the NAME of an environment variable (letters, digits, _), not the token itself' })
  .refine((s) => !TOKEN_LIKE.test(s), {
    message: 'looks like a token itself; put it in an environment variable and write that variable\'s name here',
  })
  .describe('Name of the environment variable that holds the API token (e.g. HF_TOKEN). The token itself never goes in vstar.yaml.');

export const Sampling = z
  .strictObject({
    temperature: z.number().min(0).max(2).default(0.7).describe('Sampling temperature; 0 is greedy.'),
    topP: z.number().gt(0).lte(1).default(0.9).describe('Nucleus sampling: keep the smallest token set with this much probability.'),
    maxTokens: z.number().int().positive().default(512).describe('Longest answer (rationale + conclusion) in tokens.'),
    seed: z.number().int().nonnegative().optional().describe('Sampling seed, for reproducible answers where the backend supports it.'),
    samplesPerPrompt: z.number().int().positive().default(1).describe('Answers drawn per question; a clip passes if any answer verifies.'),
  })
  .describe('How answers are sampled.');

const sampling = Sampling.optional().describe('How answers are sampled (temperature, topP, maxTokens, seed, samplesPerPrompt).');

const rateLimit = z
  .number()
  .positive()
  .optional()
  .describe('At most this many requests per second to this backend (provider quotas); `vstar generate --rate-limit` overrides it.');

export const LocalBackend = z
  .strictObject({
    type: z.literal('local').describe('An ONNX model run in-process with onnxruntime-node.'),
    model: z.string().min(1).describe('Path of the model folder or .onnx file, relative to vstar.yaml.'),
    sampling,
  })
  .describe('A model run in-process on this machine.');

export const OpenAIBackend = z
  .strictObject({
    type: z.literal('openai').describe('Any OpenAI-compatible chat server: vLLM, TGI, SGLang, Ollama, llama.cpp.'),
    url: z.url().describe('Base URL of the server, e.g. http://localhost:8000/v1.'),
    model: z.string().min(1).describe('Model name as the server knows it.'),
    video: z
      .enum(['frames', 'video_url'])
      .default('frames')
      .describe('How the clip is sent: `frames` (N sampled frames as images, works everywhere) or `video_url` (servers that accept video).'),
    frames: z.number().int().min(1).max(64).optional().describe('Frames sampled per clip when video is `frames` (default 8).'),
    tokenEnv: TokenEnv.optional(),
    rateLimit,
    sampling,
  })
  .describe('An OpenAI-compatible server reached over HTTP.');

export const HuggingFaceBackend = z
  .strictObject({
    type: z.literal('huggingface').describe('Hugging Face Inference Providers or an Inference Endpoint.'),
    model: z.string().min(1).describe('Model id on the Hub, e.g. Qwen/Qwen2.5-VL-7B-Instruct.'),
    provider: z.string().min(1).optional().describe('Inference provider (e.g. `hf-inference`, `together`); default: chosen by Hugging Face.'),
    endpoint: z.url().optional().describe('URL of a dedicated Inference Endpoint; overrides provider.'),
    tokenEnv: TokenEnv.optional(),
    rateLimit,
    sampling,
  })
  .describe('A model served by Hugging Face.');

export const Backend = z
  .discriminatedUnion('type', [LocalBackend, OpenAIBackend, HuggingFaceBackend])
  .describe('A generation backend: `local`, `openai` or `huggingface`.');
export type Backend = z.infer<typeof Backend>;

const python = z
  .string()
  .min(1)
  .optional()
  .describe('Python on the target that has the workers installed (`pip install -e workers`); default `python3`. On this machine a relative path is relative to vstar.yaml.');

export const LocalTarget = z
  .strictObject({ type: z.literal('local').describe('Jobs run as child processes on this machine.'), python })
  .describe('This machine.');

export const SshTarget = z
  .strictObject({
    type: z.literal('ssh').describe('Jobs run on a remote host over SSH.'),
    host: z.string().min(1).describe('Host name, IP, or a Host alias from ~/.ssh/config.'),
    user: z.string().min(1).optional().describe('Login user; default from ~/.ssh/config or the local user.'),
    port: z.number().int().min(1).max(65535).optional().describe('SSH port (default 22).'),
    identityFile: z.string().min(1).optional().describe('Private key path; default: the SSH agent or ~/.ssh/config.'),
    workdir: z.string().min(1).optional().describe('Folder on the host where jobs run and data is staged.'),
    python,
  })
  .describe('A remote host reached over SSH.');

// Slurm's --time accepts minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM and D-HH:MM:SS.
const SLURM_TIME = /^(\d+|\d+:\d{2}|\d+:\d{2}:\d{2}|\d+-\d+(:\d{2}(:\d{2})?)?)$/;

export const SlurmTarget = z
  .strictObject({
    type: z.literal('slurm').describe('Jobs are submitted to a Slurm cluster with sbatch.'),
    via: z.string().min(1).optional().describe('Name of an `ssh` target whose host runs sbatch; default: run sbatch on this machine.'),
    partition: z.string().min(1).optional().describe('Slurm partition (--partition).'),
    gpus: z.number().int().nonnegative().optional().describe('GPUs per job (--gpus).'),
    time: z
      .string()
      .regex(SLURM_TIME, { message: 'expected a Slurm time limit like 90, 01:30:00 or 1-00:00:00' })
      .optional()
      .describe('Time limit per job (--time), e.g. 04:00:00.'),
    cpus: z.number().int().positive().optional().describe('CPUs per task (--cpus-per-task).'),
    mem: z
      .string()
      .regex(/^\d+[KMGT]?$/i, { message: 'expected memory like 32G or 16000M' })
      .optional()
      .describe('Memory per node (--mem), e.g. 32G.'),
    account: z.string().min(1).optional().describe('Account to charge (--account).'),
    python,
  })
  .describe('A Slurm cluster.');

export const Target = z
  .discriminatedUnion('type', [LocalTarget, SshTarget, SlurmTarget])
  .describe('A compute target: `local`, `ssh` or `slurm`.');
export type Target = z.infer<typeof Target>;
