// The Cycle Report in a real VS Code (code-server + Chromium, the packaged .vsix): a project
// whose cycles the loop has finished (written with the store API: the README demo's yields
// and held-out accuracies, cycle 4 still unevaluated) opens "Video-STaR: Show Cycle Report";
// the webview draws its four Chart.js charts and the tables with the numbers, within its
// CSP; a new evaluation written to a state.json redraws it; after a window reload the panel
// comes back (serializer) with its data. The Cycles tree shows each cycle's held-out
// accuracy, and cycle 4's review gate "waiting for review" with a Continue action that
// passes it.
// Needs `npm run package` and `bash scripts/setup-e2e.sh`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openCycle } from '../../src/core/cycles';
import { DEMO_EVALUATIONS, demoCycles } from '../support/loopCycles';
import { waitFor } from './codeServer';
import { closeWorkbench, openPane, openWorkbench, prepareE2e, runCommand, screenshot, type E2eRun } from './workbench';

const UI_TIMEOUT = 60_000;
let run: E2eRun | undefined;
let page: Page;
let workspace: string;
let passed = false;

before(async () => {
  run = prepareE2e();
  workspace = path.join(run.tmp, 'shapes-demo');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'vstar.yaml'), 'version: 1\nworkdir: vstar\n');
  await demoCycles(path.join(workspace, 'vstar'));
  ({ page } = await openWorkbench(run, workspace, { viewport: { width: 1400, height: 1000 } }));
});

after(() => closeWorkbench(run, passed, 'report-failure'));

/** The report webview's own frame (the one holding <cycle-report>). */
function reportFrame(): Promise<Frame> {
  return waitFor('the Cycle Report webview', async () => {
    for (const f of page.frames()) if (await f.evaluate(() => document.querySelector('cycle-report') !== null).catch(() => false)) return f;
    return undefined;
  }, UI_TIMEOUT);
}

/** Charts drawn (a Chart.js canvas has a size and pixels) and the tables' text. */
async function shown(frame: Frame): Promise<{ charts: string[]; tables: string }> {
  return frame.evaluate(() => {
    const root = document.querySelector('cycle-report')!.shadowRoot!;
    const charts = Array.from(root.querySelectorAll('canvas')).filter((c) => c.width > 0 && c.height > 0).map((c) => c.dataset.chart ?? '');
    return { charts, tables: Array.from(root.querySelectorAll('table')).map((t) => t.innerText).join('\n') };
  });
}

test('Show Cycle Report charts yield and held-out accuracy per cycle, follows state.json and survives a reload; Continue passes a review gate', { timeout: 300_000 }, async () => {
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await runCommand(page, 'Video-STaR: Show Cycle Report', UI_TIMEOUT);
  await page.locator('.tabs-container .tab', { hasText: 'Cycle Report: shapes-demo' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  let frame = await reportFrame();
  const first = await waitFor('four charts and the tables', async () => {
    const s = await shown(frame);
    return s.charts.length === 4 && s.tables.includes('Cycle 4') ? s : undefined;
  }, UI_TIMEOUT);
  assert.deepEqual(first.charts.sort(), ['field', 'labelType', 'overall', 'yield']);
  // The yield table: cycle 1 kept 771 directly, 331 after rationalization, 18 failed.
  assert.match(first.tables, /Cycle 1\s+771\s+331\s+18/);
  assert.match(first.tables, /Cycle 4\s+1061\s+58\s+1/);
  // Held-out accuracy: the starting model, then cycles 1-3; cycle 4 is not evaluated yet.
  assert.match(first.tables, /Cycle 0 \(base\)\s+67\.3%\s+60%\s+89\.2%/);
  assert.match(first.tables, /Cycle 3\s+82\.3%\s+77\.8%/);
  assert.doesNotMatch(first.tables, /Cycle 4\s+\d+(\.\d)?%/);
  // Coloured from the theme: the overall line is VS Code's charts.blue.
  const colors = await frame.evaluate(() => {
    const blue = getComputedStyle(document.documentElement).getPropertyValue('--vscode-charts-blue').trim();
    return { blue };
  });
  assert.match(colors.blue, /^#[0-9a-f]{6}$/i, 'the webview has the theme colour variables');
  await screenshot(page, 'report-01-cycles');

  // The loop evaluates cycle 4's model: the report redraws from the state.json change.
  const store = await openCycle(path.join(workspace, 'vstar'), 4);
  await store.updateState((s) => ({ ...s, evaluation: { ...DEMO_EVALUATIONS[3]!, overall: 0.831, model: 'models/cycle-4' } }));
  await store.close();
  await waitFor('cycle 4 evaluated in the report', async () => /Cycle 4\s+83\.1%/.test((await shown(frame)).tables), UI_TIMEOUT);

  // The Cycles tree: each cycle says its model's held-out accuracy.
  await page.locator('.part.activitybar a.action-label[aria-label^="Video-STaR"]').click();
  await openPane(page, 'Cycles', UI_TIMEOUT);
  const cycleRow = page.locator('.part.sidebar .monaco-list-row', { hasText: 'Cycle 3' }).first();
  await waitFor('held-out accuracy on cycle 3', async () => /held-out 82\.3%/.test(await cycleRow.innerText().catch(() => '')), UI_TIMEOUT);
  await screenshot(page, 'report-02-tree-and-report');

  // Cycle 4 stopped at the review gate: its Review stage waits, and Continue passes the gate.
  await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Cycle 4' }).first().click();
  const review = page.locator('.part.sidebar .monaco-list-row', { hasText: /Review\s*waiting for review/ }).first();
  await review.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await review.hover();
  await screenshot(page, 'report-03-review-gate');
  await review.locator('a.action-label[aria-label="Continue After Review"]').click();
  const state = path.join(workspace, 'vstar', 'cycles', '4', 'state.json');
  await waitFor('review done in cycle 4\'s state.json', () => (JSON.parse(fs.readFileSync(state, 'utf8')) as { stages: Record<string, { status: string }> }).stages.review?.status === 'done', UI_TIMEOUT);
  await page.locator('.notification-toast', { hasText: 'cycle 4 passed its review gate' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });

  // A window reload: the serializer brings the panel back on the same project, data refetched.
  // Reload Window (not a bare browser reload) so the workbench saves its open editors first.
  await runCommand(page, 'Developer: Reload Window', UI_TIMEOUT);
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const tab = page.locator('.tabs-container .tab', { hasText: 'Cycle Report' }).first();
  await tab.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await tab.click();
  frame = await reportFrame();
  await waitFor('the revived report with its data', async () => {
    const s = await shown(frame);
    return s.charts.length === 4 && /Cycle 4\s+83\.1%/.test(s.tables);
  }, UI_TIMEOUT);
  assert.deepEqual(run!.cspViolations, [], 'the report webview broke its own CSP');
  passed = true;
});
