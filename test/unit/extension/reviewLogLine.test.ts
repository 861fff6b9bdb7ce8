// The side view follows the editor through attemptOfLine: a line of a cycle's log names
// its attempt (`id` in attempts.jsonl, `attemptId` in verdicts/reviews.jsonl).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { attemptOfLine } from '../../../src/extension/review/logLine';

const wd = path.resolve('/p/vstar');

test('attempt, verdict and review lines name their attempt and cycle', () => {
  assert.deepEqual(attemptOfLine(path.join(wd, 'cycles', '2', 'attempts.jsonl'), '{"id":"c2/answer/0/x","sampleId":"x"}'), { target: { workdir: wd, cycle: 2 }, id: 'c2/answer/0/x' });
  assert.deepEqual(attemptOfLine(path.join(wd, 'cycles', '12', 'verdicts.jsonl'), '{"attemptId":"a1","pass":true}'), { target: { workdir: wd, cycle: 12 }, id: 'a1' });
  assert.deepEqual(attemptOfLine(path.join(wd, 'cycles', '1', 'reviews.jsonl'), '{"attemptId":"a2","decision":"accept"}')?.id, 'a2');
});

test('other files, torn or foreign lines give nothing', () => {
  assert.equal(attemptOfLine(path.join(wd, 'cycles', '1', 'state.json'), '{"id":"x"}'), undefined);
  assert.equal(attemptOfLine(path.join(wd, 'cycles', '0', 'attempts.jsonl'), '{"id":"x"}'), undefined);
  assert.equal(attemptOfLine(path.join(wd, 'datasets', 'd', 'records.jsonl'), '{"id":"x"}'), undefined);
  assert.equal(attemptOfLine(path.join(wd, 'cycles', '1', 'attempts.jsonl'), '{"id":"c1/ans'), undefined);
  assert.equal(attemptOfLine(path.join(wd, 'cycles', '1', 'attempts.jsonl'), '{"attemptId":"x"}'), undefined);
  assert.equal(attemptOfLine(path.join(wd, 'cycles', '1', 'verdicts.jsonl'), '[1,2]'), undefined);
});
