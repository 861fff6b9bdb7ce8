// Which cycles can be reviewed: every `<workdir>/cycles/<N>` of the open project folders.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listCycles } from '../../core/cycles';
import { readClipRoots } from '../../core/review';
import { PROJECT_FILE, projectDatasetsDir } from '../../core/datasets';
import type { ReviewTarget } from './controller';

export interface CycleChoice extends ReviewTarget {
  folder: string;
  dataset: string;
  model: string;
}

export async function reviewableCycles(): Promise<CycleChoice[]> {
  const out: CycleChoice[] = [];
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    if (f.uri.scheme !== 'file' || !fs.existsSync(path.join(f.uri.fsPath, PROJECT_FILE))) continue;
    const workdir = path.dirname(await projectDatasetsDir(f.uri.fsPath));
    for (const c of await listCycles(workdir)) {
      if (c.state) out.push({ folder: f.uri.fsPath, workdir, cycle: c.cycle, dataset: c.state.dataset, model: c.state.model });
    }
  }
  return out;
}

/** The cycle `n` (of the first project that has it), or a quick pick when `n` is not given. */
export async function chooseCycle(n?: unknown): Promise<CycleChoice | undefined> {
  const cycles = await reviewableCycles();
  const wanted = typeof n === 'number' ? n : typeof n === 'string' && /^\d+$/.test(n) ? Number(n) : undefined;
  if (wanted !== undefined) {
    const c = cycles.find((x) => x.cycle === wanted);
    if (!c) throw new Error(`there is no cycle ${wanted} in the open project (create it with \`vstar cycle new\`)`);
    return c;
  }
  if (cycles.length === 0) throw new Error('no cycles to review yet (create one with `vstar cycle new`, then generate answers)');
  if (cycles.length === 1) return cycles[0];
  const pick = await vscode.window.showQuickPick(
    cycles.map((c) => ({ label: `Cycle ${c.cycle}`, description: `${c.dataset} · ${c.model}`, detail: c.workdir, c })),
    { title: 'Review which cycle?' },
  );
  return pick?.c;
}

/** The dataset clip roots of a cycle, for localResourceRoots. */
export async function clipRootsOf(t: ReviewTarget): Promise<string[]> {
  const state = (await listCycles(t.workdir)).find((c) => c.cycle === t.cycle)?.state;
  return state ? readClipRoots(path.join(t.workdir, 'datasets', state.dataset)) : [];
}
