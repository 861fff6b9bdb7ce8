// The project a command acts on: the folder with a vstar.yaml (asked when several are
// open), its config as the core loads it, and its workdir. Also which cycle: the tree row
// a command was run on, a number passed by another command, or a quick pick.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadConfig } from '../../core/config/load';
import { CONFIG_FILE, projectWorkdir } from '../../core/config/paths';
import type { VstarConfig } from '../../core/config/schema';
import { listCycles } from '../../core/cycles';
import { formatProblem } from '../../core/util/errors';
import { UserFacingError } from './errors';

export { UserFacingError } from './errors';

export interface Project {
  readonly folder: vscode.WorkspaceFolder;
  readonly configFile: string;
  readonly config: VstarConfig;
  /** Absolute `<project>/<workdir>`. */
  readonly workdir: string;
}


function projectFolders(): vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file' && fs.existsSync(path.join(f.uri.fsPath, CONFIG_FILE)));
}

async function load(folder: vscode.WorkspaceFolder): Promise<Project> {
  const configFile = path.join(folder.uri.fsPath, CONFIG_FILE);
  const loaded = await loadConfig(configFile);
  if (!loaded.config) {
    const first = loaded.problems[0];
    throw new UserFacingError(`${CONFIG_FILE} has ${loaded.problems.length} problem(s)${first ? `, first: ${formatProblem(first)}` : ''} — fix it (see the Problems panel) and try again`);
  }
  return { folder, configFile, config: loaded.config, workdir: projectWorkdir(configFile, loaded.config) };
}

/** The project of `workdir` (a tree row's), else the only project, else a quick pick. */
export async function pickProject(workdir?: string): Promise<Project | undefined> {
  const folders = projectFolders();
  if (workdir) {
    for (const f of folders) {
      const p = await load(f).catch(() => undefined);
      if (p && path.resolve(p.workdir) === path.resolve(workdir)) return p;
    }
  }
  if (folders.length <= 1) return folders[0] && load(folders[0]);
  const pick = await vscode.window.showQuickPick(folders.map((f) => ({ label: f.name, description: f.uri.fsPath, f })), { title: 'Video-STaR: which project?' });
  return pick && load(pick.f);
}

/** A cycle reference from a tree row (`{workdir, cycle}`), a number, or nothing (ask). */
export interface CycleRef {
  workdir: string;
  cycle: number;
}

export function cycleRefOf(arg: unknown): CycleRef | Partial<CycleRef> | undefined {
  if (typeof arg === 'number') return { cycle: arg };
  if (typeof arg === 'string' && /^[1-9]\d*$/.test(arg)) return { cycle: Number(arg) };
  if (arg && typeof arg === 'object') {
    const o = arg as { workdir?: unknown; cycle?: unknown };
    if (typeof o.workdir === 'string' && typeof o.cycle === 'number') return { workdir: o.workdir, cycle: o.cycle };
  }
  return undefined;
}

/** The project and cycle a command acts on. */
export async function pickCycle(arg: unknown, title: string): Promise<{ project: Project; cycle: number } | undefined> {
  const ref = cycleRefOf(arg);
  const project = await pickProject(ref?.workdir);
  if (!project) return undefined;
  const cycles = (await listCycles(project.workdir)).filter((c) => c.state);
  if (ref?.cycle !== undefined) {
    if (!cycles.some((c) => c.cycle === ref.cycle)) throw new UserFacingError(`there is no cycle ${ref.cycle} in ${project.workdir}`);
    return { project, cycle: ref.cycle };
  }
  if (cycles.length === 0) throw new UserFacingError('no cycles yet: run "Video-STaR: New Cycle" first');
  if (cycles.length === 1) return { project, cycle: cycles[0]!.cycle };
  const pick = await vscode.window.showQuickPick(
    [...cycles].reverse().map((c) => ({ label: `Cycle ${c.cycle}`, description: `${c.state!.model} · ${c.state!.dataset}`, cycle: c.cycle })),
    { title },
  );
  return pick && { project, cycle: pick.cycle };
}
