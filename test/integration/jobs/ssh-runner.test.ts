import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunner, runnerForJob, type SshTarget } from '../../../src/core/jobs';
import { connectSsh } from '../../../src/core/jobs/ssh-host';
import { HOSTILE } from '../../unit/jobs/hostile';
import { collect, done, REPORTER, tempDir, waitStatus } from './helpers';
import { requireServices } from './services';

const svc = requireServices();
const node = process.execPath; // loopback: the "remote" host is this machine
const HOSTILE_FILE = "it's $(touch PWNED) `x`; a b.txt";

function target(remoteDir: string, over: Partial<SshTarget> = {}): SshTarget {
  // the alias resolves through the services' ssh_config (HostName, Port, User, IdentityFile)
  return { host: 'vstar-test', sshConfigFile: svc.sshConfig, knownHostsFile: svc.knownHosts, remoteDir, ...over };
}

test('ssh: uploads inputs over SFTP, runs hostile argv exactly, downloads outputs', async () => {
  const t = tempDir();
  const runner = createRunner({ kind: 'ssh', ssh: target(join(t.dir, 'remote')) }, join(t.dir, 'vstar'));
  try {
    const inputs = join(t.dir, 'inputs');
    mkdirSync(join(inputs, 'nested'), { recursive: true });
    writeFileSync(join(inputs, 'data.txt'), 'over sftp');
    writeFileSync(join(inputs, 'nested', HOSTILE_FILE), 'odd name');
    const h = await runner.submit({
      name: "ssh $(touch PWNED) 'q'",
      kind: 'custom',
      command: [node, '-e', REPORTER, ...HOSTILE],
      env: { HOSTILE_ENV: HOSTILE.join('\n') },
      inputs: [{ local: inputs, remote: 'in' }],
      outputs: ['out', `in/nested/${HOSTILE_FILE}`],
    });
    assert.ok(h.record.dir.startsWith(join(t.dir, 'remote') + '/'), h.record.dir);
    const s = await waitStatus(runner, h.id, done);
    assert.equal(s.state, 'completed', JSON.stringify(s));
    const r = JSON.parse((await collect(runner.logs(h.id, { stream: 'stdout' })))[0]!);
    assert.deepEqual(r.argv, HOSTILE);
    assert.equal(r.env, HOSTILE.join('\n'));
    assert.equal(r.input, 'over sftp');
    const dest = join(t.dir, 'back');
    const f = await runner.fetchArtifacts(h.id, dest);
    assert.deepEqual(f.missing, []);
    assert.deepEqual(JSON.parse(readFileSync(join(dest, 'out', 'result.json'), 'utf8')).argv, HOSTILE);
    assert.equal(readFileSync(join(dest, 'in', 'nested', HOSTILE_FILE), 'utf8'), 'odd name');
    assert.equal(existsSync(join(h.record.dir, 'PWNED')), false);
  } finally {
    await runner.close();
    t.cleanup();
  }
});

test('ssh: cancel over the connection; a new runner reattaches from the record', async () => {
  const t = tempDir();
  const workdir = join(t.dir, 'vstar');
  const runner = createRunner({ kind: 'ssh', ssh: target(join(t.dir, 'remote')) }, workdir);
  try {
    const h = await runner.submit({ name: 'sleeper', kind: 'custom', command: [node, '-e', 'setInterval(() => console.log("alive"), 50)'] });
    await runner.close();
    const again = await runnerForJob(workdir, h.id);
    try {
      await waitStatus(again, h.id, (s) => s.state === 'running');
      const lines: string[] = [];
      for await (const l of again.logs(h.id, { follow: true, pollMs: 50 })) {
        lines.push(l);
        if (lines.length === 3) break;
      }
      assert.deepEqual(lines, ['alive', 'alive', 'alive']);
      assert.equal((await again.cancel(h.id)).state, 'cancelled');
    } finally {
      await again.close();
    }
  } finally {
    t.cleanup();
  }
});

test('ssh: an unknown host key is refused unless accepted explicitly; a changed key always', async () => {
  const t = tempDir();
  try {
    const empty = join(t.dir, 'known_hosts');
    writeFileSync(empty, '');
    await assert.rejects(connectSsh(target(t.dir, { knownHostsFile: empty })), /unknown host key for .*127\.0\.0\.1\]:\d+/);
    const ok = await connectSsh(target(t.dir, { knownHostsFile: empty, acceptUnknownHostKey: true }));
    assert.equal((await ok.exec(['printf', '%s', "it's"])).stdout, "it's");
    await ok.close();
    await assert.rejects(connectSsh(target(t.dir, { knownHostsFile: svc.wrongKnownHosts, acceptUnknownHostKey: true })), /HOST KEY CHANGED/);
  } finally {
    t.cleanup();
  }
});

test('ssh: a direct host/port/user/key target works without ssh_config', async () => {
  const h = await connectSsh({ host: svc.host, port: svc.port, user: svc.user, identityFile: svc.key, knownHostsFile: svc.knownHosts, sshConfigFile: '/nonexistent' });
  try {
    const r = await h.exec(['sh', '-c', 'printf "%s|" "$@"', 'x', ...HOSTILE.slice(0, 6)]);
    assert.equal(r.stdout, HOSTILE.slice(0, 6).join('|') + '|');
  } finally {
    await h.close();
  }
});
