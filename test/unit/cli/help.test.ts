import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../../src/cli/main';

const root = join(__dirname, '..', '..', '..');

/** Runs the built CLI (dist/cli.js, as users do) and returns its exit code and output. */
function vstar(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'vstar.js'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) => {
    const path = [...prefix, c.name()];
    return [path, ...commandPaths(c, path)];
  });
}

test('every command answers --help with exit 0 and a description', () => {
  const paths = commandPaths(buildProgram());
  assert.ok(paths.length > 0, 'the CLI has no commands');
  for (const path of [[], ...paths]) {
    const r = vstar([...path, '--help']);
    assert.equal(r.code, 0, `vstar ${path.join(' ')} --help exited ${r.code}: ${r.stderr}`);
    assert.match(r.stdout, /Usage: vstar/, `vstar ${path.join(' ')} --help printed no usage`);
  }
  for (const path of paths) {
    const cmd = path.reduce<Command | undefined>((c, name) => c?.commands.find((x) => x.name() === name), buildProgram());
    assert.ok(cmd?.description(), `vstar ${path.join(' ')} has no description`);
  }
});

test('usage errors exit 2, and an unknown command is a usage error', () => {
  assert.equal(vstar(['--no-such-flag']).code, 2);
  assert.equal(vstar(['no-such-command']).code, 2);
});

test('--version prints the package version', () => {
  const r = vstar(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), require('../../../package.json').version);
});
