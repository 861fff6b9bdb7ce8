// The Jobs view's pure parts: grouping per target, labels, elapsed times, progress → description,
// icons and context values (rows.ts); the worker specs the submit commands send (core specs.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobRecord, Target } from '../../../src/core/jobs';
import { finetuneSpec, generationSpec } from '../../../src/core/jobs/specs';
import { parseJobSpec } from '../../../src/core/jobs/spec';
import { parseProgressLine } from '../../../src/core/jobs/progress';
import { CONTEXT_VALUES } from '../../../src/extension/contextValues';
import {
  contextValueFor, describeJob, formatElapsed, groupByTarget, iconFor, jobTooltip, nextDelay,
  progressPercent, targetDescription, targetKey, type JobView,
} from '../../../src/extension/jobs/rows';

const T0 = Date.parse('2026-11-24T10:00:00.000Z');
const local: Target = { kind: 'local' };
const gpu: Target = { kind: 'ssh', ssh: { host: 'gpu1', user: 'ana' } };
const slurm: Target = { kind: 'slurm', ssh: { host: 'login.hpc' } };

function rec(id: string, target: Target, last?: JobRecord['last'], minutes = 0): JobRecord {
  return {
    id,
    target,
    spec: parseJobSpec({ name: `job ${id}`, kind: 'generate', command: ['echo', id] }),
    createdAt: new Date(T0 + minutes * 60_000).toISOString(),
    dir: `/tmp/${id}`,
    ...(last ? { last } : {}),
  };
}

test('formatElapsed: seconds, minutes, hours, days, never negative', () => {
  assert.equal(formatElapsed(0), '0s');
  assert.equal(formatElapsed(59_999), '59s');
  assert.equal(formatElapsed(65_000), '1m 05s');
  assert.equal(formatElapsed(3_600_000 + 2 * 60_000 + 30_000), '1h 02m');
  assert.equal(formatElapsed(2 * 86_400_000 + 3 * 3_600_000), '2d 03h');
  assert.equal(formatElapsed(-5000), '0s');
});

test('progressPercent from a VSTAR_PROGRESS line; unknown total gives none', () => {
  assert.equal(progressPercent(parseProgressLine('VSTAR_PROGRESS {"done": 3, "total": 8}')), 37);
  assert.equal(progressPercent(parseProgressLine('[2] VSTAR_PROGRESS {"done": 8, "total": 8, "loss": 0.5}')), 100);
  assert.equal(progressPercent(parseProgressLine('VSTAR_PROGRESS {"done": 0, "total": 0}')), undefined);
  assert.equal(progressPercent(parseProgressLine('VSTAR_PROGRESS not json')), undefined);
  assert.equal(progressPercent({ done: 12, total: 10 }), 100);
});

test('describeJob: state, elapsed until now while running, until the final status after', () => {
  const running: JobView = {
    record: rec('a', local, { id: 'a', state: 'running', at: T0 + 1000 }),
    progress: parseProgressLine('VSTAR_PROGRESS {"done": 5, "total": 20}'),
  };
  assert.equal(describeJob(running, T0 + 185_000), 'running · 3m 05s · 25%');
  const done: JobView = { record: rec('b', local, { id: 'b', state: 'completed', exitCode: 0, at: T0 + 42_000 }), progress: { done: 20, total: 20 } };
  assert.equal(describeJob(done, T0 + 9_999_999), 'completed · 42s');
  const failed: JobView = { record: rec('c', local, { id: 'c', state: 'failed', exitCode: 3, at: T0 + 61_000 }), progress: { done: 1, total: 4 } };
  assert.equal(describeJob(failed, T0 + 9_999_999), 'failed (exit 3) · 1m 01s · 25%');
  // the real end where known beats the time the final status was first seen
  assert.equal(describeJob({ ...done, endedAt: T0 + 5_000 }, T0 + 9_999_999), 'completed · 5s');
  // never polled yet: shown as pending
  assert.equal(describeJob({ record: rec('d', local) }, T0 + 2000), 'pending · 2s');
});

test('groupByTarget: one group per target, named as in vstar.yaml, sorted by label, jobs in order', () => {
  const jobs: JobView[] = [
    { record: rec('3', gpu, undefined, 3) },
    { record: rec('2', local, undefined, 2) },
    { record: rec('1', { kind: 'ssh', ssh: { user: 'ana', host: 'gpu1' } }, undefined, 1) },
    { record: rec('0', slurm, undefined, 0) },
  ];
  const names = new Map([[targetKey(gpu), 'a100']]);
  const groups = groupByTarget(jobs, names);
  assert.deepEqual(groups.map((g) => g.label), ['a100', 'local', 'slurm:login.hpc']);
  assert.deepEqual(groups[0]!.jobs.map((j) => j.record.id), ['3', '1'], 'field order does not split a target');
  assert.equal(groups[0]!.description, 'ssh · ana@gpu1');
  assert.equal(new Set(groups.map((g) => g.id)).size, 3);
  assert.deepEqual(groupByTarget([]), []);
});

test('targetDescription for each kind', () => {
  assert.equal(targetDescription(local), 'local');
  assert.equal(targetDescription({ kind: 'ssh', ssh: { host: 'h' } }), 'ssh · h');
  assert.equal(targetDescription({ kind: 'slurm' }), 'slurm · this machine');
  assert.equal(targetDescription(slurm), 'slurm · login.hpc');
});

test('icons and context values per state; context values are declared ones', () => {
  assert.equal(iconFor('running').id, 'sync~spin');
  assert.equal(iconFor('completed').color, 'testing.iconPassed');
  assert.equal(iconFor('failed').id, 'error');
  for (const s of ['pending', 'running', 'unknown'] as const) assert.equal(contextValueFor(s), 'job.running');
  for (const s of ['completed', 'failed', 'cancelled'] as const) assert.equal(contextValueFor(s), 'job.finished');
  assert.ok(CONTEXT_VALUES.includes('job.running') && CONTEXT_VALUES.includes('job.finished'));
});

test('tooltip names the id, target, Slurm id, progress and a status error', () => {
  const r = { ...rec('x', slurm, { id: 'x', state: 'running', at: T0 }), slurmJobId: '4711' };
  const tip = jobTooltip({ record: r, progress: { done: 2, total: 9, loss: 1.5 }, error: 'connect ECONNREFUSED' }, T0 + 1000);
  for (const part of ['id: x', 'slurm:login.hpc', 'Slurm job: 4711', 'progress: 2/9 · loss 1.5', 'ECONNREFUSED', 'command: echo x']) {
    assert.ok(tip.includes(part), `tooltip lacks ${part}:\n${tip}`);
  }
});

test('nextDelay backs off while nothing changes and snaps back after a change', () => {
  let d = 1000;
  const seen = [];
  for (let i = 0; i < 7; i++) seen.push((d = nextDelay(d, false, 1000, 30000)));
  assert.deepEqual(seen, [2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  assert.equal(nextDelay(30000, true, 1000, 30000), 1000);
});

test('generationSpec: worker argv, requests copied in, array job for shards, valid spec', () => {
  const s = parseJobSpec(generationSpec({ model: '/models/qwen', requests: '/p/vstar/cycles/2/requests.jsonl', cycle: 2, shards: 4, adapter: '/a/adapter' }));
  assert.equal(s.kind, 'generate');
  assert.deepEqual(s.command.slice(0, 3), ['python3', '-m', 'vstar_workers.generate']);
  const arg = (f: string) => s.command[s.command.indexOf(f) + 1];
  assert.equal(arg('--model'), '/models/qwen');
  assert.equal(arg('--adapter'), '/a/adapter');
  assert.equal(arg('--requests'), 'inputs/requests.jsonl');
  assert.equal(arg('--out'), 'out/attempts-{shard}.jsonl');
  assert.equal(arg('--cycle'), '2');
  assert.deepEqual(s.inputs, [{ local: '/p/vstar/cycles/2/requests.jsonl', remote: 'inputs/requests.jsonl' }]);
  assert.deepEqual(s.outputs, ['out']);
  assert.deepEqual(s.resources.array, { count: 4 });
  assert.equal(parseJobSpec(generationSpec({ model: 'm', requests: 'r.jsonl', cycle: 0 })).resources.array, undefined);
  assert.throws(() => generationSpec({ model: 'm', requests: 'r', cycle: -1 }), /cycle/);
  assert.throws(() => generationSpec({ model: 'm', requests: 'r', cycle: 1, shards: 0 }), /shards/);
});

test('finetuneSpec: worker argv, export copied in, odd file names never become paths', () => {
  const s = parseJobSpec(finetuneSpec({ model: '/m/qwen2', data: '/x/we ird;name.json', python: '/venv/bin/python', maxSteps: 10, resources: { gpus: 1 } }));
  assert.equal(s.kind, 'finetune');
  assert.deepEqual(s.command.slice(0, 3), ['/venv/bin/python', '-m', 'vstar_workers.finetune']);
  assert.equal(s.command[s.command.indexOf('--data') + 1], 'inputs/data.json');
  assert.equal(s.command[s.command.indexOf('--max-steps') + 1], '10');
  assert.equal(s.command.indexOf('--epochs'), -1, 'unset options are left to the worker');
  assert.equal(s.resources.gpus, 1);
  assert.equal(s.name, 'finetune qwen2');
});

test('job commands: untrusted workspaces never run them; submit needs vstar.yaml and targets; cancel only on running rows', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const root = path.resolve(__dirname, '../../..');
  const table = fs.readFileSync(path.join(root, 'src/extension/commands.ts'), 'utf8');
  const requires = (id: string) => {
    const m = new RegExp(`'${id.replace(/\./g, '\\.')}':\\s*\\{\\s*requires:\\s*\\[([^\\]]*)\\]`).exec(table);
    assert.ok(m, `${id} not in the command table`);
    return [...m[1]!.matchAll(/'(\w+)'/g)].map((x) => x[1]);
  };
  for (const id of ['vstar.job.sendGeneration', 'vstar.job.startFinetune']) {
    for (const need of ['trust', 'project', 'targets']) assert.ok(requires(id).includes(need), `${id} must require ${need}`);
  }
  for (const id of ['vstar.job.cancel', 'vstar.job.showLogs']) assert.ok(requires(id).includes('trust'), `${id} must require trust`);
  assert.match(table, /reason: 'no compute targets configured/);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } };
  const items = pkg.contributes.menus['view/item/context']!.filter((e) => e.command === 'vstar.job.cancel');
  assert.ok(items.length > 0, 'Cancel Job is on the job rows');
  for (const e of items) assert.equal(e.when, 'view == vstar.views.jobs && viewItem == job.running');
  const titles = pkg.contributes.menus['view/title']!.filter((e) => e.when === 'view == vstar.views.jobs').map((e) => e.command);
  assert.deepEqual(titles.sort(), ['vstar.job.sendGeneration', 'vstar.job.startFinetune']);
});
