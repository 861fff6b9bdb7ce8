import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunner, runnerForJob, type Target } from '../../../src/core/jobs';
import { parseProgressLine } from '../../../src/core/jobs/progress';
import type { SlurmRunner } from '../../../src/core/jobs/slurm-runner';
import { HOSTILE } from '../../unit/jobs/hostile';
import { collect, done, REPORTER, tempDir, waitStatus } from './helpers';
import { requireServices } from './services';

const svc = requireServices({ slurm: true });
const node = process.execPath;
const polling = { minMs: 200, maxMs: 1000 };

function viaSsh(remoteDir: string): Target {
  return { kind: 'slurm', ssh: { host: 'vstar-test', sshConfigFile: svc.sshConfig, knownHostsFile: svc.knownHosts, remoteDir }, polling };
}

test('slurm over ssh: a sharded array job, a finetune-like GPU job, cancel one, fetch results', async () => {
  const t = tempDir();
  const workdir = join(t.dir, 'vstar');
  const runner = createRunner(viaSsh(join(t.dir, 'remote')), workdir) as SlurmRunner;
  try {
    const shards = await runner.submit({
      name: "gen $(touch PWNED) 'x'",
      kind: 'generate',
      command: [node, '-e', REPORTER, ...HOSTILE],
      env: { HOSTILE_ENV: HOSTILE.join('\n') },
      outputs: ['out'],
      resources: { array: { count: 3, parallel: 2 }, cpus: 1, partition: 'debug' },
    });
    const finetuneLike = `
      console.log('VSTAR_PROGRESS ' + JSON.stringify({ done: 1, total: 1, loss: 0.5 }));
      require('fs').mkdirSync('adapter', { recursive: true });
      require('fs').writeFileSync('adapter/cuda.txt', String(process.env.CUDA_VISIBLE_DEVICES));`;
    const ft = await runner.submit({
      name: 'finetune',
      kind: 'finetune',
      command: [node, '-e', finetuneLike],
      outputs: ['adapter'],
      resources: { gpus: 1, cpus: 1, mem: '100M', time: '5' },
    });
    const sleeper = await runner.submit({ name: 'to cancel', kind: 'custom', command: ['sleep', '300'] });
    const argv = JSON.parse(readFileSync(join(shards.record.dir, 'sbatch-argv.json'), 'utf8')) as string[];
    assert.ok(argv.includes('--array=0-2%2') && argv.includes("--job-name=gen $(touch PWNED) 'x'"), argv.join(' '));
    assert.match(shards.record.slurmJobId ?? '', /^\d+$/);

    await waitStatus(runner, sleeper.id, (s) => s.state === 'running');
    const c = await runner.cancel(sleeper.id);
    assert.equal(c.state, 'cancelled', JSON.stringify(c));

    const s = await waitStatus(runner, shards.id, done, 60000);
    assert.equal(s.state, 'completed', JSON.stringify(s));
    assert.deepEqual(s.tasks?.map((x) => [x.index, x.state, x.exitCode]), [
      [0, 'completed', 0],
      [1, 'completed', 0],
      [2, 'completed', 0],
    ]);
    const f = await runner.fetchArtifacts(shards.id, join(t.dir, 'back'));
    assert.deepEqual(f.missing, []);
    for (const i of [0, 1, 2]) {
      const r = JSON.parse(readFileSync(join(t.dir, 'back', 'out', `result${i}.json`), 'utf8'));
      assert.deepEqual(r.argv, HOSTILE);
      assert.equal(r.shard, String(i));
      assert.equal(r.env, HOSTILE.join('\n'));
    }
    const logs = await collect(runner.logs(shards.id, { stream: 'stderr' }));
    assert.deepEqual(logs, ['[0] to stderr', '[1] to stderr', '[2] to stderr']);

    const fs2 = await waitStatus(runner, ft.id, done, 60000);
    assert.equal(fs2.state, 'completed', JSON.stringify(fs2));
    assert.equal(fs2.exitCode, 0);
    await runner.fetchArtifacts(ft.id, join(t.dir, 'ft'));
    assert.match(readFileSync(join(t.dir, 'ft', 'adapter', 'cuda.txt'), 'utf8'), /^\d/, 'GRES gpu:1 set CUDA_VISIBLE_DEVICES');
    const progress = (await collect(runner.logs(ft.id))).map(parseProgressLine).find(Boolean);
    assert.deepEqual(progress, { done: 1, total: 1, loss: 0.5 });
    assert.equal(runner.poller.sacctWorks, false, 'no slurmdbd here: the fallback answered');
  } finally {
    await runner.close();
    t.cleanup();
  }
});

test('slurm: exit codes of failed jobs, reattach, and polling that never hammers the controller', async () => {
  const t = tempDir();
  const workdir = join(t.dir, 'vstar');
  const runner = createRunner(viaSsh(join(t.dir, 'remote')), workdir) as SlurmRunner;
  try {
    const h = await runner.submit({ name: 'fails', kind: 'custom', command: [node, '-e', 'setTimeout(() => process.exit(5), 300)'] });
    await runner.close();
    const again = (await runnerForJob(workdir, h.id)) as SlurmRunner;
    try {
      const before = again.poller.queries;
      const statuses = await Promise.all(Array.from({ length: 20 }, () => again.status(h.id)));
      assert.ok(statuses.every((s) => s.id === h.id));
      assert.ok(again.poller.queries - before <= 3, `20 concurrent status calls made ${again.poller.queries - before} controller queries`);
      const s = await waitStatus(again, h.id, done, 60000);
      assert.equal(s.state, 'failed');
      assert.equal(s.exitCode, 5);
    } finally {
      await again.close();
    }
  } finally {
    t.cleanup();
  }
});

test('slurm on this machine (no ssh): sbatch spawned without a shell', async () => {
  const t = tempDir();
  process.env.SLURM_CONF = svc.slurmConf;
  const runner = createRunner({ kind: 'slurm', polling }, t.dir);
  try {
    const h = await runner.submit({ name: "local 'q' $(x)", kind: 'custom', command: [node, '-e', REPORTER, ...HOSTILE] });
    const s = await waitStatus(runner, h.id, done, 60000);
    assert.equal(s.state, 'completed', JSON.stringify(s));
    assert.deepEqual(JSON.parse((await collect(runner.logs(h.id, { stream: 'stdout' })))[0]!).argv, HOSTILE);
  } finally {
    await runner.close();
    t.cleanup();
  }
});
