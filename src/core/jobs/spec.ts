import { z } from 'zod';
import { ENV_NAME } from './quote';

/**
 * A path inside the job's directory on the target: relative, no `..`, so inputs and
 * outputs can never escape the per-job folder whatever a spec says.
 */
const JobRelativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').some((s) => s === '..'), {
    message: 'must be a relative path inside the job directory (no leading /, no ..)',
  })
  .refine((p) => !p.includes('\0'), { message: 'contains a NUL byte' });

export const JobKind = z.enum(['generate', 'finetune', 'evaluate', 'custom']);
export type JobKind = z.infer<typeof JobKind>;

export const JobResources = z.object({
  gpus: z.number().int().min(0).optional(),
  cpus: z.number().int().min(1).optional(),
  /** Slurm memory string, e.g. `16G`. */
  mem: z.string().regex(/^\d+[KMGT]?$/, 'like 16G or 4000M').optional(),
  /** Slurm time limit, e.g. `30`, `1:00:00`, `2-00:00:00`. */
  time: z.string().regex(/^(\d+-)?\d+(:\d+){0,2}$/, 'like 30, 1:00:00 or 2-00:00:00').optional(),
  partition: z.string().min(1).optional(),
  /** Slurm account to charge (--account). */
  account: z.string().min(1).optional(),
  /** Sharded work: task i of count gets VSTAR_SHARD=i, VSTAR_NUM_SHARDS=count. */
  array: z
    .object({ count: z.number().int().min(1).max(100000), parallel: z.number().int().min(1).optional() })
    .optional(),
});
export type JobResources = z.infer<typeof JobResources>;

export const JobSpec = z.object({
  /** Human name; shown in lists and given to Slurm as --job-name. */
  name: z.string().min(1).max(200),
  kind: JobKind,
  /** argv; never a shell string. */
  command: z.array(z.string()).min(1),
  env: z
    .record(z.string(), z.string())
    .default({})
    .refine((e) => Object.keys(e).every((k) => ENV_NAME.test(k)), { message: 'environment names must match [A-Za-z_][A-Za-z0-9_]*' }),
  /**
   * Names of environment variables that hold secrets (tokens): only the names are kept;
   * the values are given at submit time and never written down (see secrets.ts).
   */
  secretEnv: z
    .array(z.string().regex(ENV_NAME, 'environment names must match [A-Za-z_][A-Za-z0-9_]*'))
    .default([])
    .refine((names) => new Set(names).size === names.length, { message: 'a secretEnv name is given twice' }),
  /** Working directory on the target: absolute, or relative to the job directory (default). */
  cwd: z.string().optional(),
  /** Files or folders copied into the job directory before the command starts. */
  inputs: z.array(z.object({ local: z.string().min(1), remote: JobRelativePath })).default([]),
  /** Paths in the job directory that fetchArtifacts brings back. */
  outputs: z.array(JobRelativePath).default([]),
  resources: JobResources.default({}),
});
export type JobSpec = z.infer<typeof JobSpec>;
/** What callers write; defaults are filled by {@link parseJobSpec}. */
export type JobSpecInput = z.input<typeof JobSpec>;

export function parseJobSpec(input: unknown): JobSpec {
  return JobSpec.parse(input);
}

export const JOB_STATES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'unknown'] as const;
export const JobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobState>;

export function isTerminal(state: JobState): boolean {
  return state === 'completed' || state === 'failed' || state === 'cancelled';
}

export const TaskStatus = z.object({ index: z.number().int(), state: JobState, exitCode: z.number().int().optional() });
export type TaskStatus = z.infer<typeof TaskStatus>;

export const JobStatus = z.object({
  id: z.string(),
  state: JobState,
  exitCode: z.number().int().optional(),
  /** Array jobs: one entry per task. */
  tasks: z.array(TaskStatus).optional(),
  /** Scheduler's own words (e.g. Slurm's TIMEOUT, or why the state is unknown). */
  detail: z.string().optional(),
  /** ms since epoch when this status was observed. */
  at: z.number(),
});
export type JobStatus = z.infer<typeof JobStatus>;

/** The state of a whole array from its tasks: any running → running, all done → worst outcome. */
export function aggregateTasks(tasks: readonly TaskStatus[]): JobState {
  if (tasks.length === 0) return 'unknown';
  const s = new Set(tasks.map((t) => t.state));
  if (s.has('running')) return 'running';
  if (s.has('pending')) return s.size === 1 ? 'pending' : 'running';
  if (s.has('unknown')) return 'unknown';
  if (s.has('failed')) return 'failed';
  if (s.has('cancelled')) return 'cancelled';
  return 'completed';
}
