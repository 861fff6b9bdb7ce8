// What the Cycles tree says about a cycle and each of its stages, from the core's
// `CycleStore.status()` (counts over the attempt index, the verdict table and the review
// log), the cycle's state.json stages and held-out evaluation, and the loop run working on
// it now (run.json). `vscode`-free so plain Node tests cover it.
import type { CycleState, CycleStatus } from '../../core/cycles';
import type { ReviewFilter } from '../../core/review';
import { percentText } from '../report/model';

/** The loop's part of a cycle's state.json: held-out evaluation and lineage. */
export type CycleFacts = Pick<CycleState, 'evaluation' | 'lineage'>;

export const CYCLE_STAGES = ['generate', 'verify', 'rationalize', 'review', 'export', 'finetune', 'evaluate'] as const;
export type CycleStage = (typeof CYCLE_STAGES)[number];

export type StageStatus = 'pending' | 'running' | 'waiting' | 'done' | 'failed';

/** The loop run's word on this cycle: the stage it works on now and how far it is. */
export interface LiveStage {
  readonly stage: string;
  /** `120/400 · ETA 3 min`, or '' before the stage has a total. */
  readonly progress: string;
}

/** What the tree knows of a cycle besides the core's status. */
export interface CycleExtras {
  readonly facts?: CycleFacts;
  /** Set while a live loop run works on this cycle. */
  readonly live?: LiveStage;
  /** A loop run was working on this cycle and its process is gone (killed, machine rebooted). */
  readonly interrupted?: boolean;
}

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
  return s ? { status: s.status as StageStatus, ...(s.note ? { note: s.note } : {}), ...(s.counts ? { counts: s.counts } : {}) } : {};
}

/** The held-out accuracy line of an evaluation: `held-out 72.7% · class 80% · number 60%`. */
function evaluationText(facts: CycleFacts | undefined): string | undefined {
  const e = facts?.evaluation;
  if (!e) return undefined;
  const types = Object.entries(e.byLabelType).sort(([a], [b]) => a.localeCompare(b)).map(([t, f]) => `${t} ${percentText(f)}`);
  return [`held-out ${percentText(e.overall)}`, ...types].join(' · ');
}

/**
 * The loop's live word over the recorded one: the stage a live run works on shows as
 * running with its progress; a `running` stage of a run whose process is gone shows as
 * stopped; a review gate shows as waiting for review.
 */
function overlay(row: StageRow, extras: CycleExtras): StageRow {
  if (extras.live?.stage === row.stage) {
    const progress = extras.live.progress ? ` · ${extras.live.progress}` : '';
    return { ...row, status: 'running', description: `running${progress} · ${row.description}` };
  }
  if (row.status === 'running' && extras.interrupted) {
    return { ...row, status: 'pending', description: `stopped (Run Cycles continues it) · ${row.description}`, tooltip: `${row.tooltip}\nThe loop run working on it ended before it finished.` };
  }
  if (row.status === 'waiting') {
    return { ...row, description: `waiting for review · ${row.description}`, tooltip: `${row.tooltip}\nThe loop stopped at the review gate: review the kept answers, then Continue.` };
  }
  return row;
}

function tooltipOf(title: string, lines: Array<string | undefined>): string {
  return [title, ...lines.filter((l): l is string => Boolean(l))].join('\n');
}

/** The seven stage rows of a cycle. `exportFiles` are the names in its exports/ folder. */
export function stageRows(status: CycleStatus, exportFiles: readonly string[], extras: CycleExtras = {}): StageRow[] {
  return recordedRows(status, exportFiles, extras.facts).map((r) => overlay(r, extras));
}

function recordedRows(status: CycleStatus, exportFiles: readonly string[], facts: CycleFacts | undefined): StageRow[] {
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
    const held = stage === 'evaluate' ? evaluationText(facts) : undefined;
    const output = stage === 'finetune' ? facts?.lineage?.output : undefined;
    const made = output?.adapter;
    rows.push({
      stage,
      status: s.status ?? (held ? 'done' : 'pending'),
      description: held ?? (counts.length ? counts.join(' · ') : made ? `made ${made}` : (s.status ?? 'not started')),
      tooltip: tooltipOf(stage === 'finetune' ? 'LoRA finetune of the model on the exported answers (a job)' : 'Held-out accuracy of the model this cycle trained (answer prompt only, verified by the core)', [
        held && facts?.evaluation ? `${facts.evaluation.questions} held-out questions answered by ${facts.evaluation.model}` : undefined,
        held && Object.keys(facts!.evaluation!.byField).length
          ? `per field: ${Object.entries(facts!.evaluation!.byField).map(([f, v]) => `${f} ${percentText(v)}`).join(', ')}`
          : undefined,
        made ? `output: ${made}${output?.target ? ` on ${output.target}` : ''}` : undefined,
        s.note,
      ]),
      groups: [],
    });
  }
  return rows;
}

/**
 * The cycle row's one line: the stage a live run works on (the baseline evaluation has no
 * row of its own), held-out accuracy, model, dataset and the share of verified samples kept.
 */
export function cycleDescription(status: CycleStatus, extras: CycleExtras = {}): string {
  const facts = extras.facts;
  const live = extras.live ? `running ${extras.live.stage}${extras.live.progress ? ` ${extras.live.progress}` : ''} · ` : '';
  const c = status.counts.samples;
  const verified = c.total - c.unverified;
  const kept = c.passedDirect + c.passedAfterRationalization;
  const pass = verified > 0 ? ` · pass ${percent(kept, verified)}` : '';
  const held = facts?.evaluation ? `held-out ${percentText(facts.evaluation.overall)} · ` : '';
  return `${live}${held}${status.model} · ${status.dataset} · ${num(status.counts.attempts.total)} attempts${pass}`;
}

/** Codicon and theme colour for a stage state. */
export function stageIcon(s: StageStatus): { id: string; color?: string } {
  switch (s) {
    case 'done':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'running':
      return { id: 'sync~spin' };
    case 'waiting':
      return { id: 'debug-pause', color: 'charts.yellow' };
    case 'failed':
      return { id: 'error', color: 'testing.iconFailed' };
    default:
      return { id: 'circle-large-outline' };
  }
}
