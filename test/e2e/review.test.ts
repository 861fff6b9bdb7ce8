// The review panel in a real VS Code (code-server + Chromium): a small cycle is built on
// disk with the store API (3 attempts with verdicts over a dataset whose clip is a real
// H.264 file made by ffmpeg), "Video-STaR: Open Review" opens the panel, the webview shows
// the counts and the first attempt with its decisive span marked, and pressing `a` inside
// the webview lands an accept in the cycle's reviews.jsonl, after which the row says so.
// Needs `npm run package` and `bash scripts/setup-e2e.sh`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type FrameLocator, type Page } from 'playwright-core';
import { openCycle } from '../../src/core/cycles';
import { threeShapesCycle } from '../support/shapesProject';
import { waitFor } from './codeServer';
import { closeWorkbench, openPane, openWorkbench, prepareE2e, quickOpen, screenshot, runCommand, webviewFrame, type E2eRun } from './workbench';

const UI_TIMEOUT = 60_000;
let run: E2eRun | undefined;
let page: Page;
let workspace: string;
let passed = false;
const shot = (name: string) => screenshot(page, name);

/** threeShapesCycle, with a real H.264 clip for c1.mp4 and the import report naming its folder. */
async function buildProject(): Promise<void> {
  await threeShapesCycle(workspace);
  const clips = path.join(workspace, 'clips');
  fs.mkdirSync(clips, { recursive: true });
  const ff = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '2',
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', path.join(clips, 'c1.mp4')]);
  assert.equal(ff.status, 0, String(ff.stderr));
  fs.writeFileSync(path.join(workspace, 'vstar', 'datasets', 'shapes', 'report.json'), JSON.stringify({ name: 'shapes', root: clips, allowRoots: [] }));
}

before(async () => {
  run = prepareE2e();
  workspace = path.join(run.tmp, 'project');
  await buildProject();
  ({ page } = await openWorkbench(run, workspace));
});

after(() => closeWorkbench(run, passed, 'review-failure'));

test('Open Review shows the cycle, and `a` in the webview saves an accept to reviews.jsonl', { timeout: 240_000 }, async () => {
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await runCommand(page, 'Video-STaR: Open Review', UI_TIMEOUT);
  const frame: FrameLocator = webviewFrame(page);
  const counts = frame.locator('[data-testid="counts"]');
  await waitFor('counts in the review panel', async () => {
    const t = await counts.innerText().catch(() => '');
    return t.includes('3 attempts') && t.includes('2 passed') && t.includes('1 failed') && t.includes('3 unreviewed');
  }, UI_TIMEOUT);
  const mark = frame.locator('[data-testid="rationale"] mark');
  await mark.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  assert.equal(await mark.first().innerText(), 'circle');
  assert.match(await frame.locator('[data-testid="verdict"]').innerText(), /passed/);
  await frame.locator('video').waitFor({ state: 'attached', timeout: UI_TIMEOUT });
  await shot('review-01-panel');

  // Focus the webview, then review from the keyboard.
  await frame.locator('[data-testid="rationale"]').click();
  await page.keyboard.press('a');
  const log = path.join(workspace, 'vstar', 'cycles', '1', 'reviews.jsonl');
  const lines = await waitFor('an accept in reviews.jsonl', () => {
    const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim() : '';
    return text ? text.split('\n').map((l) => JSON.parse(l) as { attemptId: string; decision: string }) : undefined;
  }, UI_TIMEOUT);
  assert.deepEqual(lines.map((l) => [l.attemptId, l.decision]), [['c1/answer/0/c1', 'accept']]);
  await waitFor('live counts after the decision', async () => (await counts.innerText()).includes('1 accepted'), UI_TIMEOUT);
  // `a` moved on to the next attempt (c2, the failed one), which shows its failed verdict.
  await waitFor('the next attempt shown', async () => /failed/.test(await frame.locator('[data-testid="verdict"]').innerText().catch(() => '')), UI_TIMEOUT);
  assert.equal(await frame.locator('review-list .row.sel').getAttribute('data-id'), 'c1/answer/0/c2');
  await shot('review-02-accepted');
  // Another writer (the CLI, another window) appends to the log: the live counts follow.
  const other = await openCycle(path.join(workspace, 'vstar'), 1);
  await other.appendReviews([{ attemptId: 'c1/answer/0/c3', decision: 'reject' }]);
  await other.close();
  await waitFor('counts after an outside review', async () => (await counts.innerText()).includes('1 rejected'), UI_TIMEOUT);
  assert.deepEqual(run!.cspViolations, [], 'the review webview broke its own CSP');
  passed = true;
});

test('the panel survives a window reload (serializer) and reads the saved decision back', { timeout: 180_000 }, async () => {
  passed = false;
  // The workbench's own reload flushes its state first (a browser reload may not).
  await runCommand(page, 'Developer: Reload Window', UI_TIMEOUT);
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.locator('.tabs-container .tab', { hasText: 'Review: cycle 1' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const frame = webviewFrame(page);
  await waitFor('counts after the reload', async () => {
    const t = await frame.locator('[data-testid="counts"]').innerText().catch(() => '');
    return t.includes('3 attempts') && t.includes('1 accepted') && t.includes('1 rejected') && t.includes('1 unreviewed')
    && /failed/.test(await frame.locator('[data-testid="verdict"]').innerText().catch(() => ''));
  }, UI_TIMEOUT).catch(async (err) => {
    await shot('review-03-failed');
    throw err;
  });
  await shot('review-03-revived');
  passed = true;
});

test('the side view follows the editor: the cursor on a line of attempts.jsonl shows that attempt', { timeout: 180_000 }, async () => {
  passed = false;
  await page.locator('.part.activitybar a.action-label[aria-label^="Video-STaR"]').click();
  await openPane(page, 'Review', UI_TIMEOUT);
  // Open the cycle's attempt log and put the cursor on its third line (sample c3).
  await quickOpen(page, 'attempts.jsonl');
  await page.locator('.editor-instance .monaco-editor').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(':3');
  await page.keyboard.press('Enter');
  const side = await waitFor('the compact review in the side bar', async () => {
    const n = await page.locator('iframe.webview.ready').count();
    for (let k = 0; k < n; k++) {
      const f = page.frameLocator('iframe.webview.ready').nth(k).frameLocator('#active-frame');
      if ((await f.locator('review-app[compact]').count()) > 0) return f;
    }
    return undefined;
  }, UI_TIMEOUT);
  await waitFor('attempt c3 in the side view', async () => (await side.locator('[data-testid="sample"]').innerText().catch(() => '')).includes('c3'), UI_TIMEOUT)
    .catch(async (err) => {
      await shot('review-04-failed');
      throw err;
    });
  await shot('review-04-side-view');
  passed = true;
});
