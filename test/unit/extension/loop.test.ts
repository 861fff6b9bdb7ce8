// The extension's side of the loop without VS Code: whether run.json describes a run still
// going (a real live process, a real dead one), the progress line of the notification and
// the tree, how a run ended (run.json and the CLI's --json result), and the Cycles tree's
// stage rows over a real cycle whose state the loop wrote (review gate, evaluation, a
// live stage, a run killed mid-stage).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCycle } from '../../../src/core/cycles';
import type { LoopRun } from '../../../src/core/loop/runFile';
import { cycleDescription, stageIcon, stageRows } from '../../../src/extension/cycles/stages';
import {
  cycleCountProblem, formatEta, isLive, outcomeOfResult, outcomeOfRun, progressText, readLoopRun, stageProgressText,
} from '../../../src/extension/loop/runFile';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-loop-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const run = (o: Partial<LoopRun>): LoopRun => ({
  pid: process.pid, host: hostname(), startedAt: '2026-12-07T18:00:00.000Z', updatedAt: '2026-12-07T18:03:00.000Z',
  state: 'running', cyclesTarget: 3, cycle: 2, stage: 'generate', done: 120, total: 400, etaSeconds: 170, ...o,
});

function writeRun(workdir: string, r: LoopRun): void {
  fs.mkdirSync(path.join(workdir, 'loop'), { recursive: true });
  fs.writeFileSync(path.join(workdir, 'loop', 'run.json'), JSON.stringify(r, null, 1) + '\n');
}

test('isLive: run.json of this (living) process is live; of an exited process, or over, it is not', async (t) => {
  const workdir = tempDir(t);
  assert.equal(readLoopRun(workdir), undefined, 'no run.json: no run');
  writeRun(workdir, run({}));
  assert.ok(isLive(readLoopRun(workdir)));
  const child = spawn(process.execPath, ['-e', '0']);
  const dead = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)));
  writeRun(workdir, run({ pid: dead }));
  assert.equal(readLoopRun(workdir)?.pid, dead);
  assert.equal(isLive(readLoopRun(workdir)), false, 'a SIGKILLed run leaves state running behind; its pid is gone');
  writeRun(workdir, run({ state: 'waiting' }));
  assert.equal(isLive(readLoopRun(workdir)), false);
  fs.writeFileSync(path.join(workdir, 'loop', 'run.json'), '{"pid": 12, "sta');
  assert.equal(readLoopRun(workdir), undefined, 'a torn file is no run');
});

test('progress text: cycle, stage, done/total and ETA', () => {
  assert.equal(progressText({ cycle: 2, stage: 'generate', done: 120, total: 400, etaSeconds: 170 }), 'cycle 2 · generate · 120/400 · ETA 3 min');
  assert.equal(progressText({ cycle: 1, stage: 'finetune', done: 0, total: 0 }), 'cycle 1 · finetune');
  assert.equal(progressText({ cycle: 3, stage: 'evaluate', done: 120, total: 120, etaSeconds: 0 }), 'cycle 3 · evaluate · 120/120');
  assert.equal(stageProgressText({ done: 12_500, total: 100_000, etaSeconds: 4000 }), '12,500/100,000 · ETA 1 h 7 min');
  assert.deepEqual([formatEta(0), formatEta(44.6), formatEta(60), formatEta(3600), formatEta(7260)], ['0 s', '45 s', '1 min', '1 h', '2 h 1 min']);
});

test('outcomes: from run.json when following, from the --json result when the child exits 0', () => {
  assert.deepEqual(outcomeOfRun(run({ state: 'done', cyclesTarget: 3 })), { kind: 'done', cycles: 3 });
  assert.deepEqual(outcomeOfRun(run({ state: 'waiting', cycle: 2, stage: 'review' })), { kind: 'waiting', cycle: 2 });
  assert.deepEqual(outcomeOfRun(run({ state: 'failed', message: 'finetune job 7 failed (exit 1)' })), { kind: 'failed', message: 'finetune job 7 failed (exit 1)' });
  assert.deepEqual(outcomeOfRun(run({ state: 'cancelled' })), { kind: 'stopped', reason: 'cancelled' });
  assert.match((outcomeOfRun(run({ pid: 4242, cycle: 2, stage: 'finetune' })) as { reason: string }).reason, /pid 4242.*cycle 2 finetune/);
  assert.equal(outcomeOfRun(undefined).kind, 'stopped');
  const review = JSON.stringify({ completed: [1], stopped: { cycle: 2, stage: 'review', reason: 'review' }, finishedBefore: 0, evaluations: [] });
  assert.deepEqual(outcomeOfResult(review), { kind: 'waiting', cycle: 2 });
  assert.deepEqual(outcomeOfResult(JSON.stringify({ completed: [2, 3], finishedBefore: 1 })), { kind: 'done', cycles: 2 });
  assert.deepEqual(outcomeOfResult('not json'), { kind: 'done' });
  assert.deepEqual(['3', ' 12 ', '0', '-1', '2.5', 'three', '101'].map(cycleCountProblem).map((p) => p === undefined), [true, true, false, false, false, false, false]);
});

test('stage rows over the loop\'s state: review gate waiting, held-out evaluation, live and killed runs', async (t) => {
  const store = await createCycle(tempDir(t), { model: 'tiny', dataset: 'shapes' });
  t.after(() => store.close());
  const state = await store.updateState((s) => ({
    ...s,
    stages: {
      generate: { status: 'done' }, verify: { status: 'done' }, rationalize: { status: 'done' }, review: { status: 'waiting' },
      export: { status: 'pending' }, finetune: { status: 'running', note: 'job 42 on local' }, evaluate: { status: 'pending' },
    },
    lineage: { family: 'tiny', base: 'models/tiny', output: { adapter: 'models/cycle-1', target: 'local', jobId: '42' } },
    evaluation: { overall: 0.727, byLabelType: { class: 0.669, yes_no: 0.9 }, byField: { direction: 0.467, shape: 0.542 }, questions: 120, model: 'models/cycle-1' },
  }));
  const status = await store.status();
  const by = (extras: Parameters<typeof stageRows>[2]) => Object.fromEntries(stageRows(status, [], extras).map((r) => [r.stage, r]));

  const plain = by({ facts: state });
  assert.equal(plain.review!.status, 'waiting');
  assert.match(plain.review!.description, /^waiting for review · /);
  assert.deepEqual(stageIcon('waiting'), { id: 'debug-pause', color: 'charts.yellow' });
  assert.equal(plain.evaluate!.description, 'held-out 72.7% · class 66.9% · yes_no 90%');
  assert.equal(plain.evaluate!.status, 'pending', 'the recorded stage status stands');
  assert.match(plain.evaluate!.tooltip, /120 held-out questions answered by models\/cycle-1/);
  assert.match(plain.evaluate!.tooltip, /per field: direction 46\.7%, shape 54\.2%/);
  assert.equal(plain.finetune!.status, 'running');
  assert.match(plain.finetune!.tooltip, /output: models\/cycle-1 on local/);
  assert.equal(cycleDescription(status, { facts: state }), 'held-out 72.7% · tiny · shapes · 0 attempts');
  assert.equal(cycleDescription(status, { live: { stage: 'baseline', progress: '60/120' } }), 'running baseline 60/120 · tiny · shapes · 0 attempts');

  const live = by({ facts: state, live: { stage: 'finetune', progress: stageProgressText({ done: 30, total: 96, etaSeconds: 50 }) } });
  assert.equal(live.finetune!.status, 'running');
  assert.match(live.finetune!.description, /^running · 30\/96 · ETA 50 s · /);

  const killed = by({ facts: state, interrupted: true });
  assert.equal(killed.finetune!.status, 'pending');
  assert.match(killed.finetune!.description, /^stopped \(Run Cycles continues it\)/);
  assert.equal(killed.generate!.status, 'done', 'finished stages are untouched');
});
