// The extension-host suite's entry (`--extensionTestsPath`): VS Code requires this file,
// bundled to out/host/index.js, inside the extension host and calls `run()`. The same
// bundle runs under @vscode/test-electron (test/host/electron.ts, `npm run test:host`) and
// in code-server's remote extension host (scripts/test-host.ts, the README's test command).
// Which suite runs follows the window: no folder → `empty`, a folder named `untrusted` →
// `untrusted`, any other folder → `project` (test/host/workspaces.ts makes them). The results
// go to `$VSTAR_HOST_RESULTS/<scenario>.json` (written atomically) for the runner to count:
// the runner, not this file, decides that a missing or short result is a failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { emptySuite } from './suites/empty';
import { projectSuite } from './suites/project';
import { untrustedSuite } from './suites/untrusted';
import type { HostResults, Scenario } from './protocol';

const SUITES: Record<Scenario, () => void> = { project: projectSuite, empty: emptySuite, untrusted: untrustedSuite };

function scenarioOf(): Scenario {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return 'empty';
  return path.basename(folders[0]!.uri.fsPath) === 'untrusted' ? 'untrusted' : 'project';
}

function writeResults(results: HostResults): void {
  const dir = process.env.VSTAR_HOST_RESULTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${results.scenario}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

export function run(): Promise<void> {
  const scenario = scenarioOf();
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // What `require`-ing a test file does: hands the bdd functions to the 'mocha' module's
  // describe/it, which the suites import.
  mocha.suite.emit('pre-require', {}, `test/host/suites/${scenario}`, mocha);
  SUITES[scenario]();
  const started = Date.now();
  const results: HostResults = { scenario, total: 0, passed: [], failed: [], pending: [], ms: 0, vscode: vscode.version };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      results.ms = Date.now() - started;
      try {
        writeResults(results);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (failures > 0) reject(new Error(`${failures} of ${results.total} extension-host tests failed (${scenario})`));
      else resolve();
    });
    results.total = runner.total;
    runner.on('pass', (t) => results.passed.push({ title: t.fullTitle(), ms: t.duration ?? 0 }));
    runner.on('fail', (t, err: Error) => results.failed.push({ title: t.fullTitle(), error: err?.stack ?? String(err) }));
    runner.on('pending', (t) => results.pending.push(t.fullTitle()));
  });
}
