import { after, before } from 'node:test';
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { InputProblem } from '../../../src/core/util/errors';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/datasets');

export function fixture(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Problems as compact `line field` keys, for exact comparisons. */
export function where(problems: InputProblem[]): string[] {
  return problems.map((p) => `${p.line ?? '-'} ${p.field ?? '-'}`);
}

/**
 * The real `vstar` CLI for a test file: bundled from source the way scripts/build.mjs does
 * (in `before`), run as a child process in a temp folder removed in `after`.
 */
export function cliHarness(): { vstar: (cwd: string, ...args: string[]) => { code: number | null; stdout: string; stderr: string }; work: () => string } {
  let work = '';
  let cli = '';
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
    cli = path.join(work, 'vstar.js');
    const repo = path.resolve(__dirname, '../../..');
    buildSync({ stdin: { contents: "require('./src/cli/main').main();", resolveDir: repo, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', outfile: cli, logLevel: 'error', external: ['*.node', 'cpu-features'] });
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));
  return {
    vstar: (cwd, ...args) => {
      const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    work: () => work,
  };
}
