import type { CycleStore } from '../cycles/store';
import { VerdictTable } from '../cycles/verdict-table';

/**
 * A cycle's yield: per sample, attempted / passed directly / passed after
 * rationalization / failed, in total, per label type and per class.
 */

export interface YieldCounts {
  attempted: number;
  passedDirect: number;
  passedAfterRationalization: number;
  failed: number;
}

export interface CycleYield {
  total: YieldCounts;
  byLabelType: Record<string, YieldCounts>;
  byClass: Record<string, YieldCounts>;
}

export interface SampleInfo {
  labelType: string;
  className?: string;
}

const zero = (): YieldCounts => ({ attempted: 0, passedDirect: 0, passedAfterRationalization: 0, failed: 0 });

export function computeYield(store: CycleStore, info: ReadonlyMap<string, SampleInfo>): CycleYield {
  const index = store.index();
  const verdicts = new VerdictTable(store.path('verdicts')).refresh(index);
  const y: CycleYield = { total: zero(), byLabelType: {}, byClass: {} };
  for (const sampleId of index.sampleIds()) {
    let direct = false;
    let rationalized = false;
    let verified = false;
    for (const i of index.attemptsOf(sampleId)) {
      const p = verdicts.pass[i] ?? -1;
      if (p === -1) continue;
      verified = true;
      if (p === 1) {
        if (index.stageAt(i) === 'answer') direct = true;
        else rationalized = true;
      }
    }
    if (!verified) continue;
    const meta = info.get(sampleId);
    const buckets = [y.total];
    if (meta) buckets.push((y.byLabelType[meta.labelType] ??= zero()));
    if (meta?.className !== undefined) buckets.push((y.byClass[meta.className] ??= zero()));
    for (const b of buckets) {
      b.attempted++;
      if (direct) b.passedDirect++;
      else if (rationalized) b.passedAfterRationalization++;
      else b.failed++;
    }
  }
  return y;
}
