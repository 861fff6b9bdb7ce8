// The Cycle Report's data: per cycle the yield (samples kept directly, kept after
// rationalization, failed) and the held-out accuracy of the model the cycle's finetune
// produced (overall, per label type, per field; "cycle 0" is the starting model, stored as
// cycle 1's `baseline`), turned into the series the charts draw. Pure (no `vscode`): the
// host builds it, unit tests check it, the webview only draws it.

/** Held-out accuracy of one model (fractions 0..1): what the report reads of the core's `Evaluation`. */
export interface Accuracy {
  overall: number;
  byLabelType: Record<string, number>;
  byField: Record<string, number>;
  /** Held-out questions asked. */
  questions?: number;
  /** The model that answered. */
  model?: string;
}

/** Per-sample outcomes of a cycle's generation (the core's yield / status counts). */
export interface YieldCounts {
  passedDirect: number;
  passedAfterRationalization: number;
  failed: number;
}

/** What the report needs of one cycle. */
export interface ReportCycleInput {
  cycle: number;
  yield?: YieldCounts;
  /** Accuracy of the model this cycle's finetune produced. */
  evaluation?: Accuracy;
  /** Accuracy of the starting model (cycle 1 holds it). */
  baseline?: Accuracy;
}

/**
 * One cycle's input from what the store gives: its state's `evaluation` / `baseline` and
 * the per-sample counts of `CycleStore.status()`.
 */
export function reportInput(cycle: number, state: { evaluation?: Accuracy; baseline?: Accuracy } | undefined, samples: YieldCounts | undefined): ReportCycleInput {
  return {
    cycle,
    ...(samples ? { yield: { passedDirect: samples.passedDirect, passedAfterRationalization: samples.passedAfterRationalization, failed: samples.failed } } : {}),
    ...(state?.evaluation ? { evaluation: state.evaluation } : {}),
    ...(state?.baseline ? { baseline: state.baseline } : {}),
  };
}

/** One line of a chart: a value per x position, null where there is none. */
export interface Series {
  name: string;
  values: Array<number | null>;
}

export interface ReportData {
  /** The project (folder) the report is about. */
  project: string;
  yield: {
    /** "Cycle 1", "Cycle 2", … (every cycle, in order). */
    labels: string[];
    direct: number[];
    rationalized: number[];
    failed: number[];
  };
  accuracy: {
    /** "Cycle 0 (base)", "Cycle 1", … : the models evaluated, in order. */
    labels: string[];
    /** The model evaluated at each position, when the state names it. */
    models: Array<string | null>;
    /** Percent (0..100, one decimal), null where that model was not evaluated. */
    overall: Array<number | null>;
    byLabelType: Series[];
    byField: Series[];
  };
}

/** A fraction as a percent with one decimal (0.72727 → 72.7). */
export function toPercent(f: number): number {
  return Math.round(f * 1000) / 10;
}

/** "72.7%" for a fraction. */
export function percentText(f: number): string {
  const p = toPercent(f);
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`;
}

function seriesOf(points: Array<Accuracy | undefined>, pick: (a: Accuracy) => Record<string, number>): Series[] {
  const names = [...new Set(points.flatMap((a) => (a ? Object.keys(pick(a)) : [])))].sort((a, b) => a.localeCompare(b));
  return names.map((name) => ({ name, values: points.map((a) => (a && pick(a)[name] !== undefined ? toPercent(pick(a)[name]!) : null)) }));
}

/** The chart series of a project's cycles (any order in, cycle order out). */
export function buildReport(project: string, cycles: readonly ReportCycleInput[]): ReportData {
  const sorted = [...cycles].sort((a, b) => a.cycle - b.cycle);
  const base = sorted.find((c) => c.baseline)?.baseline;
  const evaluated: Array<{ label: string; acc: Accuracy | undefined }> = [
    ...(base ? [{ label: 'Cycle 0 (base)', acc: base }] : []),
    ...sorted.map((c) => ({ label: `Cycle ${c.cycle}`, acc: c.evaluation })),
  ];
  // Trailing cycles not evaluated yet (the one running) stay off the accuracy axis.
  while (evaluated.length > 0 && !evaluated.at(-1)!.acc) evaluated.pop();
  const points = evaluated.map((e) => e.acc);
  return {
    project,
    yield: {
      labels: sorted.map((c) => `Cycle ${c.cycle}`),
      direct: sorted.map((c) => c.yield?.passedDirect ?? 0),
      rationalized: sorted.map((c) => c.yield?.passedAfterRationalization ?? 0),
      failed: sorted.map((c) => c.yield?.failed ?? 0),
    },
    accuracy: {
      labels: evaluated.map((e) => e.label),
      models: points.map((a) => a?.model ?? null),
      overall: points.map((a) => (a ? toPercent(a.overall) : null)),
      byLabelType: seriesOf(points, (a) => a.byLabelType),
      byField: seriesOf(points, (a) => a.byField),
    },
  };
}

/**
 * `held-out 61.5% (base) → 72.7% (cycle 3)`: the first and last evaluated models, or
 * undefined before any evaluation.
 */
export function accuracySummary(cycles: readonly ReportCycleInput[]): string | undefined {
  const sorted = [...cycles].sort((a, b) => a.cycle - b.cycle);
  const base = sorted.find((c) => c.baseline)?.baseline;
  const evaluated = sorted.filter((c) => c.evaluation);
  const last = evaluated.at(-1);
  if (!last) return base ? `held-out ${percentText(base.overall)} (base)` : undefined;
  const first = base ? `${percentText(base.overall)} (base)` : evaluated.length > 1 ? `${percentText(evaluated[0]!.evaluation!.overall)} (cycle ${evaluated[0]!.cycle})` : undefined;
  const end = `${percentText(last.evaluation!.overall)} (cycle ${last.cycle})`;
  return `held-out ${first ? `${first} → ` : ''}${end}`;
}
