// The packaged extension in a real VS Code: installs dist/video-star-studio.vsix into
// code-server, opens a project in headless Chromium, and checks what a user would see:
// the Video-STaR activity-bar container, the Datasets tree with clip counts that follow the
// disk, and "Show Dataset Statistics" from the command palette writing to its output
// channel without an error. Needs `npm run package` and `bash scripts/setup-e2e.sh`.
// (What each command says without a folder is checked for every command in test/host's
// empty window; the warning toast a person sees is checked in trust.test.ts.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Page } from 'playwright-core';
import { findFiles, waitFor, type CodeServer } from './codeServer';
import { closeWorkbench, openWorkbench, prepareE2e, runCommand, screenshot, type E2eRun } from './workbench';

const EXTENSION_ID = 'vstar.video-star-studio';
const UI_TIMEOUT = 60_000;

let run: E2eRun | undefined;
let server: CodeServer | undefined;
let page: Page;
let workspace: string;
const timings: Record<string, number> = {};
let passed = false;

const SCHEMA = JSON.stringify({ action: { type: 'class', values: ['circle', 'square', 'collide', 'bounce'] } });

function record(id: string, split: string, action: string): string {
  return `${JSON.stringify({ id, video: `clips/${id}.mp4`, split, labels: { action } })}\n`;
}

const shot = (name: string) => screenshot(page, name);

before(async () => {
  const t0 = Date.now();
  run = prepareE2e();
  workspace = path.join(run.tmp, 'project');
  fs.mkdirSync(path.join(workspace, 'vstar', 'datasets', 'shapes'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'vstar.yaml'),
    'datasets:\n  shapes:\n    format: jsonl\n    annotations: shapes.jsonl\n');
  // An imported dataset's files (as `vstar dataset import` writes them): schema, then records.
  fs.writeFileSync(path.join(workspace, 'vstar', 'datasets', 'shapes', 'schema.json'), SCHEMA);
  fs.writeFileSync(path.join(workspace, 'vstar', 'datasets', 'shapes', 'records.jsonl'),
    record('c1', 'train', 'circle') + record('c2', 'train', 'square') + record('c3', 'val', 'circle'));

  ({ server, page } = await openWorkbench(run, workspace));
  timings.install = run.at.installed! - t0;
  timings.serverUp = run.at.serverUp! - t0;
});

after(async () => {
  // A failed run keeps its state (logs, settings, workspace) for a look; a passing run cleans up.
  await closeWorkbench(run, passed, 'failure');
  console.log(`e2e timings (ms since start): ${JSON.stringify(timings)}`);
});

test('the packaged extension activates in a real VS Code and shows its datasets', { timeout: 180_000 }, async () => {
  const t0 = Date.now() - (timings.serverUp ?? 0);
  const icon = page.locator('.part.activitybar a.action-label[aria-label^="Video-STaR"]');
  try {
    await icon.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  } catch (err) {
    await shot('01-no-activity-bar-icon');
    throw new Error(`no Video-STaR icon in the activity bar: ${String(err)}\ncode-server output:\n${server?.output()}`);
  }
  timings.iconVisible = Date.now() - t0;
  await shot('01-workbench');

  await icon.click();
  const row = page.locator('.part.sidebar .monaco-list-row', { hasText: 'shapes' });
  await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await waitFor('"3 clips" on the shapes row', async () => (await row.innerText()).includes('3 clips'), UI_TIMEOUT);
  for (const title of ['Datasets', 'Cycles', 'Jobs']) {
    await page.locator('.part.sidebar .pane-header', { hasText: title }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  }
  timings.treeShown = Date.now() - t0;
  await shot('02-datasets-tree');

  // The tree follows the disk through the FileSystemWatcher: a 4th record shows up by itself.
  fs.appendFileSync(path.join(workspace, 'vstar', 'datasets', 'shapes', 'records.jsonl'), record('c4', 'test', 'square'));
  await waitFor('"4 clips" after appending a record', async () => (await row.innerText()).includes('4 clips'), UI_TIMEOUT);
  // A dataset imported while VS Code is open (a new folder and file) gets its own row.
  const newDir = path.join(workspace, 'vstar', 'datasets', 'clevrer');
  fs.mkdirSync(newDir);
  fs.writeFileSync(path.join(newDir, 'schema.json'), SCHEMA);
  fs.writeFileSync(path.join(newDir, 'records.jsonl'), record('v1', 'train', 'collide') + record('v2', 'val', 'bounce'));
  const newRow = page.locator('.part.sidebar .monaco-list-row', { hasText: 'clevrer' });
  await newRow.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await waitFor('"2 clips" on the new clevrer row', async () => (await newRow.innerText()).includes('2 clips'), UI_TIMEOUT);
  timings.watcherUpdate = Date.now() - t0;

  await runCommand(page, 'Video-STaR: Show Dataset Statistics', UI_TIMEOUT);
  // The command reveals the output channel, where the statistics appear.
  const panel = page.locator('.part.panel');
  let seen = '';
  await waitFor('statistics in the Video-STaR output channel', async () => {
    const text = (seen = (await panel.innerText()).replace(/\u00a0/g, ' '));
    return text.includes('Dataset "shapes": 4 clips (train 2, val 1, test 1)')
      && text.includes('Dataset "clevrer": 2 clips');
  }, UI_TIMEOUT).catch((err: Error) => {
    throw new Error(`${err.message}; the panel showed:\n${seen.slice(-1500)}`);
  });
  timings.statsShown = Date.now() - t0;
  await shot('03-statistics');

  const errors = await page.locator('.notification-toast', { has: page.locator('.codicon-error') }).allInnerTexts();
  assert.deepEqual(errors, [], 'no error notification');

  // Activation as the extension host saw it: its log names the extension, and no failure.
  // code-server's extension host logs to remoteexthost.log.
  const hostLogs = findFiles(path.join(server!.userDataDir, 'logs'), /exthost\d*\.log$/);
  const hostLog = hostLogs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  assert.ok(hostLog.includes(`_doActivateExtension ${EXTENSION_ID}`),
    `extension host logs (${hostLogs.join(', ') || 'none found'}) never activate ${EXTENSION_ID}`);
  assert.ok(!hostLog.includes(`Activating extension ${EXTENSION_ID} failed`), 'activation failed');
  // And as the extension saw it: its own LogOutputChannel file.
  const ownLogs = findFiles(path.join(server!.userDataDir, 'logs'), /Video-STaR\.log$/);
  assert.ok(ownLogs.length > 0, 'the Video-STaR output channel wrote no log file');
  const ownLog = ownLogs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  assert.match(ownLog, /Video-STaR 0\.1\.0 activating/);
  assert.match(ownLog, /Video-STaR activated/);
  assert.doesNotMatch(ownLog, /\[error\]/);
  passed = true;
});
