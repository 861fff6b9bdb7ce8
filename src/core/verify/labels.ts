import { z } from 'zod';

/**
 * What a verifier is given for one label of one clip, as it appears in `vstar verify`
 * input lines and in cycle verdicts. Objects are strict so a typo such as `minIOU`
 * is reported instead of silently falling back to a default.
 */

/** The dataset label field the label came from (display only). */
const field = z.string().optional();
const unitInterval = z.number().min(0).max(1);

export const ClassLabel = z.strictObject({
  type: z.literal('class'),
  value: z.string().trim().min(1),
  /** Other names that count as the class, e.g. "skating" for "skateboarding". */
  synonyms: z.array(z.string().trim().min(1)).optional(),
  /**
   * The field's other classes (the label and its synonyms left out), when known: an answer
   * whose decisive statement names one of these instead of the label fails.
   */
  rivals: z.array(z.string().trim().min(1)).optional(),
  field,
});

export const NumberLabel = z.strictObject({
  type: z.literal('number'),
  value: z.number(),
  /** Allowed relative error (default 0.1); ignored when absTol is given. */
  relTol: z.number().nonnegative().optional(),
  absTol: z.number().nonnegative().optional(),
  /** Unit of the value, e.g. "points" or "px/s"; numbers attached to another unit are ignored. */
  unit: z.string().trim().min(1).optional(),
  field,
});

export const TemporalRangeLabel = z.strictObject({
  type: z.literal('temporal_range'),
  value: z
    .tuple([z.number().nonnegative(), z.number().nonnegative()])
    .refine(([s, e]) => s <= e, 'start must not be after end'),
  minIoU: unitInterval.optional(),
  /** Frame rate used to read answers that give frame numbers. */
  fps: z.number().positive().optional(),
  field,
});

export const BBoxLabel = z.strictObject({
  type: z.literal('bbox'),
  value: z
    .tuple([unitInterval, unitInterval, unitInterval, unitInterval])
    .refine(([x1, y1, x2, y2]) => x1 <= x2 && y1 <= y2, 'expected normalized [x1, y1, x2, y2] with x1 <= x2 and y1 <= y2'),
  minIoU: unitInterval.optional(),
  /** Frame size in pixels, to read answers that give pixel coordinates. */
  frameWidth: z.number().positive().optional(),
  frameHeight: z.number().positive().optional(),
  field,
});

export const SequenceLabel = z.strictObject({
  type: z.literal('sequence'),
  value: z.array(z.string().trim().min(1)).min(1),
  /** Fraction of steps that must be found in order (LCS / steps); default 1 = all. */
  minScore: unitInterval.optional(),
  field,
});

export const YesNoLabel = z.strictObject({
  type: z.literal('yes_no'),
  value: z.boolean(),
  field,
});

/** Free text no rule can judge; checked by the optional semantic matcher (sentence embeddings). */
export const TextLabel = z.strictObject({
  type: z.literal('text'),
  value: z.string().trim().min(1),
  /** Least cosine similarity between the answer's conclusion and the label (default: the matcher's, 0.8). */
  minSimilarity: z.number().min(-1).max(1).optional(),
  field,
});

export const VerifyLabel = z.discriminatedUnion('type', [
  ClassLabel,
  NumberLabel,
  TemporalRangeLabel,
  BBoxLabel,
  SequenceLabel,
  YesNoLabel,
  TextLabel,
]);
export type VerifyLabel = z.infer<typeof VerifyLabel>;
export type ClassLabel = z.infer<typeof ClassLabel>;
export type NumberLabel = z.infer<typeof NumberLabel>;
export type TemporalRangeLabel = z.infer<typeof TemporalRangeLabel>;
export type BBoxLabel = z.infer<typeof BBoxLabel>;
export type SequenceLabel = z.infer<typeof SequenceLabel>;
export type YesNoLabel = z.infer<typeof YesNoLabel>;
export type TextLabel = z.infer<typeof TextLabel>;
export type VerifyLabelType = VerifyLabel['type'];

/** Character offsets [start, end) into the answer. */
export type Span = [number, number];

/**
 * A verifier's verdict on one label, with its evidence. For every type the rule is
 * `pass === score >= threshold`: class and yes/no score 1 or 0 (class gives the matched
 * fraction of the label's words on a near-miss), number scores `1 - error / tolerance`,
 * ranges and boxes score IoU, sequences the in-order fraction of steps.
 */
export interface Check {
  type: VerifyLabelType;
  pass: boolean;
  /** The value read from the answer (class text, number, [s, e], box, step list, boolean), or null. */
  extracted: unknown;
  /** Where in the answer the deciding evidence is; a list for sequences. */
  span: Span | Span[] | null;
  score: number;
  threshold: number;
  /** Short, for people: why it passed or failed. */
  reason: string;
  /**
   * How sure the verifier is of `pass` (0.5 a coin toss, 1 certain); absent means certain.
   * Below UNSURE_BELOW the verdict is `uncertain` (see verdictOf).
   */
  confidence?: number;
}

export const DEFAULT_REL_TOL = 0.1;
export const DEFAULT_MIN_IOU = 0.5;
