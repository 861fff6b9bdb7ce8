import { z } from 'zod';

/**
 * The label types Video-STaR verifies. A dataset's label schema gives each label field
 * one of these; the verifier for a field is chosen by its type.
 */
export const LABEL_TYPES = ['class', 'number', 'temporal_range', 'bbox', 'sequence', 'yes_no', 'text'] as const;
export type LabelType = (typeof LABEL_TYPES)[number];

/**
 * A label value as stored in a normalized record:
 * class/text → string; number → number; temporal_range → [start, end] in seconds;
 * bbox → [x1, y1, x2, y2] (normalized 0..1 unless the field says pixels);
 * sequence → ordered list of step strings; yes_no → boolean.
 */
export const LabelValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.array(z.number()),
]);
export type LabelValue = z.infer<typeof LabelValue>;

/** How one label field is typed, with what the verifier and templates need to know. */
export const FieldSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('class'), values: z.array(z.string()).describe('The vocabulary of classes.') }),
  z.object({
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    unit: z.string().optional().describe('Unit of the number, e.g. "px/s" or "points".'),
  }),
  z.object({ type: z.literal('temporal_range'), unit: z.literal('s').default('s') }),
  z.object({
    type: z.literal('bbox'),
    normalized: z.boolean().default(true).describe('Coordinates are fractions of the frame (true) or pixels (false).'),
    frameWidth: z.number().positive().optional(),
    frameHeight: z.number().positive().optional(),
  }),
  z.object({ type: z.literal('sequence') }),
  z.object({ type: z.literal('yes_no') }),
  z.object({ type: z.literal('text') }),
]);
export type FieldSchema = z.infer<typeof FieldSchema>;

/** A dataset's label schema: one entry per label field. */
export const LabelSchema = z.record(z.string(), FieldSchema);
export type LabelSchema = z.infer<typeof LabelSchema>;
