import type { CycleStore } from '../cycles/store';
import type { StageJob, StageState } from '../cycles/records';

/** A cycle's stages, in the order the loop runs them. Cycle 1 first evaluates the starting model. */
export const LOOP_STAGES = ['baseline', 'generate', 'verify', 'rationalize', 'review', 'export', 'finetune', 'evaluate'] as const;
export type LoopStage = (typeof LOOP_STAGES)[number];

export function stagesOf(cycle: number): LoopStage[] {
  return LOOP_STAGES.filter((s) => s !== 'baseline' || cycle === 1);
}

export function isLoopStage(s: string): s is LoopStage {
  return (LOOP_STAGES as readonly string[]).includes(s);
}

/** Sets a stage's status (and more), keeping its jobs and outputs unless given. */
export async function setStage(store: CycleStore, stage: LoopStage, patch: Partial<StageState> & { status: StageState['status'] }): Promise<void> {
  await store.updateState((s) => {
    const prev = s.stages[stage];
    const next: StageState = { ...prev, ...patch, updatedAt: new Date().toISOString() };
    if (patch.note === undefined) delete next.note;
    s.stages[stage] = next;
  });
}

/** Adds or replaces (by token) one job entry of a stage. */
export async function putStageJob(store: CycleStore, stage: LoopStage, job: StageJob): Promise<void> {
  await store.updateState((s) => {
    const st = s.stages[stage] ?? { status: 'running' as const };
    const jobs = (st.jobs ?? []).filter((j) => j.token !== job.token);
    jobs.push(job);
    s.stages[stage] = { ...st, jobs };
  });
}

export function isFinished(state: { stages: Record<string, StageState> }): boolean {
  return state.stages.evaluate?.status === 'done';
}
