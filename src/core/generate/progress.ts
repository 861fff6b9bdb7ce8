/**
 * Progress of a generation run, for the CLI's bar and the extension: done/total, pass
 * rate, rate and ETA. Rate and ETA count only items worked on in this run (skipped ones
 * would make a resumed run look instant).
 */
export interface GenerationProgress {
  done: number;
  total: number;
  passed: number;
  errors: number;
  /** passed / done, 0..1. */
  passRate: number;
  /** Items per second worked on in this run. */
  rate: number;
  /** Seconds left at the current rate; undefined until there is a rate. */
  etaSeconds: number | undefined;
  final: boolean;
}

export class ProgressTracker {
  private doneN = 0;
  private passed = 0;
  private errors = 0;
  private worked = 0;
  private last = 0;
  private readonly started = performance.now();

  constructor(
    private readonly total: number,
    private readonly emit: ((p: GenerationProgress) => void) | undefined,
    private readonly everyMs: number,
  ) {}

  done(passed: boolean, skipped: boolean): void {
    this.doneN++;
    if (passed) this.passed++;
    if (!skipped) this.worked++;
    this.maybeEmit();
  }

  error(): void {
    this.errors++;
    this.maybeEmit();
  }

  finish(): void {
    this.emit?.(this.snapshot(true));
  }

  snapshot(final = false): GenerationProgress {
    const secs = (performance.now() - this.started) / 1000;
    const rate = secs > 0 ? this.worked / secs : 0;
    const left = this.total - this.doneN - this.errors;
    return {
      done: this.doneN,
      total: this.total,
      passed: this.passed,
      errors: this.errors,
      passRate: this.doneN ? this.passed / this.doneN : 0,
      rate,
      etaSeconds: rate > 0 ? Math.max(0, left) / rate : undefined,
      final,
    };
  }

  private maybeEmit(): void {
    if (!this.emit) return;
    const now = performance.now();
    if (now - this.last < this.everyMs) return;
    this.last = now;
    this.emit(this.snapshot());
  }
}
