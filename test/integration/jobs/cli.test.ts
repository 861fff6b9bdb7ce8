import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOSTILE } from '../../unit/jobs/hostile';
import { tempDir } from './helpers';

const root = join(__dirname, '..', '..', '..');

/** The built CLI (dist/cli.js), as users run it. */
function vstar(args: string[], env?: Record<string, string>) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'vstar.js'), ...args], { encoding: 'utf8', cwd: root, ...(env ? { env: { ...process.env, ...env } } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('vstar job submit | status | logs | list | fetch | cancel on this machine', async () => {
  const t = tempDir();
  try {
    const wd = ['--workdir', t.dir];
    const script = `require('fs').writeFileSync('argv.json', JSON.stringify(process.argv.slice(1))); console.log('VSTAR_PROGRESS {"done": 1, "total": 1}')`;
    const sub = vstar(['--json', 'job', 'submit', ...wd, '--name', 'cli test', '--output', 'argv.json', '--', process.execPath, '-e', script, ...HOSTILE]);
    assert.equal(sub.code, 0, sub.stderr);
    const id = JSON.parse(sub.stdout).id as string;
    let status: { state: string } = { state: '' };
    for (let i = 0; i < 100 && status.state !== 'completed'; i++) {
      const s = vstar(['--json', 'job', 'status', ...wd, id]);
      assert.equal(s.code, 0, s.stderr);
      status = JSON.parse(s.stdout);
      if (status.state !== 'completed') await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status.state, 'completed');
    const logs = vstar(['job', 'logs', ...wd, '--progress', id]);
    assert.equal(logs.stdout, '{"done":1,"total":1}\n');
    const list = vstar(['job', 'list', ...wd]);
    assert.match(list.stdout, new RegExp(`${id}\\s+cli test\\s+custom\\s+local\\s+completed`));
    const fetch = vstar(['job', 'fetch', ...wd, id, join(t.dir, 'back')]);
    assert.equal(fetch.code, 0, fetch.stderr);
    assert.deepEqual(JSON.parse(readFileSync(join(t.dir, 'back', 'argv.json'), 'utf8')), HOSTILE);

    const long = vstar(['--json', 'job', 'submit', ...wd, '--', 'sleep', '60']);
    const longId = JSON.parse(long.stdout).id as string;
    const c = vstar(['--json', 'job', 'cancel', ...wd, longId]);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(JSON.parse(c.stdout).state, 'cancelled');

    assert.equal(vstar(['job', 'status', ...wd, 'no-such-job']).code, 1);
    assert.equal(vstar(['job', 'status', ...wd, '../../etc/passwd']).code, 1);
    assert.equal(vstar(['job', 'submit', ...wd]).code, 2, 'no command is a usage error');
    assert.equal(vstar(['job', 'submit', ...wd, '--array', 'x', '--', 'true']).code, 2);
  } finally {
    t.cleanup();
  }
});

test('vstar job submit: a token goes by name (--secret-env), never as --env NAME=VALUE; its value is in no file', async () => {
  const t = tempDir();
  try {
    const wd = ['--workdir', join(t.dir, 'vstar')];
    const token = 'hf_CLIsecret7c2e9a41';
    // Refused before anything is written, and without echoing the value.
    const refused: Array<[string[], RegExp]> = [
      [['--env', `HF_TOKEN=${token}`], /--env HF_TOKEN=…: HF_TOKEN looks like a secret.*--secret-env HF_TOKEN/],
      [['--env', 'OPENAI_API_KEY=x', '--env', 'A=1'], /OPENAI_API_KEY looks like a secret/],
      [['--env', token], /--env takes NAME=VALUE/],
      [['--secret-env', 'VSTAR_UNSET_TOKEN'], /VSTAR_UNSET_TOKEN is not set in this environment/],
      [['--secret-env', token], /looks like a token itself/],
      [['--secret-env', 'A;B'], /not an environment variable name/],
    ];
    const specFile = join(t.dir, 'spec.json');
    writeFileSync(specFile, JSON.stringify({ name: 's', kind: 'custom', command: ['true'], env: { DB_PASSWORD: token } }));
    refused.push([['--spec', specFile], /spec\.json: env: DB_PASSWORD looks like a secret/]);
    for (const [flags, why] of refused) {
      const r = vstar(['job', 'submit', ...wd, ...flags, '--', 'true']);
      assert.equal(r.code, 2, `${flags.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, why);
      assert.ok(!r.stderr.includes(token), `${flags.join(' ')}: the value was echoed`);
    }
    assert.equal(existsSync(join(t.dir, 'vstar')), false, 'a refused submit wrote nothing');

    const digest = 'console.log(require("crypto").createHash("sha256").update(process.env.VSTAR_CLI_TOKEN ?? "unset").digest("hex"))';
    const sub = vstar(['--json', 'job', 'submit', ...wd, '--secret-env', 'VSTAR_CLI_TOKEN', '--env', 'TOKENIZERS_PARALLELISM=false', '--', process.execPath, '-e', digest], { VSTAR_CLI_TOKEN: token });
    assert.equal(sub.code, 0, sub.stderr);
    const id = JSON.parse(sub.stdout).id as string;
    for (let i = 0; i < 100 && !existsSync(join(t.dir, 'vstar', 'jobs', id, 'exit_code')); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(vstar(['job', 'logs', ...wd, id, '--stream', 'stdout']).stdout, `${createHash('sha256').update(token).digest('hex')}\n`);
    const files = readdirSync(join(t.dir, 'vstar'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    assert.ok(files.length >= 5, files.join('\n'));
    for (const f of files) assert.ok(!readFileSync(f).includes(token), `${f} holds the token`);
    assert.deepEqual(JSON.parse(readFileSync(join(t.dir, 'vstar', 'jobs', `${id}.json`), 'utf8')).spec.secretEnv, ['VSTAR_CLI_TOKEN']);
  } finally {
    t.cleanup();
  }
});
