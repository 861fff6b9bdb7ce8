// The runner's side of the results (both runners): reads each window's JSON, prints one
// line per test, and counts. A window whose results are missing, or that passed fewer tests
// than it defined (a failed hook skips the tests under it; a skipped test), counts as
// failed: a suite that did not run never counts as passing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostResults, Scenario } from './protocol';

export interface Counts {
  passed: number;
  failed: number;
}

export function readResults(dir: string, scenario: Scenario): HostResults | undefined {
  const file = path.join(dir, `${scenario}.json`);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as HostResults;
}

/** Prints `scenario`'s tests and returns its counts; `why` says why results may be missing. */
export function reportScenario(scenario: Scenario, r: HostResults | undefined, why: string): Counts {
  if (!r) {
    console.log(`✖ host ${scenario}: no results (${why})`);
    return { passed: 0, failed: 1 };
  }
  for (const t of r.passed) console.log(`✔ host ${scenario}: ${t.title} (${t.ms} ms)`);
  for (const t of r.failed) console.log(`✖ host ${scenario}: ${t.title}\n${t.error.replace(/^/gm, '    ')}`);
  for (const t of r.pending) console.log(`✖ host ${scenario}: ${t} (skipped: counted as failed)`);
  const notRun = Math.max(0, r.total - r.passed.length - r.failed.length - r.pending.length);
  if (notRun) console.log(`✖ host ${scenario}: ${notRun} of ${r.total} tests did not run`);
  if (r.total === 0) console.log(`✖ host ${scenario}: the suite defined no tests`);
  return { passed: r.passed.length, failed: r.failed.length + r.pending.length + notRun + (r.total === 0 ? 1 : 0) };
}

/** A window whose tests all passed but whose VS Code did not exit 0 (or at all) counts one failure more. */
export function checkExit(scenario: Scenario, c: Counts, exitCode: number | undefined): Counts {
  if (exitCode === 0 || c.failed > 0) return c;
  console.log(`✖ host ${scenario}: the tests passed but VS Code ${exitCode === undefined ? 'never reported their end' : `exited ${exitCode}`}`);
  return { passed: c.passed, failed: c.failed + 1 };
}

export function addCounts(all: readonly Counts[]): Counts {
  return all.reduce((a, c) => ({ passed: a.passed + c.passed, failed: a.failed + c.failed }), { passed: 0, failed: 0 });
}

/** `passed failed` in one line, for scripts/test.sh's summary. */
export function writeCounts(file: string | undefined, c: Counts): void {
  if (file) fs.writeFileSync(file, `${c.passed} ${c.failed}\n`);
}
