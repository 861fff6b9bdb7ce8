import type { CycleStore } from '../cycles/store';
import type { Stage, VerdictCheck } from '../cycles/records';
import { attemptId } from '../cycles/records';
import { VerdictTable } from '../cycles/verdict-table';
import type { AttemptIndex } from '../cycles/attempt-index';
import { answerPrompt, rationalizationPrompt } from '../prompts/prompts';
import type { Check, VerifyLabel } from '../verify/labels';
import { verifyAll, type Verdict } from '../verify/verify';
import type { GenerationBackend, MediaPart, SamplingParams } from './backend';
import { RateLimiter } from './rateLimit';
import { AbortedError, DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry';
import { ProgressTracker, type GenerationProgress } from './progress';

/**
 * A cycle's generation: for each item, K answers (answer prompt) → verify; when none
 * passed and rationalization is on, K hinted answers (rationalization prompt) → verify.
 * Every attempt and verdict goes to the cycle store as it happens, so a re-run (after a
 * cancel or a crash) skips what is done: an attempt already in the log is never asked
 * again, and one without a verdict is verified from its stored output. Exactly one
 * record per (sample, stage, try) as long as one process generates a cycle at a time.
 */

export interface GenerationItem {
  /** The sample id attempts are keyed by. */
  sampleId: string;
  /** The bare question (the only text a training record may hold). */
  question: string;
  /** The label as words, for the rationalization prompt. */
  hint: string;
  labels: VerifyLabel[];
  /** Clip to send; read by `media`. */
  /** `fps`: a frame folder's frame rate (from the dataset's import), for its times. */
  video?: { path: string; start?: number; end?: number; fps?: number };
}

export interface GenerationResult {
  total: number;
  /** Items whose stages were all done before this run. */
  skipped: number;
  attempted: number;
  passedDirect: number;
  passedAfterRationalization: number;
  failed: number;
  /** Items that hit an error (left for the next run). */
  errors: { sampleId: string; message: string }[];
  requests: number;
  retries: number;
  cancelled: boolean;
}

export interface EngineOptions {
  store: CycleStore;
  backend: GenerationBackend;
  items: readonly GenerationItem[];
  samplesPerPrompt?: number;
  rationalize?: boolean;
  concurrency?: number;
  sampling?: SamplingParams;
  retry?: Partial<RetryPolicy>;
  /** Requests per second for this backend. */
  rateLimit?: number;
  signal?: AbortSignal;
  /** The clip as content parts (frames or a video URL); default: none. */
  media?: (item: GenerationItem, backend: GenerationBackend, signal: AbortSignal | undefined) => Promise<MediaPart[]>;
  /** Default verifyAll; the question lets it read yes/no restatements, the asked object's box and how-many parts. */
  verify?: (answer: string, labels: readonly VerifyLabel[], question?: string) => Verdict | Promise<Verdict>;
  verifier?: string;
  onProgress?: (p: GenerationProgress) => void;
  /** Progress events at most this often (ms), plus the last. */
  progressEveryMs?: number;
}

export const VERIFIER_NAME = 'label-match@1';

/** A verifier check as a verdict record's evidence. */
export function toVerdictCheck(c: Check, label: VerifyLabel): VerdictCheck {
  const single = Array.isArray(c.span) && typeof c.span[0] === 'number' ? (c.span as [number, number]) : undefined;
  return {
    field: label.field ?? label.type,
    pass: c.pass,
    kind: c.type,
    expected: label.value,
    extracted: c.extracted,
    ...(single ? { span: single } : c.span ? { spans: c.span } : {}),
    score: c.score,
    note: c.reason,
  };
}

type Outcome = 'direct' | 'rationalized' | 'failed';

export async function runGeneration(o: EngineOptions): Promise<GenerationResult> {
  const { store, backend, items } = o;
  const K = o.samplesPerPrompt ?? 1;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...o.retry };
  const limiter = o.rateLimit ? new RateLimiter(o.rateLimit) : undefined;
  const verify = o.verify ?? verifyAll;
  const verifier = o.verifier ?? VERIFIER_NAME;
  const signal = o.signal;
  const result: GenerationResult = {
    total: items.length,
    skipped: 0,
    attempted: 0,
    passedDirect: 0,
    passedAfterRationalization: 0,
    failed: 0,
    errors: [],
    requests: 0,
    retries: 0,
    cancelled: false,
  };
  // A snapshot of what is done; this run is then the only writer, so it needs no refresh.
  const index: AttemptIndex = store.index();
  const verdicts = new VerdictTable(store.path('verdicts')).refresh(index);
  const tracker = new ProgressTracker(items.length, o.onProgress, o.progressEveryMs ?? 200);

  const stageStart = new Date().toISOString();
  await store.updateState((s) => {
    s.stages.generate = { status: 'running', updatedAt: stageStart };
  });

  const verdictOf = (id: string, v: Verdict, item: GenerationItem) => ({
    attemptId: id,
    pass: v.pass,
    verifier,
    checks: v.checks.map((c, i) => toVerdictCheck(c, item.labels[i]!)),
    ...(v.uncertain === undefined ? {} : { uncertain: v.uncertain }),
    ...(v.confidence === undefined ? {} : { confidence: v.confidence }),
  });
  // Appends in flight, bounded so a slow disk slows the workers instead of piling up.
  const writes = new Set<Promise<unknown>>();
  let writeError: unknown;
  const maxWrites = 2 * Math.max(1, o.concurrency ?? 4);
  const write = async (f: () => Promise<unknown>): Promise<void> => {
    if (writeError) throw writeError;
    while (writes.size >= maxWrites) await Promise.race(writes);
    const p: Promise<unknown> = f()
      .catch((err: unknown) => {
        writeError ??= err;
      })
      .finally(() => writes.delete(p));
    writes.add(p);
  };

  /** The verdict of one (sample, stage, try), producing the attempt and verdict if missing. */
  const step = async (item: GenerationItem, stage: Stage, t: number, prompt: string, media: () => Promise<MediaPart[]>): Promise<boolean> => {
    const id = attemptId(store.cycle, item.sampleId, stage, t);
    const at = index.find(item.sampleId, stage, t);
    let output: string;
    if (at !== -1) {
      const known = verdicts.pass[at] ?? -1;
      if (known !== -1) return known === 1;
      output = index.at(at).output;
    } else {
      if (signal?.aborted) throw new AbortedError();
      const parts = await media();
      const sampling = { ...o.sampling };
      if (sampling.seed !== undefined) sampling.seed += t; // K different draws, reproducibly
      await limiter?.take(signal);
      const startedAt = new Date();
      const t0 = performance.now();
      const { value, tries } = await withRetry((s) => backend.complete({ prompt, media: parts, sampling, signal: s }), policy, signal, () => {
        result.retries++;
      });
      result.requests += tries;
      output = value;
      const ms = performance.now() - t0;
      const v = await verify(output, item.labels, item.question);
      const attempt = { id, sampleId: item.sampleId, stage, try: t, model: backend.model, backend: backend.kind, prompt, question: item.question, output, timing: { startedAt: startedAt.toISOString(), ms } };
      // The verdict only after its attempt is in the log (a verdict never precedes its
      // attempt). The worker goes on without waiting for the fsyncs: the decision needs the
      // verdict, not its durability; a crash before they land just redoes this try.
      await write(() => store.appendAttempts([attempt]).then(() => store.appendVerdicts([verdictOf(id, v, item)])));
      return v.pass;
    }
    const v = await verify(output, item.labels, item.question);
    await write(() => store.appendVerdicts([verdictOf(id, v, item)]));
    return v.pass;
  };

  const runItem = async (item: GenerationItem): Promise<Outcome> => {
    let mediaP: Promise<MediaPart[]> | undefined;
    const media = (): Promise<MediaPart[]> => (mediaP ??= o.media ? o.media(item, backend, signal) : Promise.resolve([]));
    let passed = false;
    const q = answerPrompt(item.question);
    // All K answers are recorded; the first passing one is the one used.
    for (let t = 0; t < K; t++) if (await step(item, 'answer', t, q, media)) passed = true;
    if (passed) return 'direct';
    if (!o.rationalize) return 'failed';
    const r = rationalizationPrompt(item.question, item.hint);
    for (let t = 0; t < K; t++) if (await step(item, 'rationalize', t, r, media)) passed = true;
    return passed ? 'rationalized' : 'failed';
  };

  const isDone = (item: GenerationItem): boolean => {
    let anyPass = false;
    for (let t = 0; t < K; t++) {
      const i = index.find(item.sampleId, 'answer', t);
      if (i === -1 || (verdicts.pass[i] ?? -1) === -1) return false;
      if (verdicts.pass[i] === 1) anyPass = true;
    }
    if (anyPass || !o.rationalize) return true;
    for (let t = 0; t < K; t++) {
      const i = index.find(item.sampleId, 'rationalize', t);
      if (i === -1 || (verdicts.pass[i] ?? -1) === -1) return false;
    }
    return true;
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++]!;
      const skipped = isDone(item);
      try {
        const outcome = await runItem(item);
        if (skipped) result.skipped++;
        else result.attempted++;
        if (outcome === 'direct') result.passedDirect++;
        else if (outcome === 'rationalized') result.passedAfterRationalization++;
        else result.failed++;
        tracker.done(outcome !== 'failed', skipped);
      } catch (err) {
        if (err instanceof AbortedError || signal?.aborted) break;
        result.errors.push({ sampleId: item.sampleId, message: err instanceof Error ? err.message : String(err) });
        tracker.error();
      }
    }
  };
  const n = Math.max(1, Math.min(o.concurrency ?? 4, items.length || 1));
  await Promise.all(Array.from({ length: n }, worker));
  // Everything decided is in the log before the run reports (or a cancel returns).
  while (writes.size > 0) await Promise.all(writes);
  if (writeError) throw writeError;
  result.cancelled = Boolean(signal?.aborted);
  tracker.finish();
  const finished = !result.cancelled && result.errors.length === 0;
  await store.updateState((s) => {
    s.stages.generate = {
      status: finished ? 'done' : result.cancelled ? 'pending' : 'failed',
      updatedAt: new Date().toISOString(),
      counts: {
        total: result.total,
        passedDirect: result.passedDirect,
        passedAfterRationalization: result.passedAfterRationalization,
        failed: result.failed,
        errors: result.errors.length,
      },
      ...(result.cancelled ? { note: 'cancelled; run again to resume' } : result.errors.length ? { note: `${result.errors.length} samples hit errors; run again to retry them` } : {}),
    };
  });
  return result;
}
