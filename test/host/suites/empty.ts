// A window with no folder: every command a person can run from the palette activates the
// extension and resolves to the reason it cannot run (the warning's words), starting nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { extension, paletteCommands, runCommand } from '../harness';

const NO_FOLDER = 'open a folder that contains vstar.yaml first';

export function emptySuite(): void {
  describe('in a window with no folder', () => {
    it('every palette command says why it cannot run', async () => {
      assert.equal(vscode.workspace.workspaceFolders, undefined);
      const commands = paletteCommands();
      assert.ok(commands.length > 0, 'no palette commands in package.json');
      const answers: Record<string, unknown> = {};
      // The first one waits for the extension to load and activate.
      for (const [i, id] of commands.entries()) answers[id] = await runCommand(id, i === 0 ? 60_000 : 10_000);
      assert.equal(extension().isActive, true, 'running a command activates the extension');
      assert.deepEqual(answers, Object.fromEntries(commands.map((id) => [id, { notRun: NO_FOLDER }])));
    });
  });
}
