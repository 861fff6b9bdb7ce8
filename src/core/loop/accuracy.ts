import type { Evaluation } from '../cycles/records';
import type { CycleStore } from '../cycles/store';
import { VerdictTable } from '../cycles/verdict-table';
import type { PlannedItem } from '../generate/plan';

/**
 * Held-out accuracy from an evaluation store: each held-out question's first answer,
 * judged by the verifiers; the share that passed overall (every question counts once),
 * per label type and per field. A question without a verdict counts as failed.
 */
export function accuracyOf(store: CycleStore, items: readonly PlannedItem[], model: string): Evaluation {
  const index = store.index();
  const table = new VerdictTable(store.path('verdicts')).refresh(index);
  const passed = items.map((it) => {
    const i = index.find(it.sampleId, 'answer', 0);
    return i !== -1 && table.passAt(i) === 1;
  });
  table.close();
  return { ...tally(items, passed), model, at: new Date().toISOString() };
}

const rate = (c: { pass: number; n: number }): number => (c.n ? Math.round((1000 * c.pass) / c.n) / 1000 : 0);

export function tally(items: readonly Pick<PlannedItem, 'labelType' | 'field'>[], passed: readonly boolean[]): Omit<Evaluation, 'model' | 'at'> {
  const all = { pass: 0, n: 0 };
  const byType = new Map<string, { pass: number; n: number }>();
  const byField = new Map<string, { pass: number; n: number }>();
  items.forEach((item, i) => {
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
