// `npm run test:host`: the extension-host suite under @vscode/test-electron, the runner VS
// Code extension authors use. It downloads VS Code (stable) into .vscode-test/, so it needs a
// machine that can reach VS Code's download servers; where none can (this project's CI),
// scripts/test-host.ts runs the same bundle in code-server's extension host instead.
// Three windows, as there: the sample project, an empty window, and the project untrusted.
// test-electron's runTests always passes --disable-workspace-trust, so the untrusted window
// is started here with the same arguments less that one (and Workspace Trust on in its
// settings). Run `npm run build` first (the npm script does): the development path is the
// repository, whose package.json points at dist/extension.js.
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { bundleHostSuite, ROOT } from './bundle';
import { SCENARIOS, type Scenario } from './protocol';
import { addCounts, checkExit, readResults, reportScenario } from './results';
import { makeHostWorkspaces } from './workspaces';

function userDir(tmp: string, scenario: Scenario, settings: Record<string, unknown> = {}): string {
  const dir = path.join(tmp, `user-${scenario}`);
  fs.mkdirSync(path.join(dir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', ...settings }, null, 2));
  return dir;
}

/** runTests' arguments less --disable-workspace-trust (see node_modules/@vscode/test-electron/out/runTest.js). */
function runUntrusted(exe: string, folder: string, tests: string, user: string, env: NodeJS.ProcessEnv): Promise<number> {
  const args = [folder, '--no-sandbox', '--disable-gpu-sandbox', '--disable-updates', '--skip-welcome', '--skip-release-notes',
    '--disable-extensions', `--user-data-dir=${user}`, `--extensionTestsPath=${tests}`, `--extensionDevelopmentPath=${ROOT}`];
  return new Promise((resolve, reject) => {
    const child = cp.spawn(exe, args, { env: { ...process.env, ...env }, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-host-electron-'));
  const results = path.join(tmp, 'results');
  const env = { VSTAR_HOST_RESULTS: results };
  const [tests, ws] = await Promise.all([bundleHostSuite(), makeHostWorkspaces(tmp)]);
  const exe = await downloadAndUnzipVSCode('stable');
  const outcome = new Map<Scenario, string>();
  const exitCodes = new Map<Scenario, number>();
  const base = { vscodeExecutablePath: exe, extensionDevelopmentPath: ROOT, extensionTestsPath: tests, extensionTestsEnv: env };
  const windows: Record<Scenario, () => Promise<number>> = {
    project: () => runTests({ ...base, launchArgs: [ws.project, '--disable-extensions', `--user-data-dir=${userDir(tmp, 'project')}`] }),
    empty: () => runTests({ ...base, launchArgs: ['--disable-extensions', `--user-data-dir=${userDir(tmp, 'empty')}`] }),
    untrusted: () => runUntrusted(exe, ws.untrusted, tests, userDir(tmp, 'untrusted', {
      'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open',
    }), env),
  };
  for (const s of SCENARIOS) {
    // runTests rejects when the tests fail; the results file says which.
    outcome.set(s, await windows[s]().then((code) => {
      exitCodes.set(s, code);
      return `VS Code exited ${code}`;
    }, (err: unknown) => `VS Code: ${String(err)}`));
  }
  const total = addCounts(SCENARIOS.map((s) => checkExit(s, reportScenario(s, readResults(results, s), outcome.get(s)!), exitCodes.get(s))));
  console.log(`host (test-electron): ${total.passed} passed, ${total.failed} failed`);
  const ok = total.failed === 0 && total.passed > 0;
  if (ok) fs.rmSync(tmp, { recursive: true, force: true });
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
