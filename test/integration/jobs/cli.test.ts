import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOSTILE } from '../../unit/jobs/hostile';
import { tempDir } from './helpers';

const root = join(__dirname, '..', '..', '..');

/** The built CLI (dist/cli.js), as users run it. */
function vstar(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'vstar.js'), ...args], { encoding: 'utf8', cwd: root });
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
