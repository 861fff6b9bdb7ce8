import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { badSecretName, checkSecrets, ENV_FROM_STDIN_SH, looksSecret, secretExports } from '../../../src/core/jobs/secrets';
import { renderJobScript } from '../../../src/core/jobs/script';
import { sbatchArgv } from '../../../src/core/jobs/sbatch';
import { parseJobSpec } from '../../../src/core/jobs/spec';
import { UsageError } from '../../../src/core/util/errors';
import { HOSTILE } from './hostile';

test('secret-looking names: TOKEN, KEY, SECRET, PASSWORD words of the name, not substrings of other words', () => {
  for (const n of ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'OPENAI_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'APIKEY', 'hf_token', 'GH_TOKENS', 'MY_PASSWD', 'GOOGLE_APPLICATION_CREDENTIALS', 'SECRET'])
    assert.ok(looksSecret(n), n);
  for (const n of ['TOKENIZERS_PARALLELISM', 'PYTHONUNBUFFERED', 'CUDA_VISIBLE_DEVICES', 'KEYBOARD_LAYOUT', 'HOSTILE', 'VSTAR_SHARD', 'PATH'])
    assert.ok(!looksSecret(n), n);
  // a token where its variable's name belongs is told apart, and the message does not echo it
  assert.match(badSecretName('hf_abcdef123')!, /looks like a token itself/);
  assert.doesNotMatch(badSecretName('hf_abcdef123')!, /abcdef/);
  assert.match(badSecretName('A;B')!, /not an environment variable name/);
  assert.equal(badSecretName('HF_TOKEN'), undefined);
});

test('checkSecrets: every secret name has a value; env may not hold a secret-looking or secret name; no stray values', () => {
  assert.deepEqual(checkSecrets({ A: '1' }, ['HF_TOKEN'], { HF_TOKEN: 'v' }), { HF_TOKEN: 'v' });
  assert.throws(() => checkSecrets({ HF_TOKEN: 'v' }, []), (e: Error) => e instanceof UsageError && /HF_TOKEN looks like a secret/.test(e.message) && !e.message.includes("'v'"));
  assert.throws(() => checkSecrets({}, ['X_TOKEN']), /secret X_TOKEN has no value/);
  assert.throws(() => checkSecrets({ PLAIN: '1' }, ['PLAIN'], { PLAIN: '2' }), /both in env and in secretEnv/);
  assert.throws(() => checkSecrets({}, [], { EXTRA_TOKEN: 'v' }), /does not name/);
});

test('the stdin env script (secrets over SSH): hostile values reach the program exactly through a real sh, from stdin alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-'));
  try {
    const secrets = Object.fromEntries(HOSTILE.map((v, i) => [`S${i}_TOKEN`, v]));
    const argv = ['sh', '-c', ENV_FROM_STDIN_SH, 'vstar-env', process.execPath, '-e', 'process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => /^S\\d+_TOKEN$/.test(k)))))'];
    const r = spawnSync(argv[0]!, argv.slice(1), { cwd: dir, input: secretExports(secrets), encoding: 'utf8', env: { PATH: process.env.PATH } });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), secrets);
    assert.deepEqual(readdirSync(dir), [], 'nothing ran from a value');
    assert.throws(() => secretExports({ 'A;B': 'x' }), /invalid environment variable name/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('job.sh and sbatch argv name a secret, never hold its value; sbatch exports the environment', () => {
  const spec = parseJobSpec({ name: 'j', kind: 'custom', command: ['true'], env: { PLAIN: 'p' }, secretEnv: ['HF_TOKEN'] });
  const script = renderJobScript(spec, '/jobs/j', 'slurm');
  assert.match(script, /^# secret env, from the submitter \(not written here\): HF_TOKEN$/m);
  assert.doesNotMatch(script, /HF_TOKEN=/);
  assert.ok(sbatchArgv(spec, '/jobs/j').includes('--export=ALL'));
  assert.ok(!sbatchArgv(parseJobSpec({ name: 'j', kind: 'custom', command: ['true'] }), '/jobs/j').includes('--export=ALL'));
  assert.throws(() => parseJobSpec({ name: 'j', kind: 'custom', command: ['true'], secretEnv: ['A;B'] }), /environment names/);
  assert.throws(() => parseJobSpec({ name: 'j', kind: 'custom', command: ['true'], secretEnv: ['A', 'A'] }), /twice/);
});
