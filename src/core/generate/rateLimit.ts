import { sleep } from './retry';

/**
 * A per-backend rate limit: at most `perSecond` request starts per second, spaced
 * evenly (a token bucket of depth `burst`). Shared by all workers of a run.
 */
export class RateLimiter {
  private next = 0;
  private readonly interval: number;

  constructor(
    readonly perSecond: number,
    private readonly burst = 1,
  ) {
    if (!(perSecond > 0)) throw new Error(`rate limit must be positive (got ${perSecond})`);
    this.interval = 1000 / perSecond;
  }

  /** Resolves when the caller may start a request. */
  async take(signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    // Allow up to `burst` starts in a row after an idle spell.
    const earliest = Math.max(this.next, now - (this.burst - 1) * this.interval);
    this.next = earliest + this.interval;
    const wait = earliest - now;
    if (wait > 0.5) await sleep(wait, signal);
  }
}
