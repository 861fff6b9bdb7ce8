import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfigSync } from '../../../src/core/config/load';
import { resolveProjectPath } from '../../../src/core/config/paths';

const root = join(__dirname, '..', '..', '..');

/** Runs the CLI from source (no build needed) in a child process, as a user would. */
function vstar(args: string[], cwd: string) {
  const main = JSON.stringify(join(root, 'src', 'cli', 'main.ts'));
  // tsx is resolved from the repo, not from the temp cwd the CLI runs in.
  const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const r = spawnSync(process.execPath, ['--import', tsx, '-e', `require(${main}).run(process.argv.slice(1)).then((c) => { process.exitCode = c; })`, '--', ...args], {
    encoding: 'utf8',
    cwd,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('vstar init writes a starter vstar.yaml that loads, and refuses to overwrite it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-'));
  try {
    const project = join(dir, 'proj');
    const first = vstar(['init', project], dir);
    assert.equal(first.code, 0, first.stderr);
    const file = join(project, 'vstar.yaml');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# Video-STaR Studio project file/);
    const loaded = loadConfigSync(file);
    assert.deepEqual(loaded.problems, []);
    const sample = loaded.config?.datasets.sample;
    assert.equal(sample?.format, 'jsonl');
    assert.equal(resolveProjectPath(file, sample?.annotations ?? ''), join(project, 'sample', 'annotations.jsonl'));
    assert.ok(!existsSync(join(project, 'sample')), 'no sample dataset without --sample');

    writeFileSync(file, 'version: 1\n# mine\n');
    const again = vstar(['init', project], dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    assert.equal(readFileSync(file, 'utf8'), 'version: 1\n# mine\n', 'the existing file is untouched');

    const json = vstar(['--json', 'init', join(dir, 'p2')], dir);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout).config, join(dir, 'p2', 'vstar.yaml'));
    assert.equal(vstar(['init', join(dir, 'p3'), '--sample', '--count', 'zero'], dir).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('vstar init --sample also makes the sample dataset the starter points at', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-'));
  try {
    const r = vstar(['init', '.', '--sample', '--count', '2', '--seed', '3'], dir);
    assert.equal(r.code, 0, r.stderr);
    const loaded = loadConfigSync(join(dir, 'vstar.yaml'));
    const annotations = resolveProjectPath(join(dir, 'vstar.yaml'), loaded.config?.datasets.sample?.annotations ?? '');
    const lines = readFileSync(annotations, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    for (const line of lines) assert.ok(existsSync(join(dir, 'sample', JSON.parse(line).video)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
