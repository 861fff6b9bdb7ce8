// What the dataset commands do. The command table (../commands.ts) decides when they may run.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { datasetStats, formatStats } from './stats';
import type { DatasetNode } from './tree';
import type { DatasetEntry } from './scan';

export async function refreshDatasets(ctx: Ctx): Promise<void> {
  await ctx.datasets.refresh();
  ctx.log.info('datasets: refreshed');
}

/** Prints statistics to the output channel: of the clicked dataset, or of every dataset. */
export async function showDatasetStats(ctx: Ctx, node?: DatasetNode): Promise<void> {
  const entries: DatasetEntry[] = node?.kind === 'dataset'
    ? [node.entry]
    : (await ctx.datasets.get()).flatMap((p) => p.datasets);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(
      'Video-STaR: no datasets yet. Add one to vstar.yaml and run `vstar dataset import <name>`.',
    );
    return;
  }
  ctx.log.show(true);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Video-STaR: reading datasets' },
    async () => {
      for (const entry of entries) {
        if (entry.clips === undefined) {
          ctx.log.warn(`Dataset "${entry.name}": ${entry.problem ?? 'unreadable'}`);
          continue;
        }
        for (const line of formatStats(entry.name, await datasetStats(entry.recordsFile))) ctx.log.info(line);
      }
    },
  );
}
