// How the extension-host runners count a window's results (test/host/results.ts): a suite
// that did not run, stopped early or skipped a test never counts as passing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HostResults } from '../../host/protocol';
import { addCounts, checkExit, readResults, reportScenario, writeCounts } from '../../host/results';

const base = (o: Partial<HostResults>): HostResults => ({ scenario: 'project', total: 0, passed: [], failed: [], pending: [], ms: 1, vscode: '1.139.1', ...o });
const pass = (title: string) => ({ title, ms: 5 });

test('a whole passing run counts its tests as passed', () => {
  assert.deepEqual(reportScenario('project', base({ total: 2, passed: [pass('a'), pass('b')] }), ''), { passed: 2, failed: 0 });
});

test('missing results (the window never ran its tests) count as a failure', () => {
  assert.deepEqual(reportScenario('empty', undefined, 'timed out'), { passed: 0, failed: 1 });
});

test('tests a failed hook skipped, and pending tests, count as failed', () => {
  // A before hook failed: 1 failure reported for the hook, 3 defined tests never ran.
  const hook = base({ total: 3, failed: [{ title: '"before all" hook', error: 'boom' }] });
  assert.deepEqual(reportScenario('project', hook, ''), { passed: 0, failed: 3 });
  const skipped = base({ total: 3, passed: [pass('a')], pending: ['b'], failed: [{ title: 'c', error: 'x' }] });
  assert.deepEqual(reportScenario('untrusted', skipped, ''), { passed: 1, failed: 2 });
});

test('passing results from a VS Code that did not exit 0, or never said it ended, count one failure more', () => {
  assert.deepEqual(checkExit('project', { passed: 7, failed: 0 }, 0), { passed: 7, failed: 0 });
  assert.deepEqual(checkExit('project', { passed: 7, failed: 0 }, 1), { passed: 7, failed: 1 });
  assert.deepEqual(checkExit('empty', { passed: 1, failed: 0 }, undefined), { passed: 1, failed: 1 });
  // Failures already counted: the exit code says nothing new.
  assert.deepEqual(checkExit('untrusted', { passed: 1, failed: 2 }, 1), { passed: 1, failed: 2 });
});

test('a suite that defined no tests is a failure', () => {
  assert.deepEqual(reportScenario('empty', base({ total: 0 }), ''), { passed: 0, failed: 1 });
});

test('the results file round trip, and the counts file test.sh reads', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-host-results-'));
  try {
    const r = base({ scenario: 'untrusted', total: 1, passed: [pass('a')] });
    fs.writeFileSync(path.join(dir, 'untrusted.json'), JSON.stringify(r));
    assert.deepEqual(readResults(dir, 'untrusted'), r);
    assert.equal(readResults(dir, 'project'), undefined);
    const total = addCounts([{ passed: 7, failed: 0 }, { passed: 1, failed: 2 }]);
    writeCounts(path.join(dir, 'counts'), total);
    assert.equal(fs.readFileSync(path.join(dir, 'counts'), 'utf8'), '8 2\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
