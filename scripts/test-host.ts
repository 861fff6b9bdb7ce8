// The extension-host suite (test/host) in code-server's extension host, headless: the same
// Mocha bundle `npm run test:host` runs under @vscode/test-electron, on a machine that cannot
// download VS Code. VS Code's web workbench takes `extensionDevelopmentPath` and
// `extensionTestsPath` from the URL's `payload` (honoured when the server runs with
// `enable-smoke-test-driver`); the remote extension host loads the extension from the
// development path (here the packaged .vsix, unpacked) and runs the tests; when they end the
// workbench calls `window.codeAutomationExit(code)`, which Chromium hands back to this script.
// Three windows: the sample project (trusted), an empty window, and the project untrusted
// (a second code-server with Workspace Trust on). Results come back as JSON files
// ($VSTAR_HOST_RESULTS, inherited by the extension hosts from code-server's environment).
//   node --import tsx scripts/test-host.ts [--counts FILE]   (FILE gets "passed failed")
// Exit 0 only when every window ran its whole suite and nothing failed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { BrowserContext } from 'playwright-core';
import { assertInstalled, launchBrowser, QUIET_SETTINGS, startCodeServer, waitFor, type CodeServer } from '../test/e2e/codeServer';
import { ensureVsix } from '../test/e2e/vsix';
import { bundleHostSuite } from '../test/host/bundle';
import { SCENARIOS, type Scenario } from '../test/host/protocol';
import { addCounts, checkExit, readResults, reportScenario, writeCounts, type Counts } from '../test/host/results';
import { makeHostWorkspaces } from '../test/host/workspaces';

const WINDOW_TIMEOUT_MS = 180_000;
const countsFile = process.argv.includes('--counts') ? process.argv[process.argv.indexOf('--counts') + 1] : undefined;

/** The .vsix's `extension/` folder, unpacked under `dir`: the development path. */
function unpackVsix(vsix: string, dir: string): string {
  const py = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor n in z.namelist():\n    if n.startswith("extension/"): z.extract(n, sys.argv[2])';
  const r = spawnSync('python3', ['-c', py, vsix, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`unpacking ${vsix} failed: ${r.stderr}`);
  return path.join(dir, 'extension');
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-host-'));
  const resultsDir = path.join(tmp, 'results');
  const servers: CodeServer[] = [];
  let browser: BrowserContext | undefined;
  const outcome = new Map<Scenario, string>();
  const exitCodes = new Map<Scenario, number>();
  try {
    assertInstalled();
    const [ext, tests, ws] = await Promise.all([
      Promise.resolve().then(() => unpackVsix(ensureVsix(), path.join(tmp, 'vsix'))),
      bundleHostSuite(),
      makeHostWorkspaces(tmp),
    ]);
    console.log(`host: .vsix, suite bundle and workspaces ready after ${Date.now() - t0} ms`);
    const common = { args: ['--vscode-option', 'enable-smoke-test-driver'], env: { VSTAR_HOST_RESULTS: resultsDir } };
    const [trusted, trusting] = await Promise.all([
      startCodeServer(path.join(tmp, 'R'), { ...QUIET_SETTINGS }, common),
      startCodeServer(path.join(tmp, 'R-trust'), {
        ...QUIET_SETTINGS, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.untrustedFiles': 'open', 'security.workspace.trust.emptyWindow': false,
      }, { ...common, workspaceTrust: true }),
    ]);
    servers.push(trusted, trusting);
    console.log(`host: code-server up after ${Date.now() - t0} ms`);
    const launched = await launchBrowser(path.join(tmp, 'chromium'));
    browser = launched.browser;
    const exits = new Map<unknown, number>();
    // What @vscode/test-web does: the workbench calls this when the extension host's tests end.
    await browser.exposeBinding('codeAutomationExit', (source, code: number) => void exits.set(source.page, code));
    const windows: Record<Scenario, { server: CodeServer; query: string }> = {
      project: { server: trusted, query: `folder=${encodeURIComponent(ws.project)}` },
      empty: { server: trusted, query: 'ew=true' },
      untrusted: { server: trusting, query: `folder=${encodeURIComponent(ws.untrusted)}` },
    };
    await Promise.all(SCENARIOS.map(async (scenario, i) => {
      const { server, query } = windows[scenario];
      const auth = new URL(server.url).host;
      const payload = JSON.stringify([
        ['extensionDevelopmentPath', `vscode-remote://${auth}${ext}`],
        ['extensionTestsPath', `vscode-remote://${auth}${tests}`],
      ]);
      const page = i === 0 ? launched.page : await browser!.newPage();
      const w0 = Date.now();
      await page.goto(`${server.url}/?${query}&payload=${encodeURIComponent(payload)}`);
      try {
        const code = await waitFor(`${scenario}: the extension host's tests to end`, () => (exits.has(page) ? { code: exits.get(page)! } : undefined), WINDOW_TIMEOUT_MS, 200);
        exitCodes.set(scenario, code.code);
        outcome.set(scenario, `extension host exited ${code.code} after ${Date.now() - w0} ms`);
      } catch (err) {
        outcome.set(scenario, String(err));
        await page.screenshot({ path: path.join(tmp, `${scenario}-timeout.png`) }).catch(() => undefined);
      }
    }));
  } catch (err) {
    console.log(`✖ host: could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await Promise.all(servers.map((s) => s.stop()));
  }
  const counts: Counts[] = SCENARIOS.map((s) => checkExit(s, reportScenario(s, readResults(resultsDir, s), outcome.get(s) ?? 'the window never opened'), exitCodes.get(s)));
  for (const s of SCENARIOS) console.log(`host ${s}: ${outcome.get(s) ?? 'not run'}`);
  const total = addCounts(counts);
  writeCounts(countsFile, total);
  const ok = total.failed === 0 && total.passed > 0;
  if (ok) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`host: state kept in ${tmp} (code-server logs under R*/user/logs)`);
  console.log(`host: ${total.passed} passed, ${total.failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return ok ? 0 : 1;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
