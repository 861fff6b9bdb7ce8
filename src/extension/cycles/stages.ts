// What the Cycles tree says about a cycle and each of its stages, from the core's
// `CycleStore.status()` (counts over the attempt index, the verdict table and the review
// log) and the cycle's state.json stages. `vscode`-free so plain Node tests cover it.
import type { CycleStatus } from '../../core/cycles';
import type { ReviewFilter } from '../../core/review';

export const CYCLE_STAGES = ['generate', 'verify', 'rationalize', 'review', 'export', 'finetune', 'evaluate'] as const;
export type CycleStage = (typeof CYCLE_STAGES)[number];

export type StageStatus = 'pending' | 'running' | 'done' | 'failed';

/** A list of attempts under a stage, as the review query selects them. */
export interface AttemptGroupSpec {
  readonly key: string;
  readonly label: string;
  readonly filter: ReviewFilter;
}

export interface StageRow {
  readonly stage: CycleStage;
  readonly status: StageStatus;
  /** One line after the stage name: counts and pass rate. */
  readonly description: string;
  readonly tooltip: string;
  /** 0..1, when the stage has one. */
  readonly passRate?: number;
  /** Attempt lists shown under the stage (none for export, finetune, evaluate). */
  readonly groups: readonly AttemptGroupSpec[];
}

export const STAGE_TITLES: Record<CycleStage, string> = {
  generate: 'Generate',
  verify: 'Verify',
  rationalize: 'Rationalize',
  review: 'Review',
  export: 'Export',
  finetune: 'Finetune',
  evaluate: 'Evaluate',
};

/** `12.5%`, or `–` when there is nothing to divide by. */
export function percent(n: number, of: number): string {
  if (of <= 0) return '–';
  const p = Math.round((1000 * n) / of) / 10;
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`;
}

const num = (n: number): string => n.toLocaleString('en-US');

function recorded(status: CycleStatus, stage: string): { status?: StageStatus; note?: string; counts?: Record<string, number> } {
  const s = status.stages[stage];
  return s ? { status: s.status, ...(s.note ? { note: s.note } : {}), ...(s.counts ? { counts: s.counts } : {}) } : {};
}

function tooltipOf(title: string, lines: Array<string | undefined>): string {
  return [title, ...lines.filter((l): l is string => Boolean(l))].join('\n');
}

/** The seven stage rows of a cycle. `exportFiles` are the names in its exports/ folder. */
export function stageRows(status: CycleStatus, exportFiles: readonly string[]): StageRow[] {
  const c = status.counts;
  const verifiedSamples = c.samples.total - c.samples.unverified;
  const rows: StageRow[] = [];

  const gen = recorded(status, 'generate');
  rows.push({
    stage: 'generate',
    status: gen.status ?? (c.attempts.answer > 0 ? 'done' : 'pending'),
    description: `${num(c.attempts.answer)} answers · ${num(c.samples.total)} samples · pass ${percent(c.samples.passedDirect, verifiedSamples)}`,
    tooltip: tooltipOf('Answers to each question, verified against the label', [
      `${num(c.samples.passedDirect)} of ${num(verifiedSamples)} verified samples passed directly`,
      gen.counts?.errors ? `${gen.counts.errors} samples hit errors in the last run` : undefined,
      gen.note,
    ]),
    ...(verifiedSamples > 0 ? { passRate: c.samples.passedDirect / verifiedSamples } : {}),
    groups: [
      { key: 'passed', label: 'Passed', filter: { stage: 'answer', verdict: 'passed' } },
      { key: 'failed', label: 'Failed', filter: { stage: 'answer', verdict: 'failed' } },
    ],
  });

  const ver = recorded(status, 'verify');
  const unverified = c.attempts.total - c.verdicts.verified;
  rows.push({
    stage: 'verify',
    status: ver.status ?? (c.attempts.total === 0 ? 'pending' : unverified === 0 ? 'done' : 'pending'),
    description: `${num(c.verdicts.verified)}/${num(c.attempts.total)} verified · pass ${percent(c.verdicts.passed, c.verdicts.verified)}`,
    tooltip: tooltipOf('Every attempt checked against its label', [
      `${num(c.verdicts.passed)} passed, ${num(c.verdicts.failed)} failed, ${num(unverified)} not verified yet`,
      c.verdicts.orphans ? `${c.verdicts.orphans} verdicts name no known attempt` : undefined,
      ver.note,
    ]),
    ...(c.verdicts.verified > 0 ? { passRate: c.verdicts.passed / c.verdicts.verified } : {}),
    groups: [
      { key: 'passed', label: 'Passed', filter: { verdict: 'passed' } },
      { key: 'failed', label: 'Failed', filter: { verdict: 'failed' } },
      { key: 'unverified', label: 'Not verified', filter: { verdict: 'unverified' } },
    ],
  });

  const rat = recorded(status, 'rationalize');
  // Samples that needed a hint: verified, but no direct answer passed.
  const needed = verifiedSamples - c.samples.passedDirect;
  rows.push({
    stage: 'rationalize',
    status: rat.status ?? (c.attempts.rationalize > 0 ? 'done' : 'pending'),
    description: `${num(c.attempts.rationalize)} hinted answers · recovered ${num(c.samples.passedAfterRationalization)}/${num(needed)} (${percent(c.samples.passedAfterRationalization, needed)})`,
    tooltip: tooltipOf('Failed samples asked again with the label as a hint', [
      `${num(c.samples.passedAfterRationalization)} of ${num(needed)} samples that failed directly passed with the hint`,
      rat.note,
    ]),
    ...(needed > 0 ? { passRate: c.samples.passedAfterRationalization / needed } : {}),
    groups: [
      { key: 'passed', label: 'Passed', filter: { stage: 'rationalize', verdict: 'passed' } },
      { key: 'failed', label: 'Failed', filter: { stage: 'rationalize', verdict: 'failed' } },
    ],
  });

  const r = c.reviews;
  const decided = r.accepted + r.rejected;
  rows.push({
    stage: 'review',
    status: recorded(status, 'review').status ?? (c.verdicts.passed === 0 && decided === 0 ? 'pending' : r.unreviewed === 0 ? 'done' : 'pending'),
    description: `${num(r.accepted)} accepted · ${num(r.rejected)} rejected · ${num(r.unreviewed)} to review`,
    tooltip: tooltipOf('Your decisions on the passed answers (the last decision wins)', [
      decided ? `${percent(r.accepted, decided)} of decisions accept` : undefined,
    ]),
    ...(decided > 0 ? { passRate: r.accepted / decided } : {}),
    groups: [
      { key: 'unreviewed', label: 'To review', filter: { verdict: 'passed', review: 'unreviewed' } },
      { key: 'accepted', label: 'Accepted', filter: { review: 'accepted' } },
      { key: 'rejected', label: 'Rejected', filter: { review: 'rejected' } },
    ],
  });

  const exp = recorded(status, 'export');
  rows.push({
    stage: 'export',
    status: exp.status ?? (exportFiles.length > 0 ? 'done' : 'pending'),
    description: exportFiles.length ? `${exportFiles.length} ${exportFiles.length === 1 ? 'file' : 'files'}` : 'nothing exported yet',
    tooltip: tooltipOf('Kept answers written as training data (LLaVA, LLaMA-Factory, ms-swift, metadata)', [exp.note]),
    groups: [],
  });

  for (const stage of ['finetune', 'evaluate'] as const) {
    const s = recorded(status, stage);
    const counts = Object.entries(s.counts ?? {}).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : Number(v.toPrecision(3))}`);
    rows.push({
      stage,
      status: s.status ?? 'pending',
      description: counts.length ? counts.join(' · ') : (s.status ?? 'not started'),
      tooltip: tooltipOf(stage === 'finetune' ? 'LoRA finetune of the model on the exported answers (a job)' : 'Held-out accuracy of the model (a job)', [s.note]),
      groups: [],
    });
  }
  return rows;
}

/** The cycle row's one line: model, dataset and the share of verified samples kept. */
export function cycleDescription(status: CycleStatus): string {
  const c = status.counts.samples;
  const verified = c.total - c.unverified;
  const kept = c.passedDirect + c.passedAfterRationalization;
  const pass = verified > 0 ? ` · pass ${percent(kept, verified)}` : '';
  return `${status.model} · ${status.dataset} · ${num(status.counts.attempts.total)} attempts${pass}`;
}

/** Codicon and theme colour for a stage state. */
export function stageIcon(s: StageStatus): { id: string; color?: string } {
  switch (s) {
    case 'done':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'running':
      return { id: 'sync~spin' };
    case 'failed':
      return { id: 'error', color: 'testing.iconFailed' };
    default:
      return { id: 'circle-large-outline' };
  }
}
