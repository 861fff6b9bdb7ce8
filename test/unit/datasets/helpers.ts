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
