import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCycle, listCycles, openCycle, attemptId, AttemptRecord, CycleStore } from '../../../src/core/cycles';
import { attempt, tempDir } from './helpers';

test('a torn last line is ignored by readers and cut when a writer opens the log', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const store = await createCycle(dir, { model: 'qwen2-vl-2b', dataset: 'kinetics' });
    await store.appendAttempts([attempt('a'), attempt('b')]);
    await store.close();
    const log = join(store.dir, 'attempts.jsonl');
    const good = statSync(log).size;
    appendFileSync(log, '{"id":"c1/answer/0/c","sampleId":"c","stage":"answ'); // killed mid-write

    const reader = await CycleStore.open(store.dir);
    assert.equal(reader.index().size, 2);
    assert.equal(reader.index().problemCount, 0, 'a torn tail is not a problem, just not there yet');
    const streamed: string[] = [];
    for await (const a of reader.attempts()) streamed.push(a.sampleId);
    assert.deepEqual(streamed, ['a', 'b']);
    assert.equal(statSync(log).size > good, true, 'readers do not modify the file');
    await reader.close();

    const writer = await CycleStore.open(store.dir, { write: true });
    assert.equal(statSync(log).size, good, 'the torn bytes are cut');
    assert.equal(await writer.repairedBytes, 50);
    await writer.appendAttempts([attempt('c')]);
    assert.deepEqual(readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { sampleId: string }).sampleId), ['a', 'b', 'c']);
    await writer.close();
  } finally {
    cleanup();
  }
});

test('an unparsable complete line is skipped and reported with its line number', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const store = await createCycle(dir, { model: 'm', dataset: 'd' });
    await store.appendAttempts([attempt('a')]);
    appendFileSync(store.path('attempts'), 'not json at all\n\n{"id":"x","sampleId":"s","stage":"guess","try":0}\n');
    await store.appendAttempts([attempt('b')]);
    const ix = store.index();
    assert.equal(ix.size, 2);
    assert.deepEqual(ix.problems.map((p) => p.line), [2, 4]);
    await store.close();
  } finally {
    cleanup();
  }
});

test('the index finds attempts by key and by id, reads them on demand, and keeps the first of duplicates', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const store = await createCycle(dir, { model: 'm0', dataset: 'd' });
    await store.appendAttempts([
      attempt('s1'),
      attempt('s1', 'rationalize', 0),
      attempt('s1', 'rationalize', 1, { id: 'custom-7', output: 'second try' }),
      attempt('s"2\\', 'answer', 0, { model: 'm-override' }), // escaped: the slow path
      attempt('s1', 'answer', 0, { output: 'a duplicate' }),
    ]);
    const ix = store.index();
    assert.equal(ix.size, 4);
    assert.equal(ix.duplicates, 1);
    assert.equal(ix.samples, 2);
    assert.equal(store.has('s1', 'rationalize', 1), true);
    assert.equal(store.has('s1', 'rationalize', 2), false);
    assert.equal(store.has('s"2\\', 'answer', 0), true);

    const first = store.getAttempt(attemptId(1, 's1', 'answer', 0));
    assert.equal(first?.output.includes('weightlifting'), true, 'the first record wins');
    assert.equal(store.getAttempt('custom-7')?.output, 'second try');
    assert.equal(store.getAttempt(attemptId(1, 's1', 'rationalize', 1)), undefined, 'that attempt has a custom id');
    assert.equal(store.getAttempt('c2/answer/0/s1'), undefined, 'another cycle');
    const odd = store.getAttempt(attemptId(1, 's"2\\', 'answer', 0));
    assert.equal(odd?.model, 'm-override');
    assert.equal(first?.model, 'm0', 'model defaults to the cycle model (lineage)');
    assert.equal(first?.cycle, 1);
    assert.deepEqual(ix.attemptsOf('s1').map((i) => [ix.stageAt(i), ix.tryAt(i)]), [['answer', 0], ['rationalize', 0], ['rationalize', 1]]);

    // Incremental refresh picks up lines appended by another writer.
    const other = await CycleStore.open(store.dir);
    await other.appendAttempts([attempt('s3')]);
    await other.close();
    assert.equal(store.index().size, 5);
    assert.equal(store.index().at(4).sampleId, 's3');
    await store.close();
  } finally {
    cleanup();
  }
});

test('keys first: each serialized line starts with its key fields', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const store = await createCycle(dir, { model: 'm', dataset: 'd' });
    await store.appendAttempts([attempt('k')]);
    await store.appendVerdicts([{ attemptId: 'c1/answer/0/k', pass: true, verifier: 'label-match@1', checks: [] }]);
    assert.match(readFileSync(store.path('attempts'), 'utf8'), /^\{"id":"c1\/answer\/0\/k","sampleId":"k","stage":"answer","try":0,"cycle":1,"model":"m",/);
    assert.match(readFileSync(store.path('verdicts'), 'utf8'), /^\{"attemptId":"c1\/answer\/0\/k","pass":true,"cycle":1,/);
    const line = readFileSync(store.path('attempts'), 'utf8').trimEnd();
    assert.equal(AttemptRecord.safeParse(JSON.parse(line)).success, true);
    await assert.rejects(store.appendAttempts([attempt('k', 'answer', 0, { cycle: 2 })]), /cycle 2/);
    await assert.rejects(store.appendAttempts([{ ...attempt('k'), try: -1 }]));
    await store.close();
  } finally {
    cleanup();
  }
});

test('the last review decision wins, and clear means unreviewed', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const store = await createCycle(dir, { model: 'm', dataset: 'd' });
    const [a, b, c] = ['a', 'b', 'c'].map((s) => attemptId(1, s, 'answer', 0)) as [string, string, string];
    await store.appendReviews([{ attemptId: a, decision: 'accept' }, { attemptId: b, decision: 'accept', by: 'ana' }]);
    await store.appendReviews([{ attemptId: a, decision: 'reject', at: '2000-01-01T00:00:00.000Z' }, { attemptId: b, decision: 'clear' }]);
    await store.appendReviews([{ attemptId: c, decision: 'accept' }]);
    const r = await store.reviews();
    assert.equal(r.get(a)?.decision, 'reject', 'the last line wins even with an older `at`');
    assert.equal(r.get(b)?.decision, 'clear');
    assert.equal(r.get(c)?.decision, 'accept');
    await store.close();
  } finally {
    cleanup();
  }
});

test('status counts stages, outcomes per sample and reviews', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const store = await createCycle(dir, { model: 'm', dataset: 'd' });
    await store.appendAttempts([attempt('a'), attempt('b'), attempt('c'), attempt('d'), attempt('b', 'rationalize'), attempt('c', 'rationalize')]);
    const id = (s: string, st: 'answer' | 'rationalize' = 'answer'): string => attemptId(1, s, st, 0);
    const v = (attemptId: string, pass: boolean) => ({ attemptId, pass, verifier: 'label-match@1', checks: [{ field: 'action', pass }] });
    await store.appendVerdicts([v(id('a'), true), v(id('b'), false), v(id('c'), false), v(id('b', 'rationalize'), true), v(id('c', 'rationalize'), true)]);
    await store.appendVerdicts([v(id('c', 'rationalize'), false), v('c1/answer/0/nobody', true)]); // re-verified; an orphan
    await store.appendReviews([{ attemptId: id('a'), decision: 'accept' }, { attemptId: id('c'), decision: 'reject' }]);
    const s = await store.status();
    assert.deepEqual(s.counts.attempts, { total: 6, answer: 4, rationalize: 2 });
    assert.deepEqual(s.counts.verdicts, { verified: 5, passed: 2, failed: 3, orphans: 1 });
    assert.deepEqual(s.counts.samples, { total: 4, passedDirect: 1, passedAfterRationalization: 1, failed: 1, unverified: 1 });
    assert.deepEqual(s.counts.reviews, { accepted: 1, rejected: 1, unreviewed: 1 });
    assert.equal(s.model, 'm');
    await store.close();
  } finally {
    cleanup();
  }
});

test('createCycle numbers cycles, also when several are created at once; listCycles reads them', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const made = await Promise.all([1, 2, 3, 4, 5].map((i) => createCycle(dir, { model: `m${i}`, dataset: 'd' })));
    assert.deepEqual(made.map((s) => s.cycle).sort(), [1, 2, 3, 4, 5]);
    await assert.rejects(createCycle(dir, { cycle: 3, model: 'm', dataset: 'd' }), /already exists/);
    const seven = await createCycle(dir, { cycle: 7, model: 'm7', parentModel: 'm5', dataset: 'd' });
    assert.deepEqual(readdirSync(seven.dir).sort(), ['attempts.jsonl', 'exports', 'reviews.jsonl', 'state.json', 'verdicts.jsonl']);
    writeFileSync(join(dir, 'cycles', '9'), ''); // not a folder
    const list = await listCycles(dir);
    assert.deepEqual(list.map((c) => c.cycle), [1, 2, 3, 4, 5, 7, 9]);
    assert.equal(list.find((c) => c.cycle === 7)?.state?.parentModel, 'm5');
    assert.match(list.find((c) => c.cycle === 9)?.problem ?? '', /state/);
    assert.equal(readdirSync(join(dir, 'cycles')).some((n) => n.startsWith('.new')), false);
    assert.equal((await openCycle(dir, 2)).cycle, 2);
    await assert.rejects(openCycle(join(dir, 'nothing')), /no cycles yet/);
  } finally {
    cleanup();
  }
});

test('updateState keeps every concurrent change and leaves no temp file', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const a = await createCycle(dir, { model: 'm', dataset: 'd' });
    const b = await CycleStore.open(a.dir);
    const stages = Array.from({ length: 12 }, (_, i) => `stage${i}`);
    await Promise.all(stages.map((name, i) => (i % 2 ? a : b).updateState((s) => void (s.stages[name] = { status: 'done', counts: { i } }))));
    const state = await a.readState();
    assert.deepEqual(Object.keys(state.stages).sort(), [...stages].sort());
    assert.deepEqual(readdirSync(a.dir).filter((n) => n.includes('.tmp') || n.endsWith('.lock')), []);
    await assert.rejects(a.updateState((s) => ({ ...s, cycle: 5 })), /cycle number/);
    await assert.rejects(a.updateState((s) => ({ ...s, model: '' })));
    assert.equal((await b.readState()).model, 'm', 'a rejected change is not written');
  } finally {
    cleanup();
  }
});
