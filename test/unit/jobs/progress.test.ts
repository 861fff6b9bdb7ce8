import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastProgress, parseProgressLine } from '../../../src/core/jobs/progress';

test('parses a progress line with extra fields', () => {
  assert.deepEqual(parseProgressLine('VSTAR_PROGRESS {"done": 3, "total": 10, "loss": 1.23, "phase": "train"}'), {
    done: 3,
    total: 10,
    loss: 1.23,
    phase: 'train',
  });
});

test('accepts an array-task prefix, rejects anything else before the marker', () => {
  assert.equal(parseProgressLine('[2] VSTAR_PROGRESS {"done": 1, "total": 2}')?.done, 1);
  assert.equal(parseProgressLine('echo VSTAR_PROGRESS {"done": 1, "total": 2}'), undefined);
});

test('ignores malformed or incomplete progress', () => {
  for (const l of ['VSTAR_PROGRESS', 'VSTAR_PROGRESS {', 'VSTAR_PROGRESS {"done": -1, "total": 2}', 'VSTAR_PROGRESS {"total": 2}', 'VSTAR_PROGRESS [1,2]', 'loss 1.0'])
    assert.equal(parseProgressLine(l), undefined, l);
});

test('lastProgress keeps the latest valid line', () => {
  const p = lastProgress(['VSTAR_PROGRESS {"done": 1, "total": 4}', 'noise', 'VSTAR_PROGRESS {"done": 2, "total": 4}', 'VSTAR_PROGRESS {bad']);
  assert.equal(p?.done, 2);
});
