import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCycle } from '../../../src/core/cycles/workdir';
import { failedSamples, ingestAttempts, verifyPending } from '../../../src/core/loop/ingest';

// Worker output into a cycle, exactly once, each attempt verified with its sample's labels.

const attempt = (sampleId: string, output: string, extra: Record<string, unknown> = {}) => ({
  id: `c1/answer/0/${sampleId}`, sampleId, stage: 'answer', try: 0, cycle: 1, model: 'm', backend: 'transformers',
  prompt: 'Question: What is shown?', question: 'What is shown?', output, timing: { startedAt: '2026-12-07T00:00:00Z', ms: 5 }, ...extra,
});
const labels = { a: [{ type: 'class' as const, field: 'action', value: 'archery' }], b: [{ type: 'class' as const, field: 'action', value: 'juggling' }], c: [{ type: 'class' as const, field: 'action', value: 'archery' }] };
const labelsOf = (id: string) => labels[id as keyof typeof labels];

test('ingest: every attempt once however often a shard is fetched, bad lines named, verdicts beside their attempts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-ingest-'));
  try {
    const store = await createCycle(join(dir, 'work'), { model: 'm', dataset: 'd' });
    const shard = join(dir, 'attempts-0.jsonl');
    writeFileSync(
      shard,
      [
        JSON.stringify(attempt('a', 'I see a bow and a target. So the activity is archery.')),
        'not json',
        JSON.stringify(attempt('b', 'So the activity is archery.')),
        JSON.stringify(attempt('b', 'So the activity is archery.')), // written twice: kept once
        JSON.stringify({ ...attempt('x', 'x'), cycle: 2, id: 'c2/answer/0/x' }),
        JSON.stringify({ ...attempt('y', 'y'), stage: 'guess' }),
      ].join('\n') + '\n' + JSON.stringify(attempt('c', 'torn')).slice(0, 30),
    );
    const r = await ingestAttempts(store, shard, labelsOf);
    assert.equal(r.added, 2);
    assert.equal(r.present, 1);
    assert.equal(r.problems, 3);
    assert.match(r.firstProblem!, /attempts-0\.jsonl:2: not an attempt record/);
    const again = await ingestAttempts(store, shard, labelsOf);
    assert.deepEqual([again.added, again.present], [0, 3], 'a second fetch of the same shard adds nothing');
    // The worker finishes the torn line later: only that attempt is new.
    writeFileSync(shard, readFileSync(shard, 'utf8').replace(/\{"id":"c1\/answer\/0\/c".*$/, JSON.stringify(attempt('c', 'So the activity is archery.')) + '\n'));
    assert.equal((await ingestAttempts(store, shard, labelsOf)).added, 1);

    const attempts = readFileSync(store.path('attempts'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).id as string);
    assert.deepEqual(attempts, ['c1/answer/0/a', 'c1/answer/0/b', 'c1/answer/0/c']);
    const verdicts = readFileSync(store.path('verdicts'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { attemptId: string; pass: boolean; checks: { extracted?: unknown }[] });
    assert.deepEqual(verdicts.map((v) => [v.attemptId, v.pass]), [['c1/answer/0/a', true], ['c1/answer/0/b', false], ['c1/answer/0/c', true]]);
    assert.equal((await verifyPending(store, labelsOf)).verified, 0, 'nothing left to verify');
    assert.deepEqual([...failedSamples(store, ['a', 'b', 'c'])], ['b']);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('verifyPending verifies what an ingest without labels (or a crash before the verdicts) left, once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-ingest-'));
  try {
    const store = await createCycle(join(dir, 'work'), { model: 'm', dataset: 'd' });
    const shard = join(dir, 'attempts-1.jsonl');
    writeFileSync(shard, [attempt('a', 'So it is archery.'), attempt('b', 'It is juggling, I think.'), attempt('zz', 'no plan knows me')].map((a) => JSON.stringify(a)).join('\n') + '\n');
    assert.equal((await ingestAttempts(store, shard)).added, 3);
    const v = await verifyPending(store, labelsOf);
    assert.deepEqual(v, { verified: 2, passed: 2, unknown: 1 });
    assert.deepEqual(await verifyPending(store, labelsOf), { verified: 0, passed: 0, unknown: 1 });
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
