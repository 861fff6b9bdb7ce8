import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkEnvName, shJoin, shQuote } from '../../../src/core/jobs/quote';
import { argvPrinter, HOSTILE } from './hostile';

test('shQuote wraps in single quotes and escapes embedded quotes as \'\\\'\'', () => {
  assert.equal(shQuote('abc'), "'abc'");
  assert.equal(shQuote("it's"), "'it'\\''s'");
  assert.equal(shQuote(''), "''");
});

test('shQuote refuses NUL instead of truncating', () => {
  assert.throws(() => shQuote('a\0b'), /NUL/);
});

test('a real sh runs exactly the intended argv for hostile values, and nothing else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-'));
  try {
    const line = shJoin([...argvPrinter(), ...HOSTILE]);
    const r = spawnSync('sh', ['-c', line], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), HOSTILE);
    assert.equal(existsSync(join(dir, 'PWNED')), false, 'an injected command ran');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bash and dash agree with sh on the quoted line', () => {
  for (const shell of ['bash', 'dash']) {
    const r = spawnSync(shell, ['-c', shJoin([...argvPrinter(), ...HOSTILE])], { encoding: 'utf8' });
    if (r.error) continue; // that shell is not installed
    assert.deepEqual(JSON.parse(r.stdout), HOSTILE, shell);
  }
});

test('shJoin refuses an empty command; env names are checked, not mangled', () => {
  assert.throws(() => shJoin([]), /empty/);
  assert.equal(checkEnvName('CUDA_VISIBLE_DEVICES'), 'CUDA_VISIBLE_DEVICES');
  for (const bad of ['1A', 'A-B', 'A B', 'A=B', '$(x)', '']) assert.throws(() => checkEnvName(bad), /invalid environment/);
});
