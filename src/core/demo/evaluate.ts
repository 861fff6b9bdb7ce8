import type { GenerationBackend, MediaPart } from '../generate/backend';
import type { PlannedItem } from '../generate/plan';
import { answerPrompt } from '../prompts/prompts';
import { verifyAll } from '../verify/verify';

/**
 * Held-out accuracy: each question about each held-out clip asked once, greedily
 * (temperature 0) and without a hint, and the answer judged by the same verifiers that
 * filter the training data. The share that pass, overall (every question counts once),
 * per label type and per field.
 */

export interface Accuracy {
  overall: number;
  byLabelType: Record<string, number>;
  byField: Record<string, number>;
  /** Questions asked. */
  questions: number;
}

export interface EvaluateOptions {
  backend: GenerationBackend;
  items: readonly PlannedItem[];
  media: (item: PlannedItem, backend: GenerationBackend, signal: AbortSignal | undefined) => Promise<MediaPart[]>;
  /** Requests in flight at once (the tiny model decodes what arrives together as one batch). */
  concurrency?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const rate = (c: { pass: number; n: number }): number => (c.n ? Math.round((1000 * c.pass) / c.n) / 1000 : 0);

export async function evaluateHeldOut(o: EvaluateOptions): Promise<Accuracy> {
  const passed = new Array<boolean>(o.items.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < o.items.length; i = next++) {
      o.signal?.throwIfAborted();
      const item = o.items[i]!;
      const answer = await o.backend.complete({
        prompt: answerPrompt(item.question),
        media: await o.media(item, o.backend, o.signal),
        sampling: { temperature: 0, ...(o.maxTokens ? { maxTokens: o.maxTokens } : {}) },
        ...(o.signal ? { signal: o.signal } : {}),
      });
      passed[i] = verifyAll(answer, item.labels).pass;
      o.onProgress?.(++done, o.items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 64) }, worker));

  const all = { pass: 0, n: 0 };
  const byType = new Map<string, { pass: number; n: number }>();
  const byField = new Map<string, { pass: number; n: number }>();
  o.items.forEach((item, i) => {
    const ok = passed[i] ? 1 : 0;
    for (const [m, key] of [[byType, item.labelType], [byField, item.field]] as const) {
      const c = m.get(key) ?? { pass: 0, n: 0 };
      c.pass += ok;
      c.n++;
      m.set(key, c);
    }
    all.pass += ok;
    all.n++;
  });
  const table = (m: Map<string, { pass: number; n: number }>): Record<string, number> =>
    Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => [k, rate(c)]));
  return { overall: rate(all), byLabelType: table(byType), byField: table(byField), questions: all.n };
}
