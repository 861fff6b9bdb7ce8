// Cycles as the loop leaves them, written with the real store: each cycle's answers and
// hinted answers with their verdicts (its yield), and in state.json the held-out evaluation
// of the model its finetune produced (cycle 1 also the starting model's, as `baseline`).
// The accuracies are the demo's measured run in the README ("with rationalization").
import { createCycle, type CycleStore } from '../../src/core/cycles';
import type { Evaluation } from '../../src/core/cycles/records';

/** Demo figures: overall, class, yes_no (label types); direction, shape, color, bounces (fields). */
function demoEvaluation(model: string, f: readonly [number, number, number, number, number, number, number]): Evaluation {
  const [overall, cls, yesNo, direction, shape, color, bounces] = f;
  return { overall, byLabelType: { class: cls, yes_no: yesNo }, byField: { direction, shape, color, bounces }, questions: 120, model };
}

/** Models 0…3 of the README's demo table. */
export const DEMO_EVALUATIONS: readonly Evaluation[] = [
  demoEvaluation('models/cycle-0', [0.673, 0.6, 0.892, 0.242, 0.558, 1, 0.892]),
  demoEvaluation('models/cycle-1', [0.727, 0.669, 0.9, 0.467, 0.542, 1, 0.9]),
  demoEvaluation('models/cycle-2', [0.769, 0.708, 0.95, 0.55, 0.575, 1, 0.95]),
  demoEvaluation('models/cycle-3', [0.823, 0.778, 0.958, 0.733, 0.6, 1, 0.958]),
];

/** Samples of one cycle: passing first time, passing only with the hint, failing both. */
export interface YieldSpec {
  direct: number;
  rationalized: number;
  failed: number;
}

const LOOP_STAGE_NAMES = ['generate', 'verify', 'rationalize', 'review', 'export', 'finetune', 'evaluate'];
const timing = { startedAt: '2026-01-01T00:00:00.000Z', ms: 40 };

/** A new cycle whose logs give exactly `y` (one answer per sample, one hinted answer for each that failed). */
export async function cycleWithYield(workdir: string, y: YieldSpec, model = 'tiny'): Promise<CycleStore> {
  const store = await createCycle(workdir, { model, dataset: 'sample' });
  const ids = (k: string, n: number) => Array.from({ length: n }, (_, i) => `clip-${k}${i}#direction.direction`);
  const [direct, hinted, failed] = [ids('d', y.direct), ids('r', y.rationalized), ids('f', y.failed)];
  const attempt = (sampleId: string, stage: 'answer' | 'rationalize') => ({
    sampleId, stage, try: 0, backend: 'local', prompt: 'Question: What is the direction in the video?', question: 'What is the direction in the video?', output: 'It moves left. So the direction is left.', timing,
  });
  const answers = await store.appendAttempts([...direct, ...hinted, ...failed].map((s) => attempt(s, 'answer')));
  const retries = await store.appendAttempts([...hinted, ...failed].map((s) => attempt(s, 'rationalize')));
  const verdict = (attemptId: string, pass: boolean) => ({ attemptId, pass, verifier: 'label-match@1', checks: [] });
  await store.appendVerdicts([...answers.map((a, i) => verdict(a.id, i < direct.length)), ...retries.map((a, i) => verdict(a.id, i < hinted.length))]);
  return store;
}

/**
 * The README demo's cycles 1–3 (model N-1 answering 1120 training questions, model N
 * evaluated on held-out clips) plus cycle 4, rationalized and waiting at the review gate.
 */
export async function demoCycles(workdir: string): Promise<void> {
  const yields: YieldSpec[] = [
    { direct: 771, rationalized: 331, failed: 18 },
    { direct: 911, rationalized: 205, failed: 4 },
    { direct: 1006, rationalized: 111, failed: 3 },
    { direct: 1061, rationalized: 58, failed: 1 },
  ];
  for (const [i, y] of yields.entries()) {
    const store = await cycleWithYield(workdir, y, `models/cycle-${i}`);
    try {
      const finished = i < 3 ? LOOP_STAGE_NAMES : LOOP_STAGE_NAMES.slice(0, 3);
      await store.updateState((s) => ({
        ...s,
        stages: {
          ...Object.fromEntries(finished.map((stage) => [stage, { status: 'done' as const }])),
          ...(i === 3 ? { review: { status: 'waiting' as const, note: 'cycles.review: before-export' } } : {}),
        },
        ...(i === 0 ? { baseline: DEMO_EVALUATIONS[0] } : {}),
        ...(i < 3 ? { evaluation: DEMO_EVALUATIONS[i + 1] } : {}),
      }));
    } finally {
      await store.close();
    }
  }
}
