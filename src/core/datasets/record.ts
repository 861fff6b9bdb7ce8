import { z } from 'zod';
import { LabelValue } from './labels';

export const SPLITS = ['train', 'val', 'test'] as const;

/**
 * One clip of a normalized dataset. `video` is relative to the dataset root (POSIX
 * separators); `start`/`end` are seconds within that file when the clip is a segment.
 */
export const SampleRecord = z
  .object({
    id: z.string().min(1),
    video: z.string().min(1),
    start: z.number().nonnegative().optional(),
    end: z.number().nonnegative().optional(),
    split: z.enum(SPLITS),
    labels: z.record(z.string(), LabelValue),
  })
  .refine((r) => r.start === undefined || r.end === undefined || r.end > r.start, {
    message: 'end must be after start',
    path: ['end'],
  });
export type SampleRecord = z.infer<typeof SampleRecord>;
