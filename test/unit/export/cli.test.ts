import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, GOLDEN, sample, tempDir } from './helpers';

const root = join(__dirname, '..', '..', '..');

/** Runs the real CLI program from source in a child process (as `vstar ...`). */
function vstar(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', "require('./src/cli/main').run(process.argv.slice(1)).then((c) => { process.exitCode = c; })", '--', ...args],
    { encoding: 'utf8', cwd: root },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const fixture = join(FIXTURES, 'samples.jsonl');

test('vstar export writes the golden ms-swift file and reports what it kept', () => {
  const { dir, cleanup } = tempDir();
  try {
    const r = vstar(['export', '--input', fixture, '--format', 'ms-swift', '--out', dir, '--name', 'fixture']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /exported 3 attempt\(s\) as ms-swift, skipped 0/);
    assert.equal(readFileSync(join(dir, 'fixture.swift.jsonl'), 'utf8'), readFileSync(join(GOLDEN, 'fixture.swift.jsonl'), 'utf8'));
  } finally {
    cleanup();
  }
});

test('vstar --json export prints one JSON result', () => {
  const { dir, cleanup } = tempDir();
  try {
    const r = vstar(['--json', 'export', '--input', fixture, '--format', 'llama-factory', '--out', dir]);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.ok, true);
    assert.deepEqual(result.files, [join(dir, 'vstar.json'), join(dir, 'dataset_info.json')]);
    assert.equal(result.counts.exported, 3);
  } finally {
    cleanup();
  }
});

test('a leaking record fails with exit 1 naming the sample, and nothing is written', () => {
  const { dir, cleanup } = tempDir();
  try {
    const input = join(dir, 'in.jsonl');
    const leaky = sample({
      id: 'r1',
      sampleId: 'clip-leaky',
      stage: 'rationalize',
      question: 'What activity is shown in the video? Answer: dancing.',
      hintPrompt: 'Question: What activity is shown in the video?\nAnswer: dancing.\nCan you explain step-by-step how one can arrive at this conclusion?',
    });
    writeFileSync(input, JSON.stringify(leaky) + '\n');
    const r = vstar(['export', '--input', input, '--format', 'llava', '--out', join(dir, 'out')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /hint leak in sample clip-leaky .*"Answer: dancing"/);
    assert.deepEqual(readdirSync(dir), ['in.jsonl']);
  } finally {
    cleanup();
  }
});

test('bad input lines are reported with file, line and field, and nothing is exported', () => {
  const { dir, cleanup } = tempDir();
  try {
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, `${JSON.stringify(sample())}\n${JSON.stringify({ ...sample({ id: 'a2' }), stage: 'guess' })}\n{"id": \n`);
    const r = vstar(['export', '--input', input, '--format', 'metadata', '--out', join(dir, 'out')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: stage: `));
    assert.match(r.stderr, /in\.jsonl:3: not valid JSON/);
    assert.deepEqual(readdirSync(dir), ['in.jsonl']);
  } finally {
    cleanup();
  }
});

test('usage errors exit 2', () => {
  assert.equal(vstar(['export', '--input', fixture, '--format', 'alpaca', '--out', '/tmp']).code, 2);
  assert.equal(vstar(['export', '--input', '/no/such/file.jsonl', '--format', 'llava', '--out', '/tmp']).code, 2);
  assert.equal(vstar(['export', '--format', 'llava', '--out', '/tmp']).code, 2);
  assert.equal(vstar(['export', '--input', fixture, '--format', 'llava', '--out', '/tmp', '--name', 'a/b']).code, 2);
});
