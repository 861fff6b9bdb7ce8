// How a review session follows reviews.jsonl while other writers (the CLI, another window)
// append to it: only new lines are read, decisions for attempts that are not indexed yet
// wait for them, a torn last line waits for its newline, a replaced or cut log is read
// again from the start, and a decision of the session made during a refresh is not lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCycle, openCycle, type AttemptInput } from '../../../src/core/cycles';
import { ReviewRecord } from '../../../src/core/cycles/records';
import { ReviewSession } from '../../../src/core/review';
import { reviewOf } from '../../../src/core/review/decisions';

const attempt = (s: number): AttemptInput => ({
  sampleId: `s${s}`, stage: 'answer', try: 0, backend: 'test', prompt: 'Q', question: 'Q', output: `answer ${s}`,
  timing: { startedAt: '2025-01-01T00:00:00.000Z', ms: 1 },
});
const id = (s: number): string => `c1/answer/0/s${s}`;

async function project(samples: number): Promise<{ dir: string; workdir: string; log: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  const workdir = path.join(dir, 'vstar');
  const store = await createCycle(workdir, { model: 'm', dataset: 'none' });
  await store.appendAttempts(Array.from({ length: samples }, (_, s) => attempt(s)));
  await store.close();
  return { dir, workdir, log: path.join(workdir, 'cycles', '1', 'reviews.jsonl') };
}

const decided = (r: ReviewSession): [number, number, number] => {
  const c = r.counts();
  return [c.accepted, c.rejected, c.unreviewed];
};

test('appends by another writer are picked up; decisions on attempts not yet indexed wait for them', async () => {
  const { dir, workdir, log } = await project(4);
  const r = await ReviewSession.open(workdir, 1);
  const other = await openCycle(workdir, 1, { write: true });
  try {
    assert.deepEqual(decided(r), [0, 0, 4]);
    await other.appendReviews([{ attemptId: id(0), decision: 'accept' }, { attemptId: id(1), decision: 'reject' }]);
    await r.refresh();
    assert.deepEqual(decided(r), [1, 1, 2]);
    // A decision on s5, which the session has not indexed: kept until s4 and s5 arrive.
    await other.appendReviews([{ attemptId: id(5), decision: 'reject' }, { attemptId: id(0), decision: 'clear' }]);
    await r.refresh();
    assert.deepEqual(decided(r), [0, 1, 3]);
    await other.appendAttempts([attempt(4), attempt(5)]);
    await r.refresh();
    assert.deepEqual(decided(r), [0, 2, 4]);
    assert.equal(r.statusOf(id(5))?.decision, 'reject');
    // A later line for s5 wins over the one that waited.
    await other.appendReviews([{ attemptId: id(5), decision: 'accept' }]);
    await r.refresh();
    assert.equal(r.statusOf(id(5))?.decision, 'accept');
    // A torn last line (no newline yet) counts only once it is complete.
    const line = JSON.stringify({ attemptId: id(2), decision: 'accept', cycle: 1, at: '2025-01-01T00:00:00.000Z' });
    fs.appendFileSync(log, line.slice(0, 20));
    await r.refresh();
    assert.equal(r.statusOf(id(2))?.decision, null);
    fs.appendFileSync(log, line.slice(20) + '\n');
    await r.refresh();
    assert.equal(r.statusOf(id(2))?.decision, 'accept');
    // The same state as a session reading the whole log.
    const fresh = await ReviewSession.open(workdir, 1);
    assert.deepEqual(fresh.counts(), r.counts());
    await fresh.close();
  } finally {
    await other.close();
    await r.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a replaced or cut review log is read again from the start', async () => {
  const { dir, workdir, log } = await project(3);
  const r = await ReviewSession.open(workdir, 1);
  try {
    await r.decide([id(0), id(1)], 'accept');
    await r.decide([id(2)], 'reject');
    await r.refresh();
    assert.deepEqual(decided(r), [2, 1, 0]);
    // Replaced (a new file, as an atomic rewrite makes): only its lines count.
    const keep = fs.readFileSync(log, 'utf8').split('\n')[0]! + '\n';
    fs.writeFileSync(`${log}.new`, keep);
    fs.renameSync(`${log}.new`, log);
    await r.refresh();
    assert.deepEqual(decided(r), [1, 0, 2]);
    // Cut in place to nothing, then written again.
    fs.truncateSync(log, 0);
    await r.refresh();
    assert.deepEqual(decided(r), [0, 0, 3]);
    fs.rmSync(log);
    await r.refresh();
    assert.deepEqual(decided(r), [0, 0, 3]);
  } finally {
    await r.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('decisions made while refreshes run are all kept, as the log says', async () => {
  const { dir, workdir } = await project(30);
  const r = await ReviewSession.open(workdir, 1);
  const other = await openCycle(workdir, 1, { write: true });
  try {
    const work: Array<Promise<unknown>> = [];
    for (let k = 0; k < 30; k++) {
      work.push(r.decide([id(k)], k % 2 ? 'accept' : 'reject'));
      work.push(r.refresh());
      if (k % 3 === 0) work.push(other.appendReviews([{ attemptId: id((k + 1) % 30), decision: 'clear' }]));
    }
    await Promise.all(work);
    await r.refresh();
    const fresh = await ReviewSession.open(workdir, 1);
    for (let k = 0; k < 30; k++) assert.equal(r.statusOf(id(k))?.decision, fresh.statusOf(id(k))?.decision, `s${k}`);
    assert.deepEqual(r.counts(), fresh.counts());
    await fresh.close();
    // A refresh reading another writer's older line for an attempt while the session saves
    // a decision on it ends with the session's decision, whichever finishes first.
    for (let k = 0; k < 30; k++) {
      await other.appendReviews([{ attemptId: id(k), decision: 'clear' }]);
      await Promise.all([r.refresh(), r.decide([id(k)], 'accept')]);
      assert.equal(r.statusOf(id(k))?.decision, 'accept', `s${k}`);
    }
  } finally {
    await other.close();
    await r.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('reviewOf accepts exactly what the store\'s ReviewRecord schema accepts', () => {
  const base = { attemptId: 'c1/answer/0/a', decision: 'accept', cycle: 1, at: 'x' };
  const cases: unknown[] = [
    base, { ...base, decision: 'reject' }, { ...base, decision: 'clear' }, { ...base, by: 'ana' }, { ...base, extra: 1 },
    { ...base, decision: 'maybe' }, { ...base, attemptId: '' }, { ...base, attemptId: 3 }, { ...base, cycle: 0 }, { ...base, cycle: 1.5 },
    { ...base, cycle: '1' }, { ...base, cycle: 2 ** 60 }, { ...base, at: 5 }, { ...base, by: 7 }, { ...base, by: null },
    (({ at: _a, ...rest }) => rest)(base), (({ decision: _d, ...rest }) => rest)(base), null, [], 'accept', 42, undefined,
  ];
  for (const c of cases) {
    const r = reviewOf(c);
    assert.equal(r !== undefined, ReviewRecord.safeParse(c).success, JSON.stringify(c));
    if (r) assert.equal(r[0], (c as { attemptId: string }).attemptId);
  }
});
