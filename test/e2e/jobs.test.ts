// The Jobs view in a real VS Code (code-server + headless Chromium): jobs on disk before the
// window opens show up grouped under their vstar.yaml target (a reload reattaches), a running
// one is cancelled from its row, and "Send Generation to…" submits through the target quick
// pick to a local target and the job turns completed in the tree. The "python" asked for is
// /bin/echo, so the job is a tiny real process that needs no workers installed.
// Needs `npm run package` and `bash scripts/setup-e2e.sh`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Page } from 'playwright-core';
import { createRunner } from '../../src/core/jobs';
import { waitFor } from './codeServer';
import { closeWorkbench, openPane, openWorkbench, prepareE2e, runCommand, screenshot, type E2eRun } from './workbench';

const UI_TIMEOUT = 60_000;

let run: E2eRun | undefined;
let page: Page;
let workspace: string;
let passed = false;

const shot = (name: string) => screenshot(page, name);
const rowOf = (name: string) => page.locator('.part.sidebar .pane', { hasText: 'Jobs' }).locator('.monaco-list-row', { hasText: name }).first();
const textOf = async (name: string) => (await rowOf(name).innerText().catch(() => '')).replace(/\u00a0/g, ' ');

before(async () => {
  run = prepareE2e();
  workspace = path.join(run.tmp, 'project');
  const workdir = path.join(workspace, 'vstar');
  fs.mkdirSync(path.join(workdir, 'cycles', '1'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'vstar.yaml'), 'version: 1\ntargets:\n  laptop:\n    type: local\n');
  fs.writeFileSync(path.join(workdir, 'cycles', '1', 'requests.jsonl'), '{"sampleId": "c1"}\n');
  // Jobs submitted before the window opens (by the CLI, or a window since reloaded).
  const runner = createRunner({ kind: 'local' }, workdir);
  await runner.submit({ name: 'early-done', kind: 'custom', command: ['sh', '-c', 'echo "VSTAR_PROGRESS {\\"done\\": 2, \\"total\\": 2}"'] });
  await runner.submit({ name: 'long-sleeper', kind: 'custom', command: ['sleep', '120'] });
  await runner.close();

  ({ page } = await openWorkbench(run, workspace, { settings: { 'security.workspace.trust.enabled': false }, viewport: { width: 1280, height: 900 } }));
});

after(() => closeWorkbench(run, passed, 'jobs-failure'));

test('jobs on disk show under their target; cancel from the tree; Send Generation to a local target', { timeout: 240_000 }, async () => {
  const icon = page.locator('.part.activitybar a.action-label[aria-label^="Video-STaR"]');
  await icon.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await icon.click();
  await openPane(page, 'Jobs', UI_TIMEOUT);

  // reattached from the records: grouped under the vstar.yaml name of the target
  await waitFor('the "laptop" target group', async () => (await textOf('laptop')).includes('local'), UI_TIMEOUT);
  await waitFor('early-done completed', async () => /completed/.test(await textOf('early-done')), UI_TIMEOUT);
  await waitFor('long-sleeper running', async () => /running · \d+s/.test(await textOf('long-sleeper')), UI_TIMEOUT);
  await shot('jobs-01-reattached');

  // cancel from the row's inline action, confirmed in the modal
  await rowOf('long-sleeper').hover();
  await rowOf('long-sleeper').locator('.action-label[aria-label^="Cancel Job"]').click();
  await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Cancel Job' }).click();
  await waitFor('long-sleeper cancelled', async () => /cancelled/.test(await textOf('long-sleeper')), UI_TIMEOUT);

  // Send Generation to… → target quick pick → requests file → model → "python"
  await runCommand(page, 'Video-STaR: Send Generation to…', UI_TIMEOUT);
  const input = page.locator('.quick-input-widget input');
  const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'laptop' });
  await pick.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  assert.match(await pick.first().innerText(), /local/);
  await pick.first().click();
  // code-server's open dialog is the simple (quick input) one: type the path, Enter
  const requests = path.join(workspace, 'vstar', 'cycles', '1', 'requests.jsonl');
  await waitFor('the open dialog', async () => (await input.inputValue().catch(() => '')).startsWith('/'), UI_TIMEOUT);
  await input.fill(requests);
  // The dialog may reset its input while it settles on its start folder: type the path again then.
  await waitFor('the dialog to list the file', async () => {
    if ((await input.inputValue().catch(() => '')) !== requests) await input.fill(requests).catch(() => undefined);
    return (await input.inputValue()) === requests && (await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'requests.jsonl' }).count()) > 0;
  }, UI_TIMEOUT);
  // the dialog may still be settling on the typed path: accept (OK) until it moves on
  await waitFor('the model input', async () => {
    if ((await page.locator('.quick-input-widget').innerText()).includes('Model folder on laptop')) return true;
    const ok = page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' });
    if (await ok.isVisible().catch(() => false)) await ok.click({ timeout: 2000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    return false;
  }, UI_TIMEOUT, 200);
  await input.fill('/models/tiny');
  await input.press('Enter');
  await waitFor('the python input', async () => (await page.locator('.quick-input-widget').innerText()).includes('Python on laptop'), UI_TIMEOUT);
  await input.fill('/bin/echo');
  await input.press('Enter');

  await waitFor('generate c1 completed', async () => /completed/.test(await textOf('generate c1')), UI_TIMEOUT);
  await shot('jobs-02-generation-completed');

  // a click on the row streams its log into the job's own output channel
  await rowOf('generate c1').click();
  await waitFor('the worker argv echoed in the job\'s output channel', async () => {
    const text = (await page.locator('.part.panel').innerText().catch(() => '')).replace(/\u00a0/g, ' ');
    return text.includes('-m vstar_workers.generate --model /models/tiny') && text.includes('job ended: completed');
  }, UI_TIMEOUT);
  await shot('jobs-03-logs');
  const errors = await page.locator('.notification-toast', { has: page.locator('.codicon-error') }).allInnerTexts();
  assert.deepEqual(errors, [], 'no error notification');

  // the submitted record is the worker's command, as the core's generationSpec built it
  const recs = fs.readdirSync(path.join(workspace, 'vstar', 'jobs')).filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(workspace, 'vstar', 'jobs', f), 'utf8')) as { spec: { name: string; command: string[] } });
  const gen = recs.find((r) => r.spec.name === 'generate c1');
  assert.ok(gen, 'a record for the generation job');
  assert.deepEqual(gen.spec.command.slice(0, 5), ['/bin/echo', '-m', 'vstar_workers.generate', '--model', '/models/tiny']);
  passed = true;
});
