// The review query on a real cycle folder built with the store API, and a real dataset
// folder (records.jsonl, schema.json, report.json) for labels and clips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCycle, type AttemptInput } from '../../../src/core/cycles';
import { ReviewSession } from '../../../src/core/review';

const CLASSES = ['pole vaulting', 'diving', 'archery'];

function attempt(s: number, stage: 'answer' | 'rationalize'): AttemptInput {
  return {
    sampleId: `clip${s}`,
    stage,
    try: 0,
    backend: 'openai-compatible',
    prompt: 'Question: What activity is shown?',
    question: 'What activity is shown?',
    output: `Step one. So the answer is ${CLASSES[s % 3]}.`,
    timing: { startedAt: '2025-01-01T00:00:00.000Z', ms: 5 },
  };
}

/** 9 samples: answers for all (clip0..8), rationalizations for the failed ones (s % 3 === 1). */
async function makeProject(): Promise<{ dir: string; workdir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  const workdir = path.join(dir, 'vstar');
  const ds = path.join(workdir, 'datasets', 'acts');
  fs.mkdirSync(path.join(dir, 'clips'), { recursive: true });
  fs.mkdirSync(ds, { recursive: true });
  const records = Array.from({ length: 9 }, (_, s) => ({ id: `clip${s}`, video: `c${s}.mp4`, start: 1, end: 3, split: 'train', labels: { action: CLASSES[s % 3] } }));
  fs.writeFileSync(path.join(ds, 'records.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  fs.writeFileSync(path.join(ds, 'schema.json'), JSON.stringify({ action: { type: 'class', values: CLASSES } }));
  fs.writeFileSync(path.join(ds, 'report.json'), JSON.stringify({ name: 'acts', root: path.join(dir, 'clips'), allowRoots: [] }));
  const store = await createCycle(workdir, { model: 'm0', dataset: 'acts' });
  const answers = await store.appendAttempts(Array.from({ length: 9 }, (_, s) => attempt(s, 'answer')));
  const rats = await store.appendAttempts([1, 4, 7].map((s) => attempt(s, 'rationalize')));
  await store.appendVerdicts(answers.map((a, s) => ({
    attemptId: a.id,
    pass: s % 3 !== 1,
    verifier: 'label-match@1',
    checks: [{ field: 'action', pass: s % 3 !== 1, kind: 'class', expected: CLASSES[s % 3], extracted: s % 3 !== 1 ? CLASSES[s % 3] : null, span: [27, 27 + CLASSES[s % 3]!.length], score: s % 3 !== 1 ? 1 : 0, threshold: 1, note: 'named' }],
  })));
  // Rationalizations: all pass but the last, which has no verdict yet.
  await store.appendVerdicts(rats.slice(0, 2).map((a) => ({ attemptId: a.id, pass: true, verifier: 'label-match@1', checks: [] })));
  await store.close();
  return { dir, workdir };
}

test('pages, filters and counts over a real cycle', async () => {
  const { dir, workdir } = await makeProject();
  const r = await ReviewSession.open(workdir, 1);
  try {
    assert.deepEqual(r.counts(), { total: 12, passed: 8, failed: 3, rationalized: 3, accepted: 0, rejected: 0, unreviewed: 12, samples: { total: 9, passedDirect: 6, passedRationalized: 2, failed: 1, unverified: 0 } });
    const all = await r.page(0, 5);
    assert.equal(all.total, 12);
    assert.deepEqual(all.items.map((a) => a.sampleId), ['clip0', 'clip1', 'clip2', 'clip3', 'clip4']);
    assert.deepEqual(all.items.map((a) => a.pass), [true, false, true, true, false]);
    const tail = await r.page(10, 5);
    assert.deepEqual([tail.offset, tail.items.map((a) => a.stage)], [10, ['rationalize', 'rationalize']]);
    assert.equal(tail.items[1]!.pass, null);

    const failed = await r.page(0, 50, { verdict: 'failed' });
    assert.deepEqual(failed.items.map((a) => a.sampleId), ['clip1', 'clip4', 'clip7']);
    const rat = await r.page(0, 50, { stage: 'rationalize', verdict: 'passed' });
    assert.deepEqual(rat.items.map((a) => a.id), ['c1/rationalize/0/clip1', 'c1/rationalize/0/clip4']);
    const archery = await r.page(0, 50, { label: 'archery' });
    assert.deepEqual(archery.items.map((a) => a.sampleId), ['clip2', 'clip5', 'clip8']);
    const divingAll = await r.page(1, 2, { label: 'diving' });
    assert.deepEqual([divingAll.total, divingAll.items.map((a) => a.id)], [6, ['c1/answer/0/clip4', 'c1/answer/0/clip7']]);
  } finally {
    await r.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an attempt in full: output, evidence with its span, labels and the clip inside the dataset root', async () => {
  const { dir, workdir } = await makeProject();
  const r = await ReviewSession.open(workdir, 1);
  try {
    const a = await r.attempt('c1/answer/0/clip2');
    assert.ok(a);
    assert.equal(a.output.slice(a.evidence[0]!.spans[0]![0], a.evidence[0]!.spans[0]![1]), 'archery');
    assert.deepEqual({ ...a.evidence[0], spans: undefined }, { field: 'action', pass: true, kind: 'class', expected: 'archery', extracted: 'archery', score: 1, threshold: 1, note: 'named', spans: undefined });
    assert.equal(a.verifier, 'label-match@1');
    assert.deepEqual(a.labels, { action: 'archery' });
    assert.deepEqual(a.clip, { path: path.join(dir, 'clips', 'c2.mp4'), start: 1, end: 3 });
    assert.equal(await r.attempt('c1/answer/0/nope'), undefined);
  } finally {
    await r.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('decisions land in reviews.jsonl, update counts and filters, bulk by filter, and undo', async () => {
  const { dir, workdir } = await makeProject();
  const r = await ReviewSession.open(workdir, 1);
  const log = path.join(workdir, 'cycles', '1', 'reviews.jsonl');
  const lines = (): Array<{ attemptId: string; decision: string }> => fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { attemptId: string; decision: string });
  try {
    const saved = await r.decide(['c1/answer/0/clip0', 'c1/answer/0/missing'], 'accept');
    assert.deepEqual(saved, ['c1/answer/0/clip0']);
    // Saved means on disk already, before any other call.
    assert.deepEqual(lines().map((l) => [l.attemptId, l.decision]), [['c1/answer/0/clip0', 'accept']]);
    assert.equal((await r.page(0, 50, { review: 'unreviewed' })).total, 11);

    const failedIds = await r.idsMatching({ verdict: 'failed' });
    await r.decide(failedIds, 'reject');
    assert.deepEqual(r.counts(), { total: 12, passed: 8, failed: 3, rationalized: 3, accepted: 1, rejected: 3, unreviewed: 8, samples: { total: 9, passedDirect: 6, passedRationalized: 2, failed: 1, unverified: 0 } });
    assert.deepEqual((await r.page(0, 50, { review: 'rejected' })).items.map((a) => a.sampleId), ['clip1', 'clip4', 'clip7']);

    await r.decide(['c1/answer/0/clip0'], 'reject');
    assert.deepEqual(await r.undo(), [{ id: 'c1/answer/0/clip0', decision: 'accept' }]);
    assert.deepEqual(await r.undo(), failedIds.map((id) => ({ id, decision: 'clear' })));
    assert.equal(r.counts().rejected, 0);
    assert.equal(r.counts().accepted, 1);

    // Another session (e.g. after a reload) reads the same state back from the log.
    const again = await ReviewSession.open(workdir, 1);
    assert.deepEqual(again.counts(), r.counts());
    assert.deepEqual((await again.page(0, 1)).items[0]!.decision, 'accept');
    assert.equal(again.canUndo, false);
    await again.close();
    assert.equal(lines().length, 1 + 3 + 1 + 1 + 3);
  } finally {
    await r.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
