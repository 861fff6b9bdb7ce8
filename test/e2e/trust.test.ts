// Workspace Trust in a real VS Code (code-server + Chromium, Workspace Trust on): the
// project folder opens untrusted (Restricted Mode, chosen in the trust dialog); the
// extension still activates (it declares limited support), and running a job from the
// palette says why it cannot, without asking for a target, creating a job record or
// starting a process (a job starts only after a record is written under vstar/jobs).
// Needs `npm run package` (rebuilt when stale) and `bash scripts/setup-e2e.sh`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Page } from 'playwright-core';
import { closeWorkbench, openWorkbench, prepareE2e, runCommand, screenshot, type E2eRun } from './workbench';

const UI_TIMEOUT = 45_000;
const REASON = 'this workspace is not trusted';
let run: E2eRun | undefined;
let page: Page;
let workspace: string;
let passed = false;
/** Processes whose command line mentions the workspace (a job would run with it as its cwd or in its argv). */
function jobProcesses(): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(path.join(workspace, 'vstar')) && !cmd.includes('code-server') && !cmd.includes('chromium')) found.push(`${pid}: ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
const shot = (name: string) => screenshot(page, name);

before(async () => {
  run = prepareE2e();
  workspace = path.join(run.tmp, 'project');
  fs.mkdirSync(path.join(workspace, 'vstar', 'cycles', '1'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'vstar.yaml'), 'version: 1\ntargets:\n  laptop:\n    type: local\n');
  fs.writeFileSync(path.join(workspace, 'vstar', 'cycles', '1', 'requests.jsonl'), '{"sampleId": "c1"}\n');
  ({ page } = await openWorkbench(run, workspace, {
    settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always', 'security.workspace.trust.untrustedFiles': 'open' },
    workspaceTrust: true,
  }));
});

after(() => closeWorkbench(run, passed, 'trust-failure'));

test('in an untrusted workspace a job command says why and starts nothing', { timeout: 180_000 }, async () => {
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  // The trust dialog: keep the folder untrusted (Restricted Mode).
  const noTrust = page.locator('.monaco-dialog-box .monaco-button', { hasText: /don't trust|Restricted Mode/i }).first();
  await noTrust.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shot('trust-01-dialog');
  await noTrust.click();
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });

  // One command as a person runs it (every other job command's refusal: test/host's untrusted window).
  await runCommand(page, 'Video-STaR: Send Generation to…', UI_TIMEOUT);
  const toast = page.locator('.notification-toast', { hasText: REASON }).first();
  await toast.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  assert.match(await toast.innerText(), /Video-STaR: this workspace is not trusted \(Manage Workspace Trust to allow running jobs\)/);
  // Refused before anything was asked: no target pick, no job record, no process.
  assert.equal(await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'laptop' }).count(), 0, 'no target quick pick');
  assert.equal(fs.existsSync(path.join(workspace, 'vstar', 'jobs')), false, 'no job record written');
  await shot('trust-02-refused');
  // No process of the extension's besides the language server (none here: no vstar.yaml open).
  assert.deepEqual(jobProcesses(), [], 'no job process started');
  passed = true;
});
