import type { JobSpecInput, JobStatus } from './spec';
import type { JobRecord } from './store';
import type { TargetKind } from './target';

export interface JobHandle {
  id: string;
  record: JobRecord;
}

export interface LogOptions {
  /** Keep reading as the job writes, until it ends (or `signal` aborts). */
  follow?: boolean;
  /** Which log; default both (stderr lines come after stdout lines of the same poll). */
  stream?: 'stdout' | 'stderr' | 'all';
  /** Array jobs: only this task's logs. */
  task?: number;
  /** How often to look for new lines when following (ms, default 500). */
  pollMs?: number;
  signal?: AbortSignal;
}

export interface SubmitOptions {
  /**
   * Values for the spec's `secretEnv` names (e.g. from the submitter's environment). They
   * reach the job's environment and are written nowhere: not job.sh, the record or a log.
   */
  secrets?: Readonly<Record<string, string>>;
}

export interface FetchResult {
  /** Local paths written. */
  fetched: string[];
  /** Declared outputs that did not exist on the target. */
  missing: string[];
}

/**
 * Runs jobs on one compute target. Every method takes a job id and reads the job's record
 * from disk, so a fresh runner (after a restart of the CLI or the editor) picks up jobs
 * that an earlier process submitted.
 */
export interface Runner {
  readonly kind: TargetKind;
  submit(spec: JobSpecInput, opts?: SubmitOptions): Promise<JobHandle>;
  status(id: string): Promise<JobStatus>;
  /** Log lines (without their newline); with `follow`, until the job is over. */
  logs(id: string, opts?: LogOptions): AsyncIterable<string>;
  /** Asks the job to stop; resolves with the status seen right after. */
  cancel(id: string): Promise<JobStatus>;
  /** Copies the spec's declared outputs from the job folder into `destDir`. */
  fetchArtifacts(id: string, destDir: string): Promise<FetchResult>;
  /** Closes connections (SSH); the jobs keep running. */
  close(): Promise<void>;
}
