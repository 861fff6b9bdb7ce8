// What a loop run's progress looks like in the notification and the Cycles tree, and
// whether the run that `<workdir>/loop/run.json` describes (the core's LoopRun, rewritten
// by the loop at most ~2×/s) is still going: a front end that did not start the run (a
// window reloaded while it ran, another window) finds it there. No `vscode` import, so
// plain Node tests cover it.
import { isAlive, readLoopRun, type LoopRun } from '../../core/loop/runFile';

export { readLoopRun, type LoopRun };

/** A run still going: it says so and its process lives (a SIGKILLed run leaves `running` behind). */
export function isLive(run: LoopRun | undefined, alive: (run: LoopRun) => boolean = isAlive): run is LoopRun {
  return run !== undefined && run.state === 'running' && alive(run);
}

/** "45 s", "3 min", "1 h 5 min". */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** What one progress report says: where the loop is and how far. */
export interface LoopProgress {
  cycle?: number;
  stage?: string;
  done: number;
  total: number;
  etaSeconds?: number;
}

/** `120/400 · ETA 3 min` (the stage's own share), or '' before there is a total. */
export function stageProgressText(p: Pick<LoopProgress, 'done' | 'total' | 'etaSeconds'>): string {
  if (p.total <= 0) return '';
  const eta = p.etaSeconds !== undefined && p.done < p.total ? ` · ETA ${formatEta(p.etaSeconds)}` : '';
  return `${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}${eta}`;
}

/**
 * `cycle 2 · generate · 120/400 · ETA 3 min`: the notification's line. (The cycle number
 * is the project's: a run of K cycles that resumes cycle 4 works on cycles 4, 5, …)
 */
export function progressText(p: LoopProgress): string {
  const parts: string[] = [];
  if (p.cycle !== undefined && p.cycle > 0) parts.push(`cycle ${p.cycle}`);
  if (p.stage) parts.push(p.stage);
  const share = stageProgressText(p);
  if (share) parts.push(share);
  return parts.join(' · ');
}

export type RunOutcome =
  | { kind: 'done'; cycles?: number }
  | { kind: 'waiting'; cycle: number }
  | { kind: 'stopped'; reason: string }
  | { kind: 'failed'; message: string };

/** What run.json says about a run that is over (its process gone). */
export function outcomeOfRun(run: LoopRun | undefined): RunOutcome {
  if (!run) return { kind: 'stopped', reason: 'its run.json is gone' };
  switch (run.state) {
    case 'done':
      return { kind: 'done', cycles: run.cyclesTarget };
    case 'waiting':
      return { kind: 'waiting', cycle: run.cycle };
    case 'failed':
      return { kind: 'failed', message: run.message ?? `cycle ${run.cycle} failed in ${run.stage}` };
    case 'cancelled':
      return { kind: 'stopped', reason: 'cancelled' };
    default:
      return { kind: 'stopped', reason: `its process (pid ${run.pid}) ended during cycle ${run.cycle} ${run.stage}` };
  }
}

/**
 * How a `vstar cycle run --json` that exited 0 ended, from its result on stdout
 * (`{completed, stopped?: {cycle, stage, reason}, finishedBefore}`).
 */
export function outcomeOfResult(stdout: string): RunOutcome {
  let r: { completed?: unknown; stopped?: { cycle?: unknown; reason?: unknown } } | undefined;
  try {
    r = JSON.parse(stdout) as typeof r;
  } catch {
    r = undefined;
  }
  if (r?.stopped?.reason === 'review' && typeof r.stopped.cycle === 'number') return { kind: 'waiting', cycle: r.stopped.cycle };
  return { kind: 'done', ...(Array.isArray(r?.completed) ? { cycles: r.completed.length } : {}) };
}

/** The count asked for: a whole number of cycles, 1..100. */
export function cycleCountProblem(text: string): string | undefined {
  return /^[1-9]\d*$/.test(text.trim()) && Number(text) <= 100 ? undefined : 'a whole number of cycles from 1 to 100';
}
