// The inline review's vscode-free parts: which attempt a line of attempts.jsonl holds (from
// the prefix the store writes, or the whole line), the window of lines worth computing,
// the state wording, and the hover's evidence markdown, against records written by the
// real cycle store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCycle, serializeAttempt } from '../../../src/core/cycles';
import { ReviewSession } from '../../../src/core/review';
import { hoverMarkdown, isOverridden, lineKind, md, spanExcerpt, stateTitle } from '../../../src/extension/inline/evidence';
import { LineIds, attemptIdOfLine, cycleOfLog, windowAround } from '../../../src/extension/inline/recordLine';

const attempt = {
  id: 'c1/answer/0/clip "7"', sampleId: 'clip "7"', stage: 'answer' as const, try: 0, cycle: 1, model: 'm', backend: 'b',
  prompt: 'Q', question: 'Which shape?', output: 'It is a circle.', timing: { startedAt: '2025-01-01T00:00:00Z', ms: 1 },
};

test('the attempt id comes from the prefix the store writes, escapes included', () => {
  assert.equal(attemptIdOfLine(serializeAttempt(attempt).trimEnd()), 'c1/answer/0/clip "7"');
  // Written by hand with another key order: parsed in full.
  assert.equal(attemptIdOfLine(JSON.stringify({ sampleId: 's', id: 'x/1' })), 'x/1');
  for (const bad of ['', '   ', '{"id":"c1/answer/0/s', 'not json', '{"id":""}', '{"id":3}', '[1,2]']) {
    assert.equal(attemptIdOfLine(bad), undefined, JSON.stringify(bad));
  }
});

test('only a cycle attempts.jsonl names a cycle', () => {
  assert.deepEqual(cycleOfLog('/p/vstar/cycles/12/attempts.jsonl'), { workdir: path.resolve('/p/vstar'), cycle: 12 });
  assert.equal(cycleOfLog('/p/vstar/cycles/1/verdicts.jsonl'), undefined);
  assert.equal(cycleOfLog('/p/vstar/cycles/0/attempts.jsonl'), undefined);
  assert.equal(cycleOfLog('/p/attempts.jsonl'), undefined);
});

test('line ids are parsed once per document version', () => {
  const ids = new LineIds();
  let reads = 0;
  const text = (t: string) => () => (reads++, t);
  assert.equal(ids.get(1, 0, text('{"id":"a"}')), 'a');
  assert.equal(ids.get(1, 0, text('{"id":"changed"}')), 'a');
  assert.equal(ids.get(1, 1, text('junk')), undefined);
  assert.equal(ids.get(1, 1, text('{"id":"b"}')), undefined, 'a line without an id is remembered too');
  assert.equal(reads, 2);
  assert.equal(ids.get(2, 0, text('{"id":"changed"}')), 'changed', 'a new version reads again');
  assert.equal(reads, 3);
});

test('the window covers every visible range plus the margin, within the document', () => {
  assert.deepEqual(windowAround([{ start: 500, end: 540 }], 100_000, 100), { start: 400, end: 641 });
  assert.deepEqual(windowAround([{ start: 10, end: 20 }, { start: 90_000, end: 90_010 }], 90_005, 100), { start: 0, end: 90_005 });
  assert.deepEqual(windowAround([], 50, 100), { start: 0, end: 50 });
  assert.deepEqual(windowAround([], 100_000, 100), { start: 0, end: 200 });
});

test('a decision against the verdict is an override; lines are coloured by it first', () => {
  assert.equal(lineKind({ pass: true, decision: null }), 'passed');
  assert.equal(lineKind({ pass: false, decision: 'reject' }), 'failed');
  assert.equal(lineKind({ pass: false, decision: 'accept' }), 'overridden');
  assert.equal(lineKind({ pass: true, decision: 'reject' }), 'overridden');
  assert.equal(lineKind({ pass: null, decision: 'accept' }), 'unverified');
  assert.equal(isOverridden({ pass: null, decision: 'reject' }), false);
  assert.equal(stateTitle({ pass: false, decision: 'accept' }), '$(error) failed · accepted (overrides the verdict)');
  assert.equal(stateTitle({ pass: true, decision: null }), '$(pass) passed · unreviewed');
});

test('markdown is escaped and the span excerpt marks the decisive text', () => {
  assert.equal(md('a*b_[c](d) | <e>\nf-1.'), 'a\\*b\\_\\[c\\](d) \\| \\<e\\> f-1.');
  const out = 'x'.repeat(100) + 'the answer is circle.' + 'y'.repeat(100);
  const at = out.indexOf('circle');
  assert.equal(spanExcerpt(out, [at, at + 6], 5), '…r is **circle**.yyyy…');
  assert.equal(spanExcerpt('circle', [0, 6]), '**circle**');
});

test('the hover shows verdict, decision, and each check: extracted vs label, score vs threshold, span and reason', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  try {
    const workdir = path.join(dir, 'vstar');
    const store = await createCycle(workdir, { model: 'm', dataset: 'shapes' });
    const output = 'It has no corners. So the answer is circle.';
    const [a] = await store.appendAttempts([{ sampleId: 's1', stage: 'rationalize', try: 1, backend: 'b', prompt: 'Q', question: 'Which shape?', output, timing: { startedAt: 'now', ms: 1 } }]);
    const at = output.lastIndexOf('circle');
    await store.appendVerdicts([{ attemptId: a!.id, pass: false, verifier: 'label-match@1',
      checks: [{ field: 'shape', pass: false, kind: 'class', expected: 'square', extracted: 'circle', span: [at, at + 6], score: 0.25, threshold: 0.5, note: 'another class named' }] }]);
    await store.appendReviews([{ attemptId: a!.id, decision: 'accept' }]);
    await store.close();
    const s = await ReviewSession.open(workdir, 1);
    assert.deepEqual(s.statusOf(a!.id), { index: 0, pass: false, decision: 'accept' });
    assert.equal(s.statusOf('c1/answer/0/nope'), undefined);
    const text = hoverMarkdown((await s.attempt(a!.id))!);
    await s.close();
    assert.match(text, /\*\*✗ failed\*\* · label-match@1 · rationalized \(label given as a hint\), try 1/);
    assert.match(text, /Review: \*\*accepted\*\* — overrides the verdict/);
    assert.match(text, /\| shape \| class \| circle \| square \| 0\.250 < 0\.5 \| ✗ \|/);
    assert.match(text, new RegExp(`span ${at}–${at + 6}: .*answer is \\*\\*circle\\*\\*\\.`));
    assert.match(text, /reason: another class named/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
