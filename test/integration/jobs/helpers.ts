import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runner } from '../../../src/core/jobs/runner';
import { isTerminal, type JobStatus } from '../../../src/core/jobs/spec';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Polls the runner (whose own cache and backoff apply) until `pred` holds. */
export async function waitStatus(
  runner: Runner,
  id: string,
  pred: (s: JobStatus) => boolean,
  timeoutMs = 30000,
): Promise<JobStatus> {
  const end = Date.now() + timeoutMs;
  let s = await runner.status(id);
  while (!pred(s)) {
    if (Date.now() > end) throw new Error(`job ${id}: timed out waiting; last status ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
    s = await runner.status(id);
  }
  return s;
}

/** True when pid has ended: no such process, or a zombie nobody reaped yet. */
export function processGone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] === 'Z';
  } catch {
    return true;
  }
}

export async function waitGone(pid: number, timeoutMs = 5000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!processGone(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

export const done = (s: JobStatus) => isTerminal(s.state);

export async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of it) out.push(l);
  return out;
}

/**
 * A job that prints {argv, env, cwd} as JSON and writes it to out/result.json, so a test
 * can compare exactly what ran with what was asked for.
 */
export const REPORTER = `
const fs = require('fs');
const r = { argv: process.argv.slice(1), env: process.env.HOSTILE_ENV ?? null, shard: process.env.VSTAR_SHARD ?? null, cwd: process.cwd(), input: fs.existsSync('in/data.txt') ? fs.readFileSync('in/data.txt', 'utf8') : null };
console.log(JSON.stringify(r));
fs.mkdirSync('out', { recursive: true });
fs.writeFileSync('out/result' + (process.env.VSTAR_SHARD ?? '') + '.json', JSON.stringify(r));
console.error('to stderr');
`;
