import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxIoU, verifyBBox } from '../../../src/core/verify/bbox';
import type { BBoxLabel } from '../../../src/core/verify/labels';

const check = (answer: string, extra: Partial<BBoxLabel> = {}) => verifyBBox(answer, { type: 'bbox', value: [0.1, 0.2, 0.5, 0.6], ...extra });
const near = (got: unknown, want: number[]) =>
  assert.ok(Array.isArray(got) && got.every((v, i) => Math.abs(v - (want[i] ?? 0)) < 1e-6), `${JSON.stringify(got)} != ${JSON.stringify(want)}`);

test('box IoU', () => {
  assert.equal(boxIoU([0, 0, 1, 1], [0, 0, 1, 1]), 1);
  assert.equal(boxIoU([0, 0, 0.5, 0.5], [0.5, 0.5, 1, 1]), 0);
  assert.ok(Math.abs(boxIoU([0, 0, 0.5, 0.5], [0.25, 0, 0.75, 0.5]) - 1 / 3) < 1e-9);
});

test('box forms', () => {
  near(check('Therefore, the bounding box is [0.1, 0.2, 0.5, 0.6].').extracted, [0.1, 0.2, 0.5, 0.6]);
  near(check('In (x, y, w, h) format the box is (0.1, 0.2, 0.4, 0.4).').extracted, [0.1, 0.2, 0.5, 0.6]);
  near(check('x=0.1, y=0.2, width=0.4, height=0.4').extracted, [0.1, 0.2, 0.5, 0.6]);
  near(check('x1: 0.1, y1: 0.2, x2: 0.5, y2: 0.6').extracted, [0.1, 0.2, 0.5, 0.6]);
  near(check('Top-left (0.1, 0.2) and bottom-right (0.5, 0.6).').extracted, [0.1, 0.2, 0.5, 0.6]);
  near(check('The box is centered at (0.3, 0.4) with width 0.4 and height 0.4.').extracted, [0.1, 0.2, 0.5, 0.6]);
  near(check('x1=10%, y1=20%, x2=50%, y2=60%').extracted, [0.1, 0.2, 0.5, 0.6]);
});

test('pixels are converted with the frame size from the label or the answer', () => {
  near(check('The box is [64, 72, 320, 216].', { frameWidth: 640, frameHeight: 360 }).extracted, [0.1, 0.2, 0.5, 0.6]);
  near(check('In the 640x360 frame, the dog spans from (64, 72) to (320, 216).').extracted, [0.1, 0.2, 0.5, 0.6]);
  const c = check('The box is [64, 72, 320, 216].');
  assert.equal(c.pass, false);
  assert.match(c.reason, /frame size/);
});

test('IoU threshold and the final box', () => {
  assert.equal(check('The dog is at [0.2, 0.3, 0.6, 0.7].').pass, false); // 0.39
  assert.equal(check('The dog is at [0.2, 0.3, 0.6, 0.7].', { minIoU: 0.3 }).pass, true);
  assert.equal(check('At first I guessed [0.6, 0.6, 0.9, 0.9]. Therefore, the box is [0.1, 0.2, 0.5, 0.6].').pass, true);
  assert.equal(check('The dog is on the left.').extracted, null);
});
