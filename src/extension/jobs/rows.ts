// What the Jobs tree shows, computed from job records: grouping per compute target, labels,
// descriptions (state · elapsed · progress %), icons and context values. No `vscode` import,
// so plain Node tests cover all of it; tree.ts only turns these into TreeItems.
import { isTerminal, targetLabel, type JobRecord, type JobState, type Progress, type Target } from '../../core/jobs';
import { ContextValue } from '../contextValues';

/** One job as the view sees it: its record plus what polling and the log have told us. */
export interface JobView {
  readonly record: JobRecord;
  /** Latest progress line from the job's log, if any. */
  readonly progress?: Progress;
  /** Why the state could not be learnt (connection refused…), shown in the tooltip. */
  readonly error?: string;
  /** When it really ended (ms), where known (local jobs: the exit_code file's time). */
  readonly endedAt?: number;
}

export interface TargetGroup {
  /** Stable node id. */
  readonly id: string;
  /** The target's name in vstar.yaml, else its short label (`local`, `ssh:gpu1`). */
  readonly label: string;
  /** `type` / host, as in the quick pick. */
  readonly description: string;
  readonly jobs: readonly JobView[];
}

/** The state to show: the last seen one, `pending` before any status was taken. */
export function stateOf(rec: JobRecord): JobState {
  return rec.last?.state ?? 'pending';
}

/** `local`, `ssh · gpu1`, `slurm · cluster` — for group rows and quick picks. */
export function targetDescription(t: Target): string {
  if (t.kind === 'local') return 'local';
  if (t.kind === 'ssh') return `ssh · ${t.ssh.user ? `${t.ssh.user}@` : ''}${t.ssh.host}`;
  return t.ssh ? `slurm · ${t.ssh.host}` : 'slurm · this machine';
}

/** A key equal for equal targets whatever the order of their fields. */
export function targetKey(t: Target): string {
  const sort = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sort(x)]))
      : v;
  return JSON.stringify(sort(t));
}

/**
 * Jobs grouped by the target they ran on. `names` maps {@link targetKey}s of the targets in
 * vstar.yaml to their names, so a group reads as the user named it; configured targets
 * without jobs are left out. Groups sort by label; jobs keep the store's newest-first order.
 */
export function groupByTarget(jobs: readonly JobView[], names: ReadonlyMap<string, string> = new Map()): TargetGroup[] {
  const groups = new Map<string, { target: Target; jobs: JobView[] }>();
  for (const j of jobs) {
    const key = targetKey(j.record.target);
    const g = groups.get(key) ?? { target: j.record.target, jobs: [] };
    g.jobs.push(j);
    groups.set(key, g);
  }
  return [...groups.entries()]
    .map(([key, g]) => ({
      id: `target:${key}`,
      label: names.get(key) ?? targetLabel(g.target),
      description: targetDescription(g.target),
      jobs: g.jobs,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** `42s`, `3m 05s`, `1h 02m`, `2d 03h`: short, and never negative. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${pad(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${pad(h % 24)}h`;
}

/** Whole percent done (0–100), or undefined when the total is unknown (0). */
export function progressPercent(p: Progress | undefined): number | undefined {
  if (!p || p.total <= 0) return undefined;
  return Math.min(100, Math.floor((100 * p.done) / p.total));
}

/**
 * Time since submission: until now while it runs; once over, until it ended where that is
 * known, else until the final status was first seen (later, if nobody was watching).
 */
export function elapsedMs(rec: JobRecord, now: number, endedAt?: number): number {
  const start = Date.parse(rec.createdAt);
  if (Number.isNaN(start)) return 0;
  const end = rec.last && isTerminal(rec.last.state) ? (endedAt ?? rec.last.at) : now;
  return end - start;
}

/** `running · 3m 05s · 42%`; failures add their exit code. */
export function describeJob(j: JobView, now: number): string {
  const state = stateOf(j.record);
  const parts: string[] = [state === 'failed' && j.record.last?.exitCode !== undefined ? `failed (exit ${j.record.last.exitCode})` : state];
  parts.push(formatElapsed(elapsedMs(j.record, now, j.endedAt)));
  const pct = progressPercent(j.progress);
  if (pct !== undefined && state !== 'completed') parts.push(`${pct}%`);
  return parts.join(' · ');
}

/** Multi-line hover text with everything the row abbreviates. */
export function jobTooltip(j: JobView, now: number): string {
  const r = j.record;
  const lines = [`${r.spec.name} (${r.spec.kind})`, `id: ${r.id}`, `target: ${targetLabel(r.target)}`, `state: ${describeJob(j, now)}`];
  if (r.slurmJobId) lines.push(`Slurm job: ${r.slurmJobId}`);
  if (r.last?.detail) lines.push(r.last.detail);
  if (j.progress) lines.push(`progress: ${j.progress.done}/${j.progress.total}${j.progress.loss !== undefined ? ` · loss ${j.progress.loss}` : ''}`);
  if (j.error) lines.push(`could not ask the target: ${j.error}`);
  lines.push(`command: ${r.spec.command.join(' ')}`);
  return lines.join('\n');
}

/** A codicon per state, with a theme color id where one helps (passed, failed). */
export function iconFor(state: JobState): { id: string; color?: string } {
  switch (state) {
    case 'pending':
      return { id: 'clock' };
    case 'running':
      return { id: 'sync~spin' };
    case 'completed':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'failed':
      return { id: 'error', color: 'testing.iconFailed' };
    case 'cancelled':
      return { id: 'circle-slash' };
    case 'unknown':
      return { id: 'question' };
  }
}

/** Unfinished jobs can be cancelled; finished ones only show logs. */
export function contextValueFor(state: JobState): ContextValue {
  return isTerminal(state) ? ContextValue.JobFinished : ContextValue.JobRunning;
}

/** The next poll delay: back to `min` after a change, else doubled up to `max`. */
export function nextDelay(current: number, changed: boolean, min: number, max: number): number {
  return changed ? min : Math.min(max, Math.max(min, current * 2));
}
