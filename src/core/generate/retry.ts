import { BackendError } from './backend';

/**
 * Retries with exponential backoff and full jitter on 429, 5xx, timeouts and dropped
 * connections, honouring Retry-After; bounded in count. A user abort stops at once.
 */

export interface RetryPolicy {
  /** Retries after the first try (default 4). */
  retries: number;
  /** First backoff (default 500 ms), doubled per retry up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-request timeout (default 120 s). */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 500, maxDelayMs: 30_000, timeoutMs: 120_000 };

/** Thrown when the caller's signal aborted; the engine stops without recording anything. */
export class AbortedError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortedError';
  }
}

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`request timed out after ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** Whether an error is worth another try. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof AbortedError) return false;
  if (err instanceof TimeoutError) return true;
  if (err instanceof BackendError) return err.retryable;
  return false;
}

/** Sleeps `ms`, or rejects with AbortedError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function backoffDelay(retry: number, p: RetryPolicy, retryAfterMs?: number, random = Math.random): number {
  const cap = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** retry);
  const jittered = cap / 2 + random() * (cap / 2);
  // Retry-After is the server's word: wait at least that long (bounded by maxDelayMs).
  return retryAfterMs !== undefined ? Math.min(Math.max(retryAfterMs, jittered), Math.max(p.maxDelayMs, retryAfterMs)) : jittered;
}

export interface RetryInfo {
  retry: number;
  delayMs: number;
  error: unknown;
}

/**
 * Runs `fn` with a per-try timeout signal combined with the caller's; retries what
 * isRetryable says. Returns the result and how many tries it took.
 */
export async function withRetry<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (info: RetryInfo) => void,
): Promise<{ value: T; tries: number }> {
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw new AbortedError();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new TimeoutError(policy.timeoutMs)), policy.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    try {
      return { value: await fn(combined), tries: retry + 1 };
    } catch (raw) {
      let err = raw;
      if (signal?.aborted) throw new AbortedError();
      if (timeout.signal.aborted) err = new TimeoutError(policy.timeoutMs);
      if (!isRetryable(err) || retry >= policy.retries) throw err;
      const delayMs = backoffDelay(retry, policy, err instanceof BackendError ? err.retryAfterMs : undefined);
      onRetry?.({ retry: retry + 1, delayMs, error: err });
      await sleep(delayMs, signal);
    } finally {
      clearTimeout(timer);
    }
  }
}
