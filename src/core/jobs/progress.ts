import { z } from 'zod';

/**
 * Worker progress lines (documented in workers/README.md):
 *   VSTAR_PROGRESS {"done": 3, "total": 10, "loss": 1.23, ...}
 * one JSON object after the marker, on one line. `done`/`total` count the worker's unit
 * (samples for generate/evaluate, optimizer steps for finetune); any other numeric or
 * string field is carried along (`loss`, `lr`, `epoch`, `shard`, `phase`, `accuracy`…).
 */
export const PROGRESS_MARKER = 'VSTAR_PROGRESS';

export const Progress = z
  .object({
    done: z.number().int().min(0),
    total: z.number().int().min(0),
    phase: z.string().optional(),
    loss: z.number().optional(),
    shard: z.number().int().optional(),
  })
  .catchall(z.union([z.number(), z.string(), z.boolean(), z.null()]));
export type Progress = z.infer<typeof Progress>;

/** The progress in a log line, or undefined when the line is not a (valid) progress line. */
export function parseProgressLine(line: string): Progress | undefined {
  // a task prefix like "[3] " (array logs) may come before the marker
  const at = line.indexOf(PROGRESS_MARKER + ' ');
  if (at < 0) return undefined;
  if (at > 0 && !/^\[\d+\] $/.test(line.slice(0, at))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line.slice(at + PROGRESS_MARKER.length + 1));
  } catch {
    return undefined;
  }
  const r = Progress.safeParse(value);
  return r.success ? r.data : undefined;
}

/** The latest progress among lines (e.g. a log tail). */
export function lastProgress(lines: Iterable<string>): Progress | undefined {
  let last: Progress | undefined;
  for (const l of lines) last = parseProgressLine(l) ?? last;
  return last;
}
