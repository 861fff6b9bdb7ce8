// Inline review in a real VS Code (code-server + Chromium): a cycle with three attempts
// (c1 passed, c2 failed, c3 passed) is built on disk with the store API; opening its
// attempts.jsonl shows a CodeLens row above each record; Accept on the failed record lands
// an accept in reviews.jsonl, after which its lens says so and its line is coloured as
// overridden; the hover shows the verifier's evidence; Open in review opens the panel on that
// attempt, and after Reload Window the serializer brings the panel back with the decision
// read from disk. No CSP violation is reported by the review webview meanwhile.
// Needs `npm run package` (rebuilt when stale) and `bash scripts/setup-e2e.sh`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Page } from 'playwright-core';
import { threeShapesCycle } from '../support/shapesProject';
import { waitFor } from './codeServer';
import { closeWorkbench, openWorkbench, prepareE2e, quickOpen, runCommand, screenshot, webviewFrame, type E2eRun } from './workbench';

const UI_TIMEOUT = 45_000;
let run: E2eRun | undefined;
let page: Page;
let workspace: string;
let passed = false;
const shot = (name: string) => screenshot(page, name);
const reviewsLog = () => path.join(workspace, 'vstar', 'cycles', '1', 'reviews.jsonl');

before(async () => {
  run = prepareE2e();
  workspace = path.join(run.tmp, 'project');
  await threeShapesCycle(workspace);
  ({ page } = await openWorkbench(run, workspace, { settings: { 'workbench.editor.enablePreview': false }, viewport: { width: 1400, height: 850 } }));
});

after(() => closeWorkbench(run, passed, 'inline-failure'));

/** The CodeLens row above the record whose state lens reads `state`. */
const lensRow = (state: RegExp) => page.locator('.monaco-editor .codelens-decoration').filter({ hasText: state }).first();

test('CodeLens Accept on a failed record saves to reviews.jsonl; the line shows as overridden; the hover shows the evidence', { timeout: 180_000 }, async () => {
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await quickOpen(page, 'attempts.jsonl');
  // Three rows of lenses, one per record; the second record failed its verdict.
  await waitFor('three CodeLens rows', async () => (await page.locator('.monaco-editor .codelens-decoration').filter({ hasText: 'Open in review' }).count()) === 3, UI_TIMEOUT);
  const failed = lensRow(/failed · unreviewed/);
  // (Lenses may be re-rendered once more as the session settles: poll for the final row.)
  await waitFor('the failed record\'s lens row: state, Accept, Reject, Open in review', async () =>
    JSON.stringify((await failed.locator('a').allInnerTexts()).map((t) => t.trim()).slice(1)) === '["Accept","Reject","Open in review"]', UI_TIMEOUT);
  await shot('inline-01-lenses');

  await failed.locator('a', { hasText: /^Accept$/ }).click();
  const lines = await waitFor('the accept in reviews.jsonl', () => {
    const text = fs.existsSync(reviewsLog()) ? fs.readFileSync(reviewsLog(), 'utf8').trim() : '';
    return text ? text.split('\n').map((l) => JSON.parse(l) as { attemptId: string; decision: string }) : undefined;
  }, UI_TIMEOUT);
  assert.deepEqual(lines.map((l) => [l.attemptId, l.decision]), [['c1/answer/0/c2', 'accept']]);
  // The lens changes only after the write: it reads the session the decision went through.
  const overridden = lensRow(/failed · accepted \(overrides the verdict\)/);
  await overridden.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  assert.match(await overridden.innerText(), /Accepted/);
  // Line colours: a bar on the left, solid for the two passed records, double for the override.
  await waitFor('decorations: 2 passed bars and 1 overridden bar', () => page.evaluate(() => {
    // Decoration types render as elements with a generated `ced-…` class.
    const styles = Array.from(document.querySelectorAll('.monaco-editor .view-overlays div[class*="ced-"]')).map((e) => getComputedStyle(e).borderLeftStyle);
    return styles.filter((s) => s === 'solid').length === 2 && styles.filter((s) => s === 'double').length === 1;
  }), UI_TIMEOUT);

  // The hover of line 2 (the overridden record), from the keyboard: Go to Line, Show Hover.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(':2:5');
  await page.keyboard.press('Enter');
  const hover = page.locator('.monaco-hover').filter({ hasText: 'label-match@1' }).first();
  await waitFor('the evidence hover', async () => {
    if (await hover.isVisible().catch(() => false)) return true;
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    return hover.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false);
  }, UI_TIMEOUT, 200);
  const text = await hover.innerText();
  for (const want of ['✗ failed', 'accepted', 'overrides the verdict', 'another class named', '0 < 1', 'square', 'circle']) {
    assert.ok(text.includes(want), `hover lacks "${want}":\n${text}`);
  }
  await shot('inline-02-accepted-hover');
  await page.keyboard.press('Escape');
  passed = true;
});

test('Open in review shows that attempt in the panel; after Reload Window the serializer restores it with the decision', { timeout: 180_000 }, async () => {
  passed = false;
  await lensRow(/failed · accepted/).locator('a', { hasText: 'Open in review' }).click();
  await page.locator('.tabs-container .tab', { hasText: 'Review: cycle 1' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const frame = webviewFrame(page);
  await waitFor('c2 shown in the panel, accepted', async () => {
    const counts = await frame.locator('[data-testid="counts"]').innerText().catch(() => '');
    return counts.includes('1 accepted') && (await frame.locator('[data-testid="sample"]').innerText().catch(() => '')).includes('c2');
  }, UI_TIMEOUT);
  await shot('inline-03-open-in-review');

  await runCommand(page, 'Developer: Reload Window', UI_TIMEOUT);
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.locator('.tabs-container .tab', { hasText: 'Review: cycle 1' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.locator('.tabs-container .tab', { hasText: 'Review: cycle 1' }).click();
  const revived = webviewFrame(page);
  await waitFor('the revived panel with the saved decision', async () => {
    const counts = await revived.locator('[data-testid="counts"]').innerText().catch(() => '');
    return counts.includes('3 attempts') && counts.includes('1 accepted') && counts.includes('2 unreviewed');
  }, UI_TIMEOUT);
  await shot('inline-04-revived');
  // The editor came back too, its lens read from disk.
  await page.locator('.tabs-container .tab', { hasText: 'attempts.jsonl' }).click();
  await lensRow(/failed · accepted \(overrides the verdict\)/).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shot('inline-05-lens-after-reload');
  assert.deepEqual(run!.cspViolations, [], 'the review webview broke its own CSP');
  passed = true;
});
