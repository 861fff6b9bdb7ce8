import { test } from 'node:test';
import assert from 'node:assert/strict';
import { temporalIoU, verifyTemporalRange } from '../../../src/core/verify/temporal';
import type { TemporalRangeLabel } from '../../../src/core/verify/labels';

const check = (answer: string, extra: Partial<TemporalRangeLabel> = {}) =>
  verifyTemporalRange(answer, { type: 'temporal_range', value: [12, 31], ...extra });

test('temporal IoU', () => {
  assert.equal(temporalIoU([0, 10], [0, 10]), 1);
  assert.equal(temporalIoU([0, 10], [10, 20]), 0);
  assert.equal(temporalIoU([0, 10], [5, 15]), 5 / 15);
  assert.equal(temporalIoU([3, 3], [3, 3]), 1);
});

test('time formats', () => {
  for (const a of [
    'The jump happens from 0:12 to 0:31.',
    'It occurs at 12-31 s.',
    'from 00:00:12 to 00:00:31',
    'The person jumps from 12 to 31 seconds.',
    'The action happens during 12 s – 31 s of the clip.',
    'The person starts at twelve seconds and stops at thirty-one seconds.',
  ]) {
    const c = check(a);
    assert.deepEqual(c.extracted, [12, 31], a);
    assert.equal(c.pass, true, a);
  }
  assert.deepEqual(check('It begins at 1 min 5 s and ends at 1:20.').extracted, [65, 80]);
});

test('start plus duration, and frames with a frame rate', () => {
  assert.deepEqual(check('The action starts at 12 s and lasts 19 seconds.').extracted, [12, 31]);
  assert.deepEqual(check('It spans frames 360 to 930 at 30 fps.').extracted, [12, 31]);
  assert.deepEqual(check('It spans frames 360 to 930.', { fps: 30 }).extracted, [12, 31]);
  assert.equal(check('It spans frames 360 to 930.').pass, false, 'frames without a frame rate cannot be read');
});

test('IoU threshold, the committed range, and the clip length', () => {
  assert.equal(check('The person begins at 0:05 and stops at 0:20.').pass, false); // IoU 0.31
  assert.equal(check('The person begins at 0:05 and stops at 0:20.', { minIoU: 0.3 }).pass, true);
  assert.equal(check('At first I thought 0:02 to 0:08. Therefore, the jump is from 0:13 to 0:30.').pass, true);
  assert.equal(check('The video is 60 seconds long, from 0:00 to 1:00. The person jumps between 14 and 30 seconds.').pass, true);
  assert.equal(check('The jump is from 0:13 to 0:30, not from 0:02 to 0:08.').pass, true);
  const c = check('I cannot tell.');
  assert.equal(c.extracted, null);
  assert.equal(c.pass, false);
});
