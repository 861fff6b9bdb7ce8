import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProbe, renderJobScript, STATUS_SH } from '../../../src/core/jobs/script';
import { parseJobSpec } from '../../../src/core/jobs/spec';
import { checkJobId, JobStore, newJobId } from '../../../src/core/jobs/store';
import { argvPrinter, HOSTILE } from './hostile';

function temp() {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('job ids are safe file names; path tricks are refused', () => {
  const id = newJobId("Fine-tune 'Qwen' $(x) / ../..", new Date('2026-01-02T03:04:05Z'));
  assert.match(id, /^20260102-030405-fine-tune-qwen-x-[0-9a-f]{6}$/);
  for (const bad of ['../x', 'a/b', '', '.hidden', 'a b']) assert.throws(() => checkJobId(bad), /invalid job id/);
});

test('store: records round-trip atomically; unreadable ones are reported, not fatal', async () => {
  const t = temp();
  try {
    const store = new JobStore(t.dir);
    const spec = parseJobSpec({ name: 'n', kind: 'custom', command: ['true'] });
    await store.save({ id: 'a1', target: { kind: 'local' }, spec, createdAt: '2026-01-01T00:00:00Z', dir: '/x' });
    await store.save({ id: 'b2', target: { kind: 'local' }, spec, createdAt: '2026-01-02T00:00:00Z', dir: '/y' });
    writeFileSync(join(store.dir, 'broken.json'), '{"id": 1}');
    const bad: string[] = [];
    const list = await store.list((f) => bad.push(f));
    assert.deepEqual(list.map((r) => r.id), ['b2', 'a1'], 'newest first');
    assert.equal(bad.length, 1);
    assert.deepEqual(readdirSync(store.dir).filter((n) => n.endsWith('.tmp')), [], 'no temp files left');
    await assert.rejects(store.load('zz'), /no job zz/);
  } finally {
    t.done();
  }
});

test('slurm-mode script run by sh: hostile env, cwd and argv arrive exactly; exit code file per task', () => {
  const t = temp();
  try {
    const cwd = join(t.dir, "work 'dir' $(x)");
    mkdirSync(cwd);
    const spec = parseJobSpec({
      name: 'x',
      kind: 'generate',
      command: [...argvPrinter(), ...HOSTILE],
      env: { A_VALUE: HOSTILE.join('\u0001') },
      cwd,
      resources: { array: { count: 4 } },
    });
    const script = renderJobScript(spec, t.dir, 'slurm');
    writeFileSync(join(t.dir, 'job.sh'), script);
    const r = spawnSync('sh', [join(t.dir, 'job.sh')], { encoding: 'utf8', env: { ...process.env, SLURM_ARRAY_TASK_ID: '2' } });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), HOSTILE);
    assert.equal(readFileSync(join(t.dir, 'exit_code.2'), 'utf8'), '0\n');
    const probe = parseProbe(spawnSync('sh', ['-c', STATUS_SH, 'x', t.dir], { encoding: 'utf8' }).stdout);
    assert.deepEqual([...probe.tasks], [[2, 0]]);
    assert.equal(probe.exitCode, undefined);

    const envSpec = parseJobSpec({ name: 'x', kind: 'custom', command: ['sh', '-c', 'printf %s "$A_VALUE"; exit 7'], env: { A_VALUE: HOSTILE.join('\u0001') } });
    writeFileSync(join(t.dir, 'job.sh'), renderJobScript(envSpec, t.dir, 'slurm'));
    const e = spawnSync('sh', [join(t.dir, 'job.sh')], { encoding: 'utf8' });
    assert.equal(e.status, 7);
    assert.equal(e.stdout, HOSTILE.join('\u0001'));
    assert.equal(parseProbe(spawnSync('sh', ['-c', STATUS_SH, 'x', t.dir], { encoding: 'utf8' }).stdout).exitCode, 7);
  } finally {
    t.done();
  }
});
