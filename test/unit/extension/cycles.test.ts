// The Cycles tree's model without VS Code: stage rows (state, counts, pass rate) from a
// real cycle built with the store API, the watcher's path → cycle mapping and which samples
// "Rationalize" asks about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCycle, VerdictTable, type CycleStore } from '../../../src/core/cycles';
import { itemsToRationalize } from '../../../src/extension/actions/plan';
import { cycleOfPath } from '../../../src/extension/cycles/paths';
import { CYCLE_STAGES, cycleDescription, percent, stageIcon, stageRows } from '../../../src/extension/cycles/stages';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const timing = { startedAt: '2025-01-01T00:00:00.000Z', ms: 5 };
const attempt = (sampleId: string, stage: 'answer' | 'rationalize', t = 0) => ({ sampleId, stage, try: t, backend: 'test', prompt: 'p', question: 'q', output: 'o', timing });

/**
 * s1 passes directly; s2 fails, then passes with the hint; s3 fails twice; s4 has an
 * answer not verified yet. s1's answer is accepted, s2's hinted answer rejected.
 */
async function buildCycle(workdir: string): Promise<CycleStore> {
  const store = await createCycle(workdir, { model: 'tiny', dataset: 'shapes' });
  const a = await store.appendAttempts([attempt('s1', 'answer'), attempt('s2', 'answer'), attempt('s3', 'answer'), attempt('s2', 'rationalize'), attempt('s3', 'rationalize'), attempt('s4', 'answer')]);
  const v = (i: number, pass: boolean) => ({ attemptId: a[i]!.id, pass, verifier: 'label-match@1', checks: [] });
  await store.appendVerdicts([v(0, true), v(1, false), v(2, false), v(3, true), v(4, false)]);
  await store.appendReviews([{ attemptId: a[0]!.id, decision: 'accept' }, { attemptId: a[3]!.id, decision: 'reject' }]);
  return store;
}

test('stageRows: seven stages with states, counts and pass rates from the core status', async (t) => {
  const store = await buildCycle(tempDir(t));
  t.after(() => store.close());
  await store.updateState((s) => {
    s.stages.generate = { status: 'done', counts: { errors: 2 }, note: 'resumed once' };
    s.stages.finetune = { status: 'running', note: 'job abc' };
  });
  const status = await store.status();
  const rows = stageRows(status, ['vstar.json', 'dataset_info.json']);
  assert.deepEqual(rows.map((r) => r.stage), [...CYCLE_STAGES]);
  const by = Object.fromEntries(rows.map((r) => [r.stage, r]));
  // generate: 4 answers, 4 samples, 3 verified samples, 1 passed directly
  assert.equal(by.generate!.status, 'done');
  assert.equal(by.generate!.description, '4 answers · 4 samples · pass 33.3%');
  assert.match(by.generate!.tooltip, /2 samples hit errors/);
  assert.match(by.generate!.tooltip, /resumed once/);
  assert.ok(Math.abs(by.generate!.passRate! - 1 / 3) < 1e-9);
  // verify: 5 of 6 attempts verified, 2 passed; not all verified → pending
  assert.equal(by.verify!.description, '5/6 verified · pass 40%');
  assert.equal(by.verify!.status, 'pending');
  assert.deepEqual(by.verify!.groups.map((g) => g.filter), [{ verdict: 'passed' }, { verdict: 'failed' }, { verdict: 'unverified' }]);
  // rationalize: 2 hinted answers; 2 samples needed the hint, 1 recovered
  assert.equal(by.rationalize!.description, '2 hinted answers · recovered 1/2 (50%)');
  assert.equal(by.rationalize!.status, 'done');
  // review: s1 accepted, s2's hinted answer rejected; no passed attempt left unreviewed
  assert.equal(by.review!.description, '1 accepted · 1 rejected · 0 to review');
  assert.equal(by.review!.status, 'done');
  assert.equal(by.review!.passRate, 0.5);
  assert.equal(by.export!.description, '2 files');
  assert.equal(by.export!.status, 'done');
  assert.equal(by.finetune!.status, 'running');
  assert.match(by.finetune!.tooltip, /job abc/);
  assert.equal(by.evaluate!.status, 'pending');
  assert.equal(by.evaluate!.description, 'not started');
  assert.equal(cycleDescription(status), 'tiny · shapes · 6 attempts · pass 66.7%');
});

test('stageRows of a new, empty cycle: everything pending, no pass rates, no division by zero', async (t) => {
  const store = await createCycle(tempDir(t), { model: 'tiny', dataset: 'shapes' });
  t.after(() => store.close());
  const rows = stageRows(await store.status(), []);
  assert.deepEqual(rows.map((r) => r.status), ['pending', 'pending', 'pending', 'pending', 'pending', 'pending', 'pending']);
  assert.ok(rows.every((r) => r.passRate === undefined));
  assert.equal(rows[0]!.description, '0 answers · 0 samples · pass –');
  assert.equal(rows[4]!.description, 'nothing exported yet');
  assert.equal(percent(1, 0), '–');
  assert.equal(percent(1, 3), '33.3%');
  assert.equal(stageIcon('running').id, 'sync~spin');
});

test('cycleOfPath finds the cycle of a changed file', () => {
  assert.deepEqual(cycleOfPath('/p/vstar/cycles/12/attempts.jsonl'), { workdir: '/p/vstar', cycle: 12 });
  assert.deepEqual(cycleOfPath('/p/vstar/cycles/3'), { workdir: '/p/vstar', cycle: 3 });
  assert.deepEqual(cycleOfPath('/p/vstar/cycles/3/exports/a.json'), { workdir: '/p/vstar', cycle: 3 });
  assert.equal(cycleOfPath('/p/vstar/cycles/.new-1-ab/state.json'), undefined);
  assert.equal(cycleOfPath('/p/vstar/datasets/x/records.jsonl'), undefined);
  assert.equal(cycleOfPath('/p/vstar/cycles/0/state.json'), undefined);
});

test('itemsToRationalize: only samples whose direct answers are all verified and failed', async (t) => {
  const store = await buildCycle(tempDir(t));
  t.after(() => store.close());
  const index = store.index();
  const verdicts = new VerdictTable(store.path('verdicts')).refresh(index);
  const item = (sampleId: string) => ({ sampleId, question: 'q', hint: 'h', labels: [] });
  const items = ['s1', 's2', 's3', 's4', 's5'].map(item);
  // s1 passed, s4 unverified, s5 never answered: none of them asked again
  assert.deepEqual(itemsToRationalize(items, index, verdicts, 1).map((i) => i.sampleId), ['s2', 's3']);
  // with K = 2 a second direct answer is missing for everyone
  assert.deepEqual(itemsToRationalize(items, index, verdicts, 2), []);
});
