// The checks the command table makes before the loop commands run (sync, cheap: the
// vstar.yaml of each open folder, parsed by the core). Kept apart from run.ts so the table
// does not load the loop's command code at activation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadConfigSync } from '../../core/config/load';
import { CONFIG_FILE } from '../../core/config/paths';

/** Whether an open project's vstar.yaml says which model the loop trains (`model`). */
export function hasLoopModel(): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => {
    if (f.uri.scheme !== 'file') return false;
    const file = path.join(f.uri.fsPath, CONFIG_FILE);
    return fs.existsSync(file) && loadConfigSync(file).parsed?.model !== undefined;
  });
}
