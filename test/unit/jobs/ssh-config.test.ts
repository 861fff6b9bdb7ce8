import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { checkHostKey, keyTypeOf } from '../../../src/core/jobs/known-hosts';
import { expandSshPath, resolveSshHost } from '../../../src/core/jobs/ssh-config';

const CONFIG = `
# global first: applies to every host, but later blocks cannot override what it set
ServerAliveInterval 30
Host gpu1 gpu2
  HostName 10.0.0.5
  User alice
  Port=2200
  IdentityFile ~/.ssh/gpu_key
Host gpu*  !gpu3
  User bob
  IdentityFile "/keys/with space"
Match host foo
  User mallory
Host *
  User default
  Port 22
  IdentityAgent ~/.agent.sock
`;

test('ssh_config: first value wins, patterns with * and !, quoted values, Match skipped', () => {
  const c = resolveSshHost(CONFIG, 'gpu1');
  assert.equal(c.hostName, '10.0.0.5');
  assert.equal(c.user, 'alice');
  assert.equal(c.port, 2200);
  assert.deepEqual(c.identityFiles, ['~/.ssh/gpu_key', '/keys/with space']);
  assert.equal(c.identityAgent, '~/.agent.sock');
  assert.deepEqual(c.ignored, ['Match block']);
  const g3 = resolveSshHost(CONFIG, 'gpu3');
  assert.equal(g3.user, 'default', '!gpu3 excludes the gpu* block');
  assert.equal(g3.hostName, undefined);
  assert.equal(resolveSshHost(CONFIG, 'gpu7').user, 'bob');
});

test('ssh paths: ~ and %d %h %r %% tokens', () => {
  assert.equal(expandSshPath('~/.ssh/id', { host: 'h', user: 'u' }), join(homedir(), '.ssh/id'));
  assert.equal(expandSshPath('/k/%h-%r-%%', { host: 'h', user: 'u' }), '/k/h-u-%');
});

function blob(type: string): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, randomBytes(32)]);
}

test('known_hosts: match, unknown, changed, revoked, hashed names, [host]:port', () => {
  const k1 = blob('ssh-ed25519');
  const k2 = blob('ssh-ed25519');
  assert.equal(keyTypeOf(k1), 'ssh-ed25519');
  const salt = randomBytes(20);
  const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[h2]:2222').digest('base64')}`;
  const text = [
    `# comment`,
    `h1,10.0.0.1 ssh-ed25519 ${k1.toString('base64')}`,
    `${hashed} ssh-ed25519 ${k2.toString('base64')}`,
    `@revoked * ssh-ed25519 ${blob('ssh-ed25519').toString('base64')}`,
    `[127.0.0.1]:2222 ssh-ed25519 ${k2.toString('base64')}`,
  ].join('\n');
  assert.equal(checkHostKey(text, 'h1', 22, k1), 'match');
  assert.equal(checkHostKey(text, '10.0.0.1', 22, k1), 'match');
  assert.equal(checkHostKey(text, 'h1', 22, k2), 'mismatch');
  assert.equal(checkHostKey(text, 'h1', 2222, k1), 'unknown', 'another port is another host');
  assert.equal(checkHostKey(text, 'h2', 2222, k2), 'match');
  assert.equal(checkHostKey(text, 'h2', 22, k2), 'unknown');
  assert.equal(checkHostKey(text, '127.0.0.1', 2222, k2), 'match', 'brackets are literal, not a glob class');
  assert.equal(checkHostKey(text, '127.0.0.2', 2222, k2), 'unknown');
  const revoked = text.split('\n')[3]!.split(' ')[3]!;
  assert.equal(checkHostKey(text, 'anything', 22, Buffer.from(revoked, 'base64')), 'revoked');
});
