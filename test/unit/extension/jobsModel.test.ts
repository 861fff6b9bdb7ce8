// The Jobs model with real local jobs (child processes): it finds records on disk, follows
// progress lines, sees the job finish, reattaches from a fresh model, and cancels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRunner } from '../../../src/core/jobs';
import { JobsModel } from '../../../src/extension/jobs/model';
import { describeJob, groupByTarget, stateOf } from '../../../src/extension/jobs/rows';

async function until<T>(what: string, f: () => T | undefined, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a local job: progress from its log, completed after, seen again by a fresh model', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  const model = new JobsModel(dir, { minPollMs: 100, maxPollMs: 400, logPollMs: 50 });
  try {
    await model.reload();
    assert.deepEqual(model.jobs(), []);
    const script = 'echo "VSTAR_PROGRESS {\\"done\\": 1, \\"total\\": 4}"; sleep 0.6; echo "VSTAR_PROGRESS {\\"done\\": 3, \\"total\\": 4}"; sleep 0.6';
    const h = await model.runnerFor({ kind: 'local' }).submit({ name: 'tiny', kind: 'generate', command: ['sh', '-c', script] });
    await model.reload();
    assert.equal(model.runningCount(), 1);
    const seen = await until('progress 1/4', () => model.get(h.id)?.progress?.done === 1 || model.get(h.id)?.progress?.done === 3);
    assert.ok(seen);
    await until('completed', () => stateOf(model.get(h.id)!.record) === 'completed');
    assert.equal(model.get(h.id)!.progress?.done, 3, 'the last progress line wins');
    assert.equal(model.runningCount(), 0);
    assert.match(describeJob(model.get(h.id)!, Date.now()), /^completed · \d+s$/);
    const groups = groupByTarget(model.jobs());
    assert.deepEqual(groups.map((g) => [g.label, g.jobs.length]), [['local', 1]]);

    // a new model (as after a window reload) reads the records back, final state included
    const again = new JobsModel(dir);
    try {
      await again.reload();
      assert.equal(stateOf(again.get(h.id)!.record), 'completed');
    } finally {
      again.dispose();
    }
  } finally {
    model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('reattach to a job submitted by another process, then cancel it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  // submitted by "someone else" (the CLI, or the window before a reload)
  const other = createRunner({ kind: 'local' }, dir);
  const h = await other.submit({ name: 'long', kind: 'finetune', command: ['sleep', '30'] });
  await other.close();
  const model = new JobsModel(dir, { minPollMs: 100, maxPollMs: 400 });
  try {
    await model.reload();
    await until('running', () => stateOf(model.get(h.id)!.record) === 'running');
    const s = await model.cancel(h.id);
    assert.equal(s.state, 'cancelled');
    await until('cancelled in the model', () => stateOf(model.get(h.id)!.record) === 'cancelled');
    assert.equal(model.runningCount(), 0);
  } finally {
    model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a local job that ended unwatched shows how long it ran, not when it was first seen', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  const runner = createRunner({ kind: 'local' }, dir);
  const h = await runner.submit({ name: 'quick', kind: 'custom', command: ['true'] });
  await runner.close();
  await new Promise((r) => setTimeout(r, 1500)); // nobody watches while it ends
  const model = new JobsModel(dir, { minPollMs: 50, maxPollMs: 200 });
  try {
    await model.reload();
    const j = await until('completed with its end time', () => {
      const v = model.get(h.id);
      return v && stateOf(v.record) === 'completed' && v.endedAt !== undefined ? v : undefined;
    });
    const seenAfter = j.record.last!.at - Date.parse(j.record.createdAt);
    assert.ok(seenAfter >= 1400, `status first seen ${seenAfter} ms after submission`);
    assert.ok(j.endedAt! - Date.parse(j.record.createdAt) < 1000, 'the exit_code file dates the end');
    assert.match(describeJob(j, Date.now()), /^completed · [01]s$/);
  } finally {
    model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
