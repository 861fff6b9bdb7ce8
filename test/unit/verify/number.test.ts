import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyNumber } from '../../../src/core/verify/number';
import type { NumberLabel } from '../../../src/core/verify/labels';

const check = (answer: string, value: number, extra: Partial<NumberLabel> = {}) => verifyNumber(answer, { type: 'number', value, ...extra });

test('relTol defaults to 10%; absTol replaces it', () => {
  assert.equal(check('The score is 90.', 82.5).pass, true); // 7.5 <= 8.25
  assert.equal(check('The score is 91.', 82.5).pass, false); // 8.5 > 8.25
  assert.equal(check('The score is 91.', 82.5, { relTol: 0.2 }).pass, true);
  assert.equal(check('There are 5 people.', 4, { absTol: 1 }).pass, true);
  assert.equal(check('There are 5 people.', 4, { absTol: 0 }).pass, false);
  const c = check('The score is 84.', 82.5);
  assert.equal(c.extracted, 84);
  assert.ok(c.score >= c.threshold && c.score < 1);
  assert.ok(check('The score is 95.', 82.5).score < 0);
});

test('numbers written as words', () => {
  assert.equal(check('The score would be eighty-two point five.', 82.5).extracted, 82.5);
  assert.equal(check('I count twelve jumps in total.', 12, { absTol: 0 }).pass, true);
  assert.equal(check('About a hundred and five people attend.', 105, { absTol: 0 }).pass, true);
});

test('the final committed number wins, not the first one or the operands', () => {
  const a = 'Difficulty 3.2, judges about 8.5 each: 3.2 × 8.5 × 3 = 81.6. Therefore, the final score is about 82.5 points.';
  assert.equal(check(a, 82.5).extracted, 82.5);
  assert.equal(check('I first estimated 75.6. On reflection, the entry was clean, so the score should be 82.', 82.5).extracted, 82);
  assert.equal(check('The final score is 82.5, computed as 3.2 times 25.8.', 82.5).extracted, 82.5);
  assert.equal(check('The score is not 90; it is 70.', 82.5).pass, false);
  assert.equal(check('Final answer: 83.', 82.5, {}).pass, true);
  assert.equal(check('The swimmer completes two laps of the 50 m pool.', 2, { absTol: 0 }).pass, true);
});

test('units: a number attached to another unit is ignored', () => {
  assert.equal(check('Over the 3 seconds of the clip the ball moves at 42 px/s.', 40, { unit: 'px/s' }).extracted, 42);
  assert.equal(check('It takes 3 seconds; the speed is 40 pixels per second.', 40, { unit: 'px/s' }).extracted, 40);
  assert.equal(check('The ball moves for 40 seconds.', 40, { unit: 'px/s' }).pass, false);
  assert.equal(check('The diver scored 82.5 points.', 82.5, { unit: 'points' }).pass, true);
});

test('ranges read as their middle; no number fails', () => {
  assert.equal(check('The score is likely between 80 and 85 points.', 82.5).extracted, 82.5);
  assert.equal(check('The score is 80-85.', 82.5).extracted, 82.5);
  const none = check('I cannot tell the score.', 82.5);
  assert.equal(none.pass, false);
  assert.equal(none.extracted, null);
  assert.equal(none.span, null);
});
