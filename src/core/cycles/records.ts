import { z } from 'zod';

/**
 * The records of a cycle's append-only logs. Every record carries its cycle (and the
 * attempt its model) so a line copied out of its folder still says where it came from.
 *
 * Serialization puts the key fields first, in a fixed order (`{"id":…,"sampleId":…,
 * "stage":…,"try":…,"cycle":…`), so the index reads keys from a line's prefix without
 * parsing the ~1 KB of prompt and output behind them.
 */

export const STAGES = ['answer', 'rationalize'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

export const AttemptRecord = z.object({
  /** Unique within the cycle; by default `attemptId(cycle, sampleId, stage, try)`. */
  id: z.string().min(1),
  sampleId: z.string().min(1),
  stage: Stage,
  /** 0-based try number for this (sample, stage). */
  try: z.number().int().nonnegative(),
  cycle: z.number().int().positive(),
  /** The model that produced the output (lineage). */
  model: z.string().min(1),
  /** Generation backend name, e.g. `openai-compatible`, `hf-inference`, `onnx`. */
  backend: z.string(),
  /** The full prompt sent (for `rationalize` it holds the label hint). */
  prompt: z.string(),
  /** The bare question; the only text a training record may hold. */
  question: z.string(),
  output: z.string(),
  timing: z.object({ startedAt: z.string(), ms: z.number().nonnegative() }),
});
export type AttemptRecord = z.infer<typeof AttemptRecord>;

/** One piece of verifier evidence: what was checked, what was found, and where. */
export const VerdictCheck = z
  .object({
    field: z.string(),
    pass: z.boolean(),
    /** e.g. `class-named`, `number-within-tolerance`, `iou`. */
    kind: z.string().optional(),
    expected: z.unknown().optional(),
    extracted: z.unknown().optional(),
    /** [start, end) character offsets of the matched span in the output. */
    span: z.tuple([z.number().int(), z.number().int()]).optional(),
    score: z.number().optional(),
    note: z.string().optional(),
  })
  .loose();
export type VerdictCheck = z.infer<typeof VerdictCheck>;

export const VerdictRecord = z.object({
  attemptId: z.string().min(1),
  pass: z.boolean(),
  cycle: z.number().int().positive(),
  /** Verifier name and version, e.g. `label-match@1`. */
  verifier: z.string(),
  checks: z.array(VerdictCheck),
  /**
   * The verifier was unsure of `pass` (a paraphrase it matched loosely, a reworded number):
   * such attempts are exported only once a person accepts them. Absent in older lines: sure.
   */
  uncertain: z.boolean().optional(),
  /** How sure the verifier was of `pass`, 0.5–1; absent means 1. */
  confidence: z.number().min(0).max(1).optional(),
});
export type VerdictRecord = z.infer<typeof VerdictRecord>;

export const REVIEW_DECISIONS = ['accept', 'reject', 'clear'] as const;
export const ReviewDecision = z.enum(REVIEW_DECISIONS);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

export const ReviewRecord = z.object({
  attemptId: z.string().min(1),
  decision: ReviewDecision,
  cycle: z.number().int().positive(),
  /** ISO time of the decision; the last line in the log wins, not the latest `at`. */
  at: z.string(),
  by: z.string().optional(),
});
export type ReviewRecord = z.infer<typeof ReviewRecord>;

/** `waiting`: stopped at the review gate until a person continues. */
export const STAGE_STATUSES = ['pending', 'running', 'waiting', 'done', 'failed'] as const;

/** A job a stage submitted: enough to re-attach to it after a crash instead of submitting again. */
export const StageJob = z.object({
  /** What the job does within the stage, e.g. `answer`, `rationalize`, `finetune`. */
  key: z.string(),
  /** Written before submitting and put in the job's name, so a crash between submit and record still finds it. */
  token: z.string(),
  /** The job id once submitted. */
  id: z.string().optional(),
  /** The target's name in vstar.yaml. */
  target: z.string(),
  shards: z.number().int().positive().optional(),
  /** Shards whose attempts were ingested. */
  ingested: z.array(z.number().int().nonnegative()).optional(),
  /** Set when the job ended other than completed (a later run submits a new one for what is missing). */
  outcome: z.string().optional(),
});
export type StageJob = z.infer<typeof StageJob>;

export const StageState = z.object({
  status: z.enum(STAGE_STATUSES),
  counts: z.record(z.string(), z.number()).optional(),
  updatedAt: z.string().optional(),
  note: z.string().optional(),
  jobs: z.array(StageJob).optional(),
  /** Paths the stage produced (e.g. the export file). */
  output: z.record(z.string(), z.string()).optional(),
});
export type StageState = z.infer<typeof StageState>;

/** Held-out accuracy (fractions 0..1) of one model, judged by the verifiers. */
export const Evaluation = z.object({
  overall: z.number(),
  byLabelType: z.record(z.string(), z.number()),
  byField: z.record(z.string(), z.number()),
  questions: z.number().int().nonnegative(),
  /** The model evaluated (as in the lineage). */
  model: z.string(),
  at: z.string().optional(),
});
export type Evaluation = z.infer<typeof Evaluation>;

/** Where a cycle's model came from and where its finetune put the next one. */
export const Lineage = z.object({
  family: z.string(),
  /** The base model (its folder or served name). */
  base: z.string(),
  /** The adapter (or, for the tiny family, the model folder) this cycle generates with; none for cycle 1. */
  adapter: z.string().optional(),
  /** The target `adapter` lives on (`local`: this machine). */
  adapterTarget: z.string().optional(),
  /** A copy of the adapter on this machine (fetched from the finetune job), if any. */
  adapterLocal: z.string().optional(),
  parentCycle: z.number().int().positive().optional(),
  /** What this cycle's finetune produced. */
  output: z
    .object({
      adapter: z.string(),
      /** The target it lives on. */
      target: z.string(),
      jobId: z.string(),
      /** On this machine (fetched), when the target is not local. */
      local: z.string().optional(),
    })
    .optional(),
});
export type Lineage = z.infer<typeof Lineage>;

export const CycleState = z.object({
  cycle: z.number().int().positive(),
  /** The model this cycle generates with. */
  model: z.string().min(1),
  /** The model `model` was finetuned from (the previous cycle's), if any. */
  parentModel: z.string().optional(),
  dataset: z.string().min(1),
  createdAt: z.string(),
  /** Per stage (`generate`, `verify`, `rationalize`, `review`, `export`, `finetune`, `evaluate`…). */
  stages: z.record(z.string(), StageState),
  /** Set by the loop (`vstar cycle run`). */
  lineage: Lineage.optional(),
  /** Held-out accuracy of the model this cycle's finetune produced. */
  evaluation: Evaluation.optional(),
  /** Cycle 1 only: held-out accuracy of the starting model ("cycle 0"). */
  baseline: Evaluation.optional(),
});
export type CycleState = z.infer<typeof CycleState>;

/** The default attempt id: stable, so a retried write of the same attempt keeps its id. */
export function attemptId(cycle: number, sampleId: string, stage: Stage, tryNo: number): string {
  return `c${cycle}/${stage}/${tryNo}/${sampleId}`;
}

const q = JSON.stringify;

/** One JSONL line (with its newline), key fields first. */
export function serializeAttempt(r: AttemptRecord): string {
  return (
    `{"id":${q(r.id)},"sampleId":${q(r.sampleId)},"stage":${q(r.stage)},"try":${q(r.try)},"cycle":${q(r.cycle)},` +
    `"model":${q(r.model)},"backend":${q(r.backend)},"prompt":${q(r.prompt)},"question":${q(r.question)},` +
    `"output":${q(r.output)},"timing":${q({ startedAt: r.timing.startedAt, ms: r.timing.ms })}}\n`
  );
}

export function serializeVerdict(r: VerdictRecord): string {
  return (
    `{"attemptId":${q(r.attemptId)},"pass":${q(r.pass)},"cycle":${q(r.cycle)},` +
    `"verifier":${q(r.verifier)},"checks":${q(r.checks)}` +
    (r.uncertain === undefined ? '' : `,"uncertain":${q(r.uncertain)}`) +
    (r.confidence === undefined ? '' : `,"confidence":${q(r.confidence)}`) +
    '}\n'
  );
}

export function serializeReview(r: ReviewRecord): string {
  const by = r.by === undefined ? '' : `,"by":${q(r.by)}`;
  return `{"attemptId":${q(r.attemptId)},"decision":${q(r.decision)},"cycle":${q(r.cycle)},"at":${q(r.at)}${by}}\n`;
}

export function serializeState(s: CycleState): string {
  return JSON.stringify(s, null, 2) + '\n';
}
