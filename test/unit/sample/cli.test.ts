import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(__dirname, '..', '..', '..');

/** Runs the CLI from source (no build needed) in a child process. */
function vstar(args: string[], env: NodeJS.ProcessEnv = {}) {
  const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const main = JSON.stringify(join(root, 'src', 'cli', 'main.ts'));
  const code = `require(${main}).run(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;
  const r = spawnSync(process.execPath, ['--import', tsx, '-e', code, '--', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('vstar dataset sample writes the dataset and reports it; bad counts are usage errors; no ffmpeg exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-'));
  try {
    const out = join(dir, 'sample');
    const r = vstar(['--json', 'dataset', 'sample', '--out', out, '--count', '3', '--seed', '5']);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { clips: number; splits: Record<string, number>; annotations: string };
    assert.equal(result.clips, 3);
    assert.deepEqual(result.splits, { train: 1, val: 1, test: 1 });
    assert.equal(readFileSync(result.annotations, 'utf8').trim().split('\n').length, 3);

    assert.equal(vstar(['dataset', 'sample', '--out', out, '--count', '0']).code, 2);
    assert.equal(vstar(['dataset', 'sample', '--count', '2']).code, 2, '--out is required');

    const missing = vstar(['dataset', 'sample', '--out', join(dir, 'x'), '--count', '1'], { VSTAR_FFMPEG: join(dir, 'nope') });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /ffmpeg not found.*apt-get install ffmpeg/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
