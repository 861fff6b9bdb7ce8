import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = join(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('no file under src/core imports vscode', () => {
  const pattern = /(?:from\s+|require\(\s*|import\(\s*)['"]vscode['"]/;
  const offenders = tsFiles(join(root, 'src', 'core')).filter((f) => pattern.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map((f) => relative(root, f)), []);
});

test('the core tsconfig rejects a vscode import (the mechanical guard works)', () => {
  // A probe compiled with the core's settings must fail on `import ... from 'vscode'`.
  const dir = join(root, 'node_modules', '.cache', 'vstar-core-guard');
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(join(dir, 'probe.ts'), "import type { Uri } from 'vscode';\nexport type Probe = Uri;\n");
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: relative(dir, join(root, 'src', 'core', 'tsconfig.json')), include: [], files: ['probe.ts'] }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--noEmit'], { encoding: 'utf8' });
    assert.notEqual(r.status, 0, 'tsc accepted a vscode import in core');
    assert.match(r.stdout, /no-vscode-in-core\.d\.ts' is not a module/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
