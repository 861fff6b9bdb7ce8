// The sample project opened untrusted (Restricted Mode): the extension still activates (it
// declares limited support) and shows the datasets, while every palette command that could
// start a job or a process resolves to the trust reason and writes no job record. A new
// command is expected to refuse unless it is added to RESTRICTED_MODE_OK here.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { TestHooks } from '../../../src/extension/testHooks';
import { activatedByItself, inFolder, paletteCommands, rows, runCommand, waitFor } from '../harness';

const NOT_TRUSTED = 'this workspace is not trusted (Manage Workspace Trust to allow running jobs)';
/**
 * The README: "in an untrusted workspace nothing starts a job or a process". These commands
 * only read the project, show it, or write its files (no process), so they run untrusted;
 * every other palette command must refuse.
 */
const RESTRICTED_MODE_OK = new Set([
  'vstar.dataset.refresh', 'vstar.dataset.showStats', 'vstar.dataset.add', 'vstar.dataset.import', 'vstar.review.open',
  'vstar.cycle.new', 'vstar.cycle.refresh', 'vstar.cycle.export', 'vstar.cycle.showReport', 'vstar.backend.setToken',
]);

export function untrustedSuite(): void {
  describe('in an untrusted project folder', () => {
    let hooks: TestHooks;

    before(async () => {
      hooks = await activatedByItself();
    });

    it('activates in Restricted Mode and still shows the datasets', async () => {
      assert.equal(vscode.workspace.isTrusted, false);
      const top = await waitFor('the shapes dataset loaded', async () => {
        const r = await rows(hooks, 'vstar.views.datasets');
        return r.length === 1 && r[0]!.row.description.includes('clip') ? r : undefined;
      });
      assert.deepEqual(top.map((r) => r.row), [{ label: 'shapes', description: '3 clips' }]);
    });

    it('every palette command that could start a job or a process says the workspace is not trusted, and writes no job record', async () => {
      const jobsDir = inFolder('vstar/jobs').fsPath;
      const before = fs.readdirSync(jobsDir).sort();
      const refusing = paletteCommands().filter((id) => !RESTRICTED_MODE_OK.has(id));
      assert.ok(refusing.includes('vstar.job.sendGeneration') && refusing.includes('vstar.cycle.generate'), 'the job commands are not in package.json');
      const answers: Record<string, unknown> = {};
      for (const id of refusing) answers[id] = await runCommand(id);
      assert.deepEqual(answers, Object.fromEntries(refusing.map((id) => [id, { notRun: NOT_TRUSTED }])));
      assert.deepEqual(fs.readdirSync(jobsDir).sort(), before, 'a job record appeared');
    });
  });
}
