// What the dataset commands do. The command table (../commands.ts) decides when they may run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatProblem } from '../../core/util/errors';
import { importNamed } from '../actions/addDataset';
import { pickProject, UserFacingError } from '../actions/project';
import type { Ctx } from '../context';
import type { DatasetEntry } from './model';
import type { StatsDataset } from '../../shared/statsProtocol';
import { formatStats } from './read';
import { showStatsPanel } from './statsPanel';
import type { DatasetNode } from './tree';

export async function refreshDatasets(ctx: Ctx): Promise<void> {
  await ctx.datasets.refresh();
  ctx.log.info('datasets: refreshed');
}

/** Prints statistics (the core's `datasetStats`) to the output channel: of the clicked dataset, or of every dataset. */
export async function showDatasetStats(ctx: Ctx, node?: DatasetNode): Promise<void> {
  const entries: DatasetEntry[] = node?.kind === 'dataset'
    ? [node.entry]
    : (await ctx.datasets.get()).flatMap((p) => p.datasets);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('Video-STaR: no datasets yet. Run "Video-STaR: Add Dataset…" or `vstar dataset import <name>`.');
    return;
  }
  ctx.log.show(true);
  const charts: StatsDataset[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Video-STaR: reading datasets' },
    async () => {
      for (const entry of entries) {
        if (entry.problem) {
          ctx.log.warn(`Dataset "${entry.name}": ${entry.problem}`);
          continue;
        }
        const loaded = await ctx.datasets.dataset(entry);
        for (const line of formatStats(entry.name, loaded.stats, loaded.data.problems.length)) ctx.log.info(line);
        for (const p of loaded.data.problems.slice(0, 20)) ctx.log.warn(`  ${formatProblem(p)}`);
        charts.push({ name: entry.name, stats: loaded.stats, problems: loaded.data.problems.length });
      }
    },
  );
  // The same figures as charts (the Output panel keeps the text and the problems).
  if (charts.length) showStatsPanel(ctx, charts);
}

/** `vstar.dataset.import`: (re-)imports a dataset of vstar.yaml: the clicked row's, a name, or one picked. */
export async function importDataset(ctx: Ctx, arg?: DatasetNode | string): Promise<void> {
  const project = await pickProject(arg && typeof arg === 'object' ? path.dirname(path.dirname(arg.entry.dir)) : undefined);
  if (!project) return;
  const names = Object.keys(project.config.datasets ?? {});
  let name = typeof arg === 'string' ? arg : arg?.kind === 'dataset' ? arg.entry.name : undefined;
  if (name && !names.includes(name)) throw new UserFacingError(`"${name}" is not a dataset of vstar.yaml (datasets: ${names.join(', ') || 'none'})`);
  if (!name) {
    if (names.length === 0) throw new UserFacingError('no datasets in vstar.yaml: run "Video-STaR: Add Dataset…" first');
    name = names.length === 1 ? names[0] : (await vscode.window.showQuickPick(names, { title: 'Video-STaR: import which dataset?' }));
  }
  if (!name) return;
  await importNamed(ctx, project.configFile, name);
}
