import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunner, runnerForJob } from '../../../src/core/jobs';
import { JobStore } from '../../../src/core/jobs/store';
import { HOSTILE } from '../../unit/jobs/hostile';
import { collect, done, REPORTER, tempDir, waitGone, waitStatus } from './helpers';

const node = process.execPath;

test('local: hostile argv, env and input names reach the program exactly; outputs come back', async () => {
  const t = tempDir();
  const runner = createRunner({ kind: 'local' }, join(t.dir, 'vstar'));
  try {
    const data = join(t.dir, 'data.txt');
    writeFileSync(data, 'payload');
    const h = await runner.submit({
      name: "evil $(touch PWNED) 'name'\n;",
      kind: 'custom',
      command: [node, '-e', REPORTER, ...HOSTILE],
      env: { HOSTILE_ENV: HOSTILE.join('|') },
      inputs: [{ local: data, remote: 'in/data.txt' }],
      outputs: ['out/result.json', 'out/missing.json'],
    });
    const s = await waitStatus(runner, h.id, done);
    assert.equal(s.state, 'completed', JSON.stringify(s));
    assert.equal(s.exitCode, 0);
    const lines = await collect(runner.logs(h.id, { stream: 'stdout' }));
    const r = JSON.parse(lines[0]!);
    assert.deepEqual(r.argv, HOSTILE);
    assert.equal(r.env, HOSTILE.join('|'));
    assert.equal(r.input, 'payload');
    assert.deepEqual(await collect(runner.logs(h.id, { stream: 'stderr' })), ['to stderr']);
    const dest = join(t.dir, 'fetched');
    const f = await runner.fetchArtifacts(h.id, dest);
    assert.deepEqual(f.missing, ['out/missing.json']);
    assert.deepEqual(JSON.parse(readFileSync(join(dest, 'out', 'result.json'), 'utf8')).argv, HOSTILE);
    assert.equal(existsSync(join(t.dir, 'PWNED')) || existsSync(join(t.dir, 'vstar', 'jobs', h.id, 'PWNED')), false);
  } finally {
    await runner.close();
    t.cleanup();
  }
});

test('local: a failing command is failed with its exit code', async () => {
  const t = tempDir();
  const runner = createRunner({ kind: 'local' }, t.dir);
  try {
    const h = await runner.submit({ name: 'fail', kind: 'custom', command: [node, '-e', 'process.exit(3)'] });
    const s = await waitStatus(runner, h.id, done);
    assert.equal(s.state, 'failed');
    assert.equal(s.exitCode, 3);
  } finally {
    t.cleanup();
  }
});

test('local: cancel stops the whole process group; a fresh runner reattaches and follows logs', async () => {
  const t = tempDir();
  const first = createRunner({ kind: 'local' }, t.dir);
  try {
    // a child that ignores nothing and ticks; it must die with its parent's group
    const ticker = `require('fs').writeFileSync('child.pid', String(process.pid)); let i = 0; setInterval(() => console.log('tick ' + i++), 50);`;
    const long = await first.submit({ name: 'long', kind: 'custom', command: [node, '-e', ticker] });
    const short = await first.submit({
      name: 'short',
      kind: 'custom',
      command: [node, '-e', `let i = 0; const t = setInterval(() => { console.log('line ' + i++); if (i === 5) clearInterval(t); }, 100);`],
    });
    await first.close();
    const rec = await new JobStore(t.dir).load(long.id);
    assert.ok(rec.pid && rec.pidStart, 'pid and start time recorded');

    // "restart": a new runner knows the jobs only from their records
    const again = await runnerForJob(t.dir, short.id);
    const followed = await collect(again.logs(short.id, { follow: true, pollMs: 50 }));
    assert.deepEqual(followed, ['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    assert.equal((await again.status(short.id)).state, 'completed');

    assert.equal((await waitStatus(again, long.id, (s) => s.state === 'running')).state, 'running');
    const c = await again.cancel(long.id);
    assert.equal(c.state, 'cancelled');
    const child = Number(readFileSync(join(rec.dir, 'child.pid'), 'utf8'));
    assert.ok(await waitGone(rec.pid!), 'the wrapper is gone');
    assert.ok(await waitGone(child), 'the program the wrapper started is gone too (whole group signalled)');
    const saved = await new JobStore(t.dir).load(long.id);
    assert.equal(saved.last?.state, 'cancelled', 'final state saved in the record');
  } finally {
    t.cleanup();
  }
});

test('local: an array job runs each shard with VSTAR_SHARD / VSTAR_NUM_SHARDS', async () => {
  const t = tempDir();
  const runner = createRunner({ kind: 'local' }, t.dir);
  try {
    const h = await runner.submit({
      name: 'shards',
      kind: 'generate',
      command: [node, '-e', `console.log(process.env.VSTAR_SHARD + '/' + process.env.VSTAR_NUM_SHARDS); process.exit(process.env.VSTAR_SHARD === '1' ? 4 : 0)`],
      resources: { array: { count: 3 } },
    });
    const s = await waitStatus(runner, h.id, done);
    assert.equal(s.state, 'failed');
    assert.deepEqual(s.tasks?.map((x) => [x.index, x.state, x.exitCode]), [
      [0, 'completed', 0],
      [1, 'failed', 4],
      [2, 'completed', 0],
    ]);
    const lines = (await collect(runner.logs(h.id, { stream: 'stdout' }))).filter((l) => !l.startsWith('VSTAR_TASK'));
    assert.deepEqual(lines, ['0/3', '1/3', '2/3']);
  } finally {
    t.cleanup();
  }
});

test('spec validation refuses escaping paths and bad env names before anything runs', async () => {
  const t = tempDir();
  const runner = createRunner({ kind: 'local' }, t.dir);
  try {
    await assert.rejects(runner.submit({ name: 'x', kind: 'custom', command: ['true'], outputs: ['../etc/passwd'] }), /relative path inside the job directory/);
    await assert.rejects(runner.submit({ name: 'x', kind: 'custom', command: ['true'], inputs: [{ local: 'a', remote: '/abs' }] }), /relative path/);
    await assert.rejects(runner.submit({ name: 'x', kind: 'custom', command: ['true'], env: { 'A;B': '1' } }), /environment names/);
    assert.equal(existsSync(join(t.dir, 'jobs')), false);
  } finally {
    t.cleanup();
  }
});

test('local: a secret reaches the job by name, its value in no file of the job or its record; secret-looking env is refused', async () => {
  const t = tempDir();
  const workdir = join(t.dir, 'vstar');
  const runner = createRunner({ kind: 'local' }, workdir);
  const secret = `tok-${process.pid}-"quoted" $(touch PWNED) 'x'\nline2`;
  assert.equal(process.env.VSTAR_TEST_TOKEN, undefined, 'not inherited: the runner must pass it');
  try {
    const h = await runner.submit(
      {
        name: 'secret',
        kind: 'custom',
        // prints a digest, not the value: the job's own logs must stay clean too
        command: [node, '-e', 'console.log(require("crypto").createHash("sha256").update(process.env.VSTAR_TEST_TOKEN ?? "unset").digest("hex"))'],
        secretEnv: ['VSTAR_TEST_TOKEN'],
      },
      { secrets: { VSTAR_TEST_TOKEN: secret } },
    );
    assert.equal((await waitStatus(runner, h.id, done)).state, 'completed');
    assert.deepEqual(await collect(runner.logs(h.id, { stream: 'stdout' })), [createHash('sha256').update(secret).digest('hex')]);
    const files = walkFiles(workdir);
    assert.ok(files.some((f) => f.endsWith('job.sh')) && files.some((f) => f.endsWith(`${h.id}.json`)), files.join('\n'));
    for (const f of files) {
      const b = readFileSync(f);
      assert.ok(!b.includes(Buffer.from(secret.split('\n')[0]!)), `${f} holds the secret`);
    }
    assert.deepEqual(new JobStore(workdir).loadSync(h.id).spec.secretEnv, ['VSTAR_TEST_TOKEN']);
    assert.equal(existsSync(join(workdir, 'jobs', h.id, 'PWNED')), false);

    const before = walkFiles(workdir).length;
    await assert.rejects(runner.submit({ name: 'x', kind: 'custom', command: ['true'], env: { HF_TOKEN: 'hf_x' } }), /HF_TOKEN looks like a secret/);
    await assert.rejects(runner.submit({ name: 'x', kind: 'custom', command: ['true'], secretEnv: ['HF_TOKEN'] }), /secret HF_TOKEN has no value/);
    assert.equal(walkFiles(workdir).length, before, 'a refused submit wrote nothing');
  } finally {
    await runner.close();
    t.cleanup();
  }
});

function walkFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
