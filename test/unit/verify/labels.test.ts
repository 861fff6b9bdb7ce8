import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { VerifyLabel } from '../../../src/core/verify/labels';
import { verifyAll, verifyLabel } from '../../../src/core/verify/verify';
import { verifyLine } from '../../../src/core/verify/record';

test('label objects: exactly the documented shapes, typos rejected', () => {
  for (const l of [
    { type: 'class', value: 'playing guitar', synonyms: ['strumming a guitar'] },
    { type: 'number', value: 82.5, relTol: 0.1 },
    { type: 'number', value: 3, absTol: 0, unit: 'people' },
    { type: 'temporal_range', value: [12.0, 31.0], minIoU: 0.5 },
    { type: 'bbox', value: [0.1, 0.2, 0.5, 0.6], minIoU: 0.5 },
    { type: 'sequence', value: ['pick up the cup', 'pour water'] },
    { type: 'yes_no', value: true },
  ]) {
    assert.equal(VerifyLabel.safeParse(l).success, true, JSON.stringify(l));
  }
  for (const l of [
    { type: 'class', value: '' },
    { type: 'number', value: '82' },
    { type: 'temporal_range', value: [31, 12] },
    { type: 'bbox', value: [0.1, 0.2, 1.5, 0.6] },
    { type: 'bbox', value: [0.1, 0.2, 0.5, 0.6], minIOU: 0.3 },
    { type: 'sequence', value: [] },
    { type: 'yes_no', value: 'yes' },
    { type: 'colour', value: 'red' },
  ]) {
    assert.equal(VerifyLabel.safeParse(l).success, false, JSON.stringify(l));
  }
  assert.doesNotThrow(() => z.toJSONSchema(VerifyLabel));
});

test('verifyAll: every label must hold', () => {
  const answer = 'The dog is at [0.1, 0.2, 0.5, 0.6]; it is lying down, not running.';
  const box: VerifyLabel = { type: 'bbox', value: [0.1, 0.2, 0.5, 0.6] };
  const running: VerifyLabel = { type: 'class', value: 'running' };
  const v = verifyAll(answer, [box, running]);
  assert.equal(v.pass, false);
  assert.deepEqual(v.checks.map((c) => c.pass), [true, false]);
  assert.equal(verifyAll(answer, [box]).pass, true);
  assert.equal(verifyAll(answer, []).pass, false, 'nothing to verify is not a pass');
  assert.equal(verifyLabel(answer, box).type, 'bbox');
});

test('verifyLine: ids kept on schema errors, field paths named', () => {
  const r = verifyLine(JSON.stringify({ id: 'x1', answer: 'ok', labels: [{ type: 'number' }] }), 'f.jsonl', 9);
  assert.deepEqual(r.out, { id: 'x1', error: 'f.jsonl:9: labels[0].value: Invalid input: expected number, received undefined' });
  assert.equal(r.problem?.line, 9);
  const bad = verifyLine('[1,2]', 'f.jsonl', 1);
  assert.equal((bad.out as { id: unknown }).id, null);
  const ok = verifyLine(JSON.stringify({ id: 3, answer: 'Yes.', labels: [{ type: 'yes_no', value: true }], meta: {} }), 'f.jsonl', 2);
  assert.deepEqual(ok.out, { id: 3, pass: true, checks: [{ type: 'yes_no', pass: true, extracted: true, span: [0, 3], score: 1, threshold: 1, reason: 'answers "yes" (expected yes)' }] });
});
