// "Video-STaR: Run Demo" in a real VS Code (code-server + Chromium, the packaged .vsix):
// in an empty folder it runs the `vstar demo` CLI (the repo's bin/vstar.js, the workers'
// venv; a small run: 1 cycle, 24 clips; the loop, its finetuned model in vstar/models) with a progress notification, then its cycles show
// in the Cycles tree and the last one opens in the review panel.
// Needs `npm run package`, `npm run build` (bin/vstar.js), `bash scripts/setup-e2e.sh` and
// `bash scripts/setup-python.sh`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Page } from 'playwright-core';
import { waitFor } from './codeServer';
import { ROOT } from './vsix';
import { closeWorkbench, openWorkbench, prepareE2e, runCommand, screenshot, type E2eRun } from './workbench';

const UI_TIMEOUT = 45_000;
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
let run: E2eRun | undefined;
let page: Page;
let workspace: string;
let passed = false;
const shot = (name: string) => screenshot(page, name);

before(async () => {
  if (!fs.existsSync(PYTHON)) throw new Error(`no workers venv at ${PYTHON}: run bash scripts/setup-python.sh`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('no dist/cli.js: run npm run build');
  run = prepareE2e();
  workspace = path.join(run.tmp, 'demo');
  fs.mkdirSync(workspace);
  ({ page } = await openWorkbench(run, workspace, {
    settings: { 'vstar.cliPath': path.join(ROOT, 'bin', 'vstar.js'), 'vstar.pythonPath': PYTHON, 'vstar.demo.cycles': 1, 'vstar.demo.clips': 24 },
  }));
});

after(() => closeWorkbench(run, passed, 'demo-failure'));

test('Run Demo makes the demo in the empty folder, shows progress, and opens its last cycle for review', { timeout: 300_000 }, async () => {
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await runCommand(page, 'Video-STaR: Run Demo', UI_TIMEOUT);
  // The progress notification names the phase while the CLI runs.
  const progress = page.locator('.notification-toast', { hasText: 'Video-STaR demo' }).first();
  await progress.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shot('demo-01-progress');
  const done = page.locator('.notification-toast', { hasText: /held-out accuracy \d+% → \d+% in 1 cycles/ }).first();
  await done.waitFor({ state: 'visible', timeout: 240_000 });

  const summary = JSON.parse(fs.readFileSync(path.join(workspace, 'summary.json'), 'utf8')) as { cycles: { cycle: number; storeCycle: number }[] };
  assert.deepEqual(summary.cycles.map((c) => c.cycle), [0, 1]);
  assert.ok(fs.existsSync(path.join(workspace, 'accuracy.png')));
  assert.ok(fs.existsSync(path.join(workspace, 'vstar', 'models', 'cycle-1', 'model.onnx')));

  // The last cycle is open in the review panel, and the Cycles tree lists both.
  await page.locator('.tabs-container .tab', { hasText: 'Review: cycle 2' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const cycles = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Cycles' }) });
  const icon = page.locator('.part.activitybar a.action-label[aria-label^="Video-STaR"]');
  if (!(await page.locator('.part.sidebar .pane-header', { hasText: 'Cycles' }).first().isVisible().catch(() => false))) await icon.click();
  await waitFor('both demo cycles in the Cycles tree', async () => (await cycles.locator('.monaco-list-row', { hasText: /Cycle [12]/ }).count()) === 2, UI_TIMEOUT);
  await shot('demo-02-done');
  passed = true;
});
