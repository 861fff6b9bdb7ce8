// The filter measured by people, figures worked out by hand: Wilson intervals from the
// textbook values, precision and miss rate per type and field, the disagreements, and
// what another relTol / minIoU would have kept of the reviewed answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterReport, thresholdWhatIf, wilson, type ReviewedCheck } from '../../../src/core/review';

const near = (a: number, b: number, eps = 5e-4): void => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

test('Wilson 95% intervals match the tabulated values', () => {
  const a = wilson(9, 10);
  near(a.value, 0.9);
  near(a.low, 0.5958);
  near(a.high, 0.9821);
  const b = wilson(0, 5);
  assert.equal(b.low, 0);
  near(b.high, 0.4345);
  const c = wilson(50, 100);
  near(c.low, 0.4038);
  near(c.high, 0.5962);
  assert.ok(Number.isNaN(wilson(0, 0).value));
});

let n = 0;
function check(field: string, labelType: string, kept: boolean, accepted: boolean, more: Partial<ReviewedCheck> = {}): ReviewedCheck {
  n++;
  return { attemptId: `c4/answer/0/clip-${String(n).padStart(4, '0')}#t.${field}`, sampleId: `clip-${String(n).padStart(4, '0')}#t.${field}`, stage: 'answer', field, labelType, kept, accepted, ...more };
}

/** A speed answer (label 120 px/s, relTol 0.1: tolerance 12) off by `rel` of the label, as the number verifier scores it. */
function speed(rel: number | null, accepted: boolean): ReviewedCheck {
  if (rel === null) return check('speed', 'number', false, accepted, { expected: 120, extracted: null, score: -1, note: 'no number in px/s found' });
  const err = rel * 120;
  const score = Math.max(-1, 1 - err / 12);
  return check('speed', 'number', score >= 0, accepted, { expected: 120, extracted: 120 + err, score });
}

/** A visible-range answer with IoU `iou` against the label, judged at minIoU 0.5. */
const visible = (iou: number, accepted: boolean): ReviewedCheck =>
  check('visible', 'temporal_range', iou >= 0.5, accepted, { expected: [1, 3], extracted: [1, 3], score: iou, threshold: 0.5 });

test('per type and per field: precision on what was kept, miss rate on what was rejected, and the disagreements', () => {
  const checks = [
    // shape: 4 kept (3 accepted), 2 rejected (1 accepted)
    check('shape', 'class', true, true), check('shape', 'class', true, true), check('shape', 'class', true, true),
    check('shape', 'class', true, false, { expected: 'circle', extracted: 'circle', note: 'label named' }),
    check('shape', 'class', false, false), check('shape', 'class', false, true, { expected: 'square', extracted: 'triangle', note: 'another class named' }),
    // color: 2 kept, both accepted
    check('color', 'class', true, true), check('color', 'class', true, true, { stage: 'rationalize' }),
    // speed: relative errors 0.02 0.08 0.12 0.14 accepted, 0.09 0.3 and none rejected
    speed(0.02, true), speed(0.08, true), speed(0.12, true), speed(0.14, true), speed(0.09, false), speed(0.3, false), speed(null, false),
  ];
  const r = filterReport(checks);
  assert.equal(r.reviewed, 15);
  const cls = r.byLabelType.class!;
  assert.deepEqual([cls.reviewed, cls.kept, cls.rejected], [8, { reviewed: 6, accepted: 5, rejected: 1 }, { reviewed: 2, accepted: 1, rejected: 1 }]);
  near(cls.keptPrecision!.value, 5 / 6);
  near(cls.rejectedAccepted!.value, 1 / 2);
  const num = r.byLabelType.number!;
  assert.deepEqual([num.kept, num.rejected], [{ reviewed: 3, accepted: 2, rejected: 1 }, { reviewed: 4, accepted: 2, rejected: 2 }]);
  assert.deepEqual(Object.keys(r.byField), ['color', 'shape', 'speed']);
  assert.equal(r.byField.shape!.labelType, 'class');
  assert.deepEqual([r.byField.shape!.keptPrecision!.x, r.byField.shape!.keptPrecision!.n], [3, 4]);
  assert.deepEqual([r.byField.color!.keptPrecision!.x, r.byField.color!.keptPrecision!.n, r.byField.color!.rejectedAccepted], [2, 2, null]);
  assert.deepEqual([r.overall.kept.reviewed, r.overall.kept.accepted, r.overall.rejected.reviewed, r.overall.rejected.accepted], [9, 7, 6, 3]);
  assert.deepEqual(Object.keys(r.byStage), ['answer', 'rationalize']);
  // Disagreements: kept-but-rejected first (shape, speed), then rejected-but-accepted.
  assert.deepEqual(r.disagreements.map((d) => [d.field, d.kind]), [
    ['shape', 'kept-rejected'], ['speed', 'kept-rejected'],
    ['shape', 'rejected-accepted'], ['speed', 'rejected-accepted'], ['speed', 'rejected-accepted'],
  ]);
  assert.deepEqual(r.disagreements[2], { attemptId: checks[5]!.attemptId, sampleId: checks[5]!.sampleId, stage: 'answer', field: 'shape', labelType: 'class', kind: 'rejected-accepted', expected: 'square', extracted: 'triangle', note: 'another class named' });
  assert.deepEqual(r.thresholds.map((t) => t.field), ['speed']);
});

test('relTol what-if: the tolerance read back from the scores, and what each other one keeps', () => {
  const checks = [speed(0.02, true), speed(0.08, true), speed(0.12, true), speed(0.14, true), speed(0.09, false), speed(0.3, false), speed(null, false)];
  const w = thresholdWhatIf('speed', checks)!;
  assert.equal(w.param, 'relTol');
  near(w.current, 0.1, 1e-9);
  assert.deepEqual([w.acceptedTotal, w.rejectedTotal], [4, 3]);
  assert.deepEqual(w.options.map((o) => [o.value, o.acceptedKept, o.rejectedKept]), [[0.05, 1, 0], [0.1, 2, 1], [0.15, 4, 1], [0.2, 4, 1], [0.25, 4, 1], [0.3, 4, 2]]);
  assert.ok(w.lines.includes('relTol 0.1 → 0.15 keeps 4 of the 4 answers reviewers accepted and 1 of the 3 they rejected (now 2 and 1)'), w.lines.join('\n'));
});

test('minIoU what-if for time ranges: IoU against each threshold; other types get none', () => {
  const checks = [visible(0.45, true), visible(0.62, true), visible(0.8, true), visible(0.35, false), visible(0.55, false)];
  const w = thresholdWhatIf('visible', checks)!;
  assert.deepEqual([w.param, w.current], ['minIoU', 0.5]);
  assert.deepEqual(w.options.map((o) => [o.value, o.acceptedKept, o.rejectedKept]), [[0.3, 3, 2], [0.4, 3, 1], [0.5, 2, 1], [0.6, 2, 0], [0.7, 1, 0]]);
  assert.ok(w.lines.includes('minIoU 0.5 → 0.6 keeps 2 of the 3 answers reviewers accepted and 0 of the 2 they rejected (now 2 and 1)'));
  assert.equal(thresholdWhatIf('shape', [check('shape', 'class', true, true)]), undefined);
});
