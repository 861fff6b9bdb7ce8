import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCommand, demoFolder } from '../../../src/extension/demo/folder';

test('Run Demo goes into an empty folder or an earlier demo, else into <folder>/vstar-demo', () => {
  const root = mkdtempSync(join(tmpdir(), 'vstar-'));
  try {
    const empty = join(root, 'empty');
    mkdirSync(join(empty, '.vscode'), { recursive: true }); // dot entries do not count
    assert.equal(demoFolder(empty), empty);
    const earlier = join(root, 'earlier');
    mkdirSync(earlier);
    writeFileSync(join(earlier, 'demo.json'), '{}');
    writeFileSync(join(earlier, 'vstar.yaml'), 'version: 1\n');
    assert.equal(demoFolder(earlier), earlier);
    const project = join(root, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'vstar.yaml'), 'version: 1\n');
    assert.equal(demoFolder(project), join(project, 'vstar-demo'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('Run Demo starts a .js CLI with node and anything else as the executable, argv untouched', () => {
  const hostile = ['demo', '--out', '/tmp/a b; rm -rf ~'];
  assert.deepEqual(cliCommand('/repo/bin/vstar.js', hostile), ['node', ['/repo/bin/vstar.js', ...hostile]]);
  assert.deepEqual(cliCommand('vstar', hostile), ['vstar', hostile]);
});
