import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunner, type Target } from '../../src/core/jobs';
import { isTerminal, type JobStatus } from '../../src/core/jobs/spec';
import type { Runner } from '../../src/core/jobs/runner';
import { requireServices } from '../integration/jobs/services';
import { tempDir, waitStatus } from '../integration/jobs/helpers';
import { recordFigures } from './support';

// Jobs through real failures of the real services (scripts/test-services.sh: a loopback
// sshd and a single-node Slurm): the SSH connection dropped under a running job, and the
// Slurm controller restarted while a job runs. These tests fail, never skip, without the services.

const svc = requireServices({ slurm: true });
const node = process.execPath;
const figures = { sshDrops: 0, sshDropsAbsorbed: 0, controllerRestarts: 0, controllerRestartsAbsorbed: 0, statusCallsDuringOutage: 0 };
after(() => recordFigures('faults-jobs', figures));

/** A job that ticks for ~`ms` and then writes out/done.txt. */
const ticker = (ms: number): string => `
let i = 0;
const t = setInterval(() => {
  console.log('tick ' + i++);
  if (i * 100 >= ${ms}) {
    clearInterval(t);
    require('fs').mkdirSync('out', { recursive: true });
    require('fs').writeFileSync('out/done.txt', 'ticks ' + i);
  }
}, 100);`;

/** Kills (by pid) the sshd processes serving this test process's own connections to the test sshd. */
function dropOurSshConnections(): number {
  const ss = spawnSync('ss', ['-Htnp', 'state', 'established'], { encoding: 'utf8' }).stdout.split('\n');
  const ours = new Set<string>();
  for (const l of ss) {
    if (l.includes(`pid=${process.pid},`) && l.includes(`:${svc.port} `)) {
      const local = /\s(\S+:\d+)\s+\S+:(\d+)\s/.exec(l);
      if (local && local[2] === String(svc.port)) ours.add(local[1]!);
    }
  }
  const pids = new Set<number>();
  for (const l of ss) {
    const m = /\s\S+:(\d+)\s+(\S+:\d+)\s+users:\(\("sshd",pid=(\d+)/.exec(l);
    if (m && m[1] === String(svc.port) && ours.has(m[2]!)) pids.add(Number(m[3]));
  }
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  return pids.size;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

function viaSsh(kind: 'ssh' | 'slurm', remoteDir: string): Target {
  const ssh = { host: 'vstar-test', sshConfigFile: svc.sshConfig, knownHostsFile: svc.knownHosts, remoteDir };
  return kind === 'ssh' ? { kind, ssh } : { kind, ssh, polling: { minMs: 200, maxMs: 1000 } };
}

async function finish(runner: Runner, id: string, timeoutMs: number): Promise<JobStatus> {
  return waitStatus(runner, id, (s) => isTerminal(s.state), timeoutMs);
}

test('ssh: the connection dropped three times under a running job; status, logs and fetch reconnect and the job completes', async () => {
  const t = tempDir();
  const runner = createRunner(viaSsh('ssh', join(t.dir, 'remote')), join(t.dir, 'vstar'));
  try {
    const h = await runner.submit({ name: 'ticker', kind: 'custom', command: [node, '-e', ticker(3000)], outputs: ['out'] });
    await waitStatus(runner, h.id, (s) => s.state === 'running');
    for (let k = 0; k < 3; k++) {
      await sleep(400);
      const dropped = dropOurSshConnections();
      assert.ok(dropped >= 1, 'found the sshd process of our connection');
      figures.sshDrops++;
      await sleep(100);
      const s = await runner.status(h.id); // must reconnect, not fail on the dead connection
      assert.ok(s.state === 'running' || s.state === 'completed', JSON.stringify(s));
      figures.sshDropsAbsorbed++;
    }
    const s = await finish(runner, h.id, 20000);
    assert.equal(s.state, 'completed', JSON.stringify(s));
    dropOurSshConnections();
    const lines: string[] = [];
    for await (const l of runner.logs(h.id, { stream: 'stdout' })) lines.push(l);
    assert.equal(lines.length, 30, 'every log line survived the drops');
    const f = await runner.fetchArtifacts(h.id, join(t.dir, 'back'));
    assert.deepEqual(f.missing, []);
    assert.equal(readFileSync(join(t.dir, 'back', 'out', 'done.txt'), 'utf8'), 'ticks 30');
  } finally {
    await runner.close();
    t.cleanup();
  }
});

/** Restarts slurmctld the way scripts/test-services.sh starts it, keeping its PID file current. */
async function restartController(): Promise<number> {
  const pidFile = join(svc.dir, 'run', 'slurmctld.pid');
  const old = Number(readFileSync(pidFile, 'utf8'));
  process.kill(old, 'SIGTERM');
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(old, 0);
      if (readFileSync(`/proc/${old}/stat`, 'utf8').split(' ')[2] === 'Z') break;
    } catch {
      break;
    }
    await sleep(100);
  }
  const downAt = Date.now();
  const log = openSync(join(svc.dir, 'log', 'slurmctld.out'), 'a');
  const child = spawn('slurmctld', ['-D', '-i'], { env: { ...process.env, SLURM_CONF: svc.slurmConf }, detached: true, stdio: ['ignore', log, log] });
  child.unref();
  writeFileSync(pidFile, `${child.pid}\n`);
  for (let i = 0; i < 100; i++) {
    const ping = spawnSync('scontrol', ['ping'], { encoding: 'utf8', env: { ...process.env, SLURM_CONF: svc.slurmConf } });
    if (/UP/.test(ping.stdout)) return Date.now() - downAt;
    await sleep(200);
  }
  throw new Error('slurmctld did not come back');
}

test('slurm: the controller restarted while a job runs; the job is never reported failed and completes with its output', async () => {
  const t = tempDir();
  const runner = createRunner(viaSsh('slurm', join(t.dir, 'remote')), join(t.dir, 'vstar'));
  try {
    const h = await runner.submit({ name: 'through restart', kind: 'custom', command: [node, '-e', ticker(6000)], outputs: ['out'] });
    await waitStatus(runner, h.id, (s) => s.state === 'running', 30000);
    // Stop the controller and ask about the job while it is down: unknown or running, never failed.
    const pidFile = join(svc.dir, 'run', 'slurmctld.pid');
    const restart = restartController();
    figures.controllerRestarts++;
    for (let i = 0; i < 3; i++) {
      const s = await runner.status(h.id);
      figures.statusCallsDuringOutage++;
      assert.ok(!isTerminal(s.state), `while the controller restarts the job is ${s.state}: ${JSON.stringify(s)}`);
      await sleep(150);
    }
    await restart;
    assert.ok(Number(readFileSync(pidFile, 'utf8')) > 0);
    const s = await finish(runner, h.id, 60000);
    assert.equal(s.state, 'completed', JSON.stringify(s));
    figures.controllerRestartsAbsorbed++;
    const f = await runner.fetchArtifacts(h.id, join(t.dir, 'back'));
    assert.deepEqual(f.missing, []);
    assert.equal(readFileSync(join(t.dir, 'back', 'out', 'done.txt'), 'utf8'), 'ticks 60');
  } finally {
    await runner.close();
    t.cleanup();
  }
});
