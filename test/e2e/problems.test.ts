// The vstar.yaml language server in a real VS Code: the packaged extension in code-server,
// a workspace whose vstar.yaml has a misspelt dataset format and an unknown placeholder;
// opening the file starts the server, and the Problems panel lists both diagnostics in the
// server's words, with squiggles in the editor. (That an edit re-checks the text and clears
// the fixed diagnostic is checked in test/host, through the vscode API.) Needs `npm run
// package` (rebuilt when stale) and `bash scripts/setup-e2e.sh`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Page } from 'playwright-core';
import { BROKEN_YAML_TEXT as VSTAR_YAML, FORMAT_MESSAGE, PLACEHOLDER_MESSAGE } from '../host/sample';
import { waitFor } from './codeServer';
import { closeWorkbench, openWorkbench, prepareE2e, runCommand, screenshot, type E2eRun } from './workbench';

const UI_TIMEOUT = 60_000;

let run: E2eRun | undefined;
let page: Page;
let passed = false;

before(async () => {
  run = prepareE2e('vstar-e2e-problems-');
  const workspace = path.join(run.tmp, 'project');
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, 'vstar.yaml'), VSTAR_YAML);
  fs.writeFileSync(path.join(workspace, 'shapes.jsonl'), '');
  ({ page } = await openWorkbench(run, workspace));
});

after(() => closeWorkbench(run, passed, 'problems-failure'));

const panelText = async (): Promise<string> => (await page.locator('.part.panel').innerText()).replace(/\u00a0/g, ' ');

test('a broken vstar.yaml shows the language server\'s diagnostics in the Problems panel', { timeout: 180_000 }, async () => {
  const t0 = Date.now();
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  // Open vstar.yaml with Quick Open, as a user would.
  await runCommand(page, 'Go to File...', UI_TIMEOUT);
  await page.locator('.quick-input-widget input').fill('vstar.yaml');
  const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'vstar.yaml' }).first();
  await pick.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.editor-group-container .tab', { hasText: 'vstar.yaml' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });

  await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)', UI_TIMEOUT);
  await waitFor('both diagnostics in the Problems panel', async () => {
    const text = await panelText();
    return FORMAT_MESSAGE.test(text) && PLACEHOLDER_MESSAGE.test(text);
  }, UI_TIMEOUT, 250);
  const openedMs = Date.now() - t0;
  // Squiggles in the editor too: the language server's ranges reach the text.
  // (decorations render a moment after the markers reach the Problems panel: poll for them)
  await waitFor('error squiggles in the editor', async () => (await page.locator('.monaco-editor .squiggly-error').count()) >= 2, UI_TIMEOUT, 250);
  await screenshot(page, 'problems-01-broken');

  assert.match(await panelText(), /vstar\.yaml/);
  console.log(`problems e2e: diagnostics shown ${openedMs} ms after the workbench was up`);
  passed = true;
});
