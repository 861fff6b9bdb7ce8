// "Video-STaR: Run Cycles…" in a real VS Code (code-server + Chromium, the packaged .vsix)
// on a small demo project (the demo's vstar.yaml over 24 synthetic clips, the tiny model,
// finetune jobs on the local target, 2 epochs): asked for 2 cycles from the command
// palette, it runs `vstar cycle run` (the repo's bin/vstar.js) with a progress notification,
// whose Cancel stops the CLI (SIGINT); run again, it continues;
// a window reload in the middle of the run finds the run in loop/run.json and follows it in
// the same notification without starting a second process; the Cycles tree shows the
// running stage; when it is done, both cycles hold a held-out evaluation and the Cycle
// Report opens from the notification.
// Needs `npm run package`, `npm run build` (bin/vstar.js), `bash scripts/setup-e2e.sh` and
// `bash scripts/setup-python.sh`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { listCycles } from '../../src/core/cycles';
import { demoConfigText } from '../../src/core/demo/project';
import { readLoopRun } from '../../src/core/loop/runFile';
import { makeSampleDataset } from '../../src/core/sample/dataset';
import { waitFor } from './codeServer';
import { ROOT } from './vsix';
import { closeWorkbench, openPane, openWorkbench, prepareE2e, runCommand, screenshot, type E2eRun } from './workbench';

const UI_TIMEOUT = 60_000;
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const CLI = path.join(ROOT, 'bin', 'vstar.js');
let run: E2eRun | undefined;
let page: Page;
let workspace: string;
let passed = false;

/** The demo's project over 24 clips, its dataset imported, no cycle yet. */
async function demoProject(dir: string): Promise<void> {
  await makeSampleDataset({ out: path.join(dir, 'sample'), count: 24, seed: 2024 });
  fs.cpSync(path.join(ROOT, 'models', 'tiny'), path.join(dir, 'models', 'cycle-0'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'vstar.yaml'), demoConfigText({ modelDir: 'models/cycle-0', python: PYTHON, count: 2, epochs: 2 }));
  const r = spawnSync(process.execPath, [CLI, 'dataset', 'import', 'sample'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

before(async () => {
  if (!fs.existsSync(PYTHON)) throw new Error(`no workers venv at ${PYTHON}: run bash scripts/setup-python.sh`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('no dist/cli.js: run npm run build');
  run = prepareE2e();
  workspace = path.join(run.tmp, 'demo');
  await demoProject(workspace);
  ({ page } = await openWorkbench(run, workspace, { settings: { 'vstar.cliPath': CLI, 'vstar.pythonPath': PYTHON }, viewport: { width: 1400, height: 1000 } }));
});

after(async () => {
  // The CLI runs detached (it outlives a window reload): a failed test stops it here.
  const left = workspace ? readLoopRun(path.join(workspace, 'vstar')) : undefined;
  if (left?.state === 'running') {
    try {
      process.kill(left.pid, 'SIGINT');
    } catch {
      // already gone
    }
  }
  await closeWorkbench(run, passed, 'cycles-run-failure');
});

const toast = (text: string | RegExp) => page.locator('.notification-toast', { hasText: text }).first();

test('Run Cycles runs the loop with progress and Cancel, is followed again after a window reload, and ends with the report', { timeout: 420_000 }, async () => {
  const workdir = path.join(workspace, 'vstar');
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const input = page.locator('.quick-input-widget input');
  const start = async (): Promise<void> => {
    await runCommand(page, 'Video-STaR: Run Cycles…', UI_TIMEOUT);
    await waitFor('the cycle count asked, cycles.count by default', async () => (await input.inputValue()) === '2', UI_TIMEOUT);
    await input.press('Enter');
  };

  // Cancel sends the CLI SIGINT: it stops cleanly, and says a new run continues.
  await start();
  const cancelled = toast('Video-STaR: running 2 cycles');
  await waitFor('the first run under way', async () => /cycle 1 · \w+/.test(await cancelled.innerText().catch(() => '')), UI_TIMEOUT, 50);
  const stoppedPid = await waitFor('the first run in run.json', () => readLoopRun(workdir)?.pid, UI_TIMEOUT);
  await cancelled.locator('.monaco-button', { hasText: 'Cancel' }).click();
  await toast('the cycle run stopped (cancelled)').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  assert.notEqual(readLoopRun(workdir)?.state, 'running', 'the loop wrote how it ended');
  assert.throws(() => process.kill(stoppedPid, 0), /ESRCH/, 'the CLI exited');

  await start();

  // The notification names the cycle and the stage while the CLI runs.
  const progress = toast('Video-STaR: running 2 cycles');
  await progress.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await waitFor('cycle and stage in the notification', async () => /cycle \d · \w+/.test(await progress.innerText()), UI_TIMEOUT, 50);
  await screenshot(page, 'cycles-run-01-progress');
  const first = await waitFor('the second run in run.json', () => {
    const r = readLoopRun(workdir);
    return r?.pid !== stoppedPid && r?.state === 'running' ? r : undefined;
  }, UI_TIMEOUT);
  const pid = first.pid;

  // A window reload: the extension host restarts; the run goes on and is followed from run.json.
  await page.reload();
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const followed = toast(`Video-STaR: running 2 cycles (pid ${pid})`);
  await followed.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await waitFor('the followed run\'s stage', async () => /cycle \d · \w+/.test(await followed.innerText()), UI_TIMEOUT);

  // The Cycles tree shows the cycle being worked on.
  // (its badge, "1 running" for the finetune job, covers the icon's centre)
  await page.locator('.part.activitybar a.action-label[aria-label^="Video-STaR"]').click({ force: true });
  await openPane(page, 'Cycles', UI_TIMEOUT);
  const running = page.locator('.part.sidebar .monaco-list-row', { hasText: /Cycle \d.*running/ }).first();
  await running.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await screenshot(page, 'cycles-run-02-followed-after-reload');

  const done = toast(/Video-STaR: 2 cycles done; held-out \d+(\.\d)?% \(base\) → \d+(\.\d)?% \(cycle 2\)/);
  await done.waitFor({ state: 'visible', timeout: 300_000 });
  const last = readLoopRun(workdir);
  assert.equal(last?.pid, pid, 'one process ran the loop: no second run after the reload');
  assert.equal(last?.state, 'done');
  const cycles = await listCycles(workdir);
  assert.deepEqual(cycles.map((c) => [c.cycle, c.state?.stages.evaluate?.status, typeof c.state?.evaluation?.overall]), [[1, 'done', 'number'], [2, 'done', 'number']]);
  assert.equal(typeof cycles[0]!.state?.baseline?.overall, 'number');

  await done.locator('.monaco-button', { hasText: 'Show Cycle Report' }).click();
  await page.locator('.tabs-container .tab', { hasText: 'Cycle Report: demo' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const frame = await waitFor('the Cycle Report webview', async () => {
    for (const f of page.frames()) {
      const charts = await f.evaluate(() => document.querySelector('cycle-report')?.shadowRoot?.querySelectorAll('canvas').length ?? -1).catch(() => -1);
      if (charts === 4) return f;
    }
    return undefined;
  }, UI_TIMEOUT);
  assert.ok(frame);
  await screenshot(page, 'cycles-run-03-report');
  assert.deepEqual(run!.cspViolations, []);
  passed = true;
});
