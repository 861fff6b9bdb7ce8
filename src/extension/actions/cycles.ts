// "New Cycle" and "Export": thin front ends over the core's createCycle and
// the core's exportCycle, with the same defaults as `vstar cycle new` and
// `vstar export --cycle` (model and dataset from the previous cycle, else vstar.yaml).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createCycle, listCycles, openCycle } from '../../core/cycles';
import { RECORDS_FILE } from '../../core/datasets';
import { cycleExportDir, exportCycle as exportCycleTo } from '../../core/export/fromCycle';
import { EXPORT_FORMATS, ExportInputError, type ExportFormat } from '../../core/export/types';
import { formatProblem } from '../../core/util/errors';
import type { Ctx } from '../context';
import { cyclesModel } from '../cycles/model';
import { pickCycle, pickProject, UserFacingError } from './project';

/** `vstar.cycle.new`: model and dataset asked with the CLI's defaults pre-filled. */
export async function newCycle(ctx: Ctx): Promise<void> {
  const project = await pickProject();
  if (!project) return;
  const { config, workdir } = project;
  const prev = (await listCycles(workdir)).filter((c) => c.state).at(-1)?.state;
  const datasets = Object.keys(config.datasets ?? {});
  if (datasets.length === 0) throw new UserFacingError('no datasets in vstar.yaml: run "Video-STaR: Add Dataset…" first');
  let dataset = prev && datasets.includes(prev.dataset) ? prev.dataset : datasets.length === 1 ? datasets[0] : undefined;
  if (!dataset || datasets.length > 1) {
    const items = datasets.map((d) => ({ label: d, description: fs.existsSync(path.join(workdir, 'datasets', d, RECORDS_FILE)) ? 'imported' : 'not imported yet', picked: d === dataset }));
    items.sort((a, b) => Number(b.picked) - Number(a.picked));
    dataset = (await vscode.window.showQuickPick(items, { title: 'Video-STaR: New Cycle — which dataset?' }))?.label;
    if (!dataset) return;
  }
  const backendName = config.cycles?.backend;
  const fallback = prev?.model ?? (backendName ? config.backends[backendName]?.model : undefined) ?? '';
  const model = (await vscode.window.showInputBox({
    title: 'Video-STaR: New Cycle — model',
    prompt: prev ? `The model this cycle generates with (cycle ${prev.cycle} used ${prev.model}; after a finetune, name the new one)` : 'The model this cycle generates with',
    value: fallback,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'a model name is required'),
  }))?.trim();
  if (!model) return;
  const parentModel = prev && prev.model !== model ? prev.model : undefined;
  const store = await createCycle(workdir, { model, dataset, ...(parentModel ? { parentModel } : {}) });
  const n = store.cycle;
  await store.close();
  ctx.log.info(`created cycle ${n} in ${store.dir} (model ${model}, dataset ${dataset})`);
  cyclesModel(ctx).refresh();
  void vscode.window.showInformationMessage(`Video-STaR: created cycle ${n} (model ${model}, dataset ${dataset}).`, 'Generate').then((c) =>
    c === 'Generate' ? vscode.commands.executeCommand('vstar.cycle.generate', { workdir, cycle: n }) : undefined,
  );
}

const FORMAT_INFO: Record<ExportFormat, string> = {
  llava: 'LLaVA / Video-LLaVA conversations (JSON)',
  'llama-factory': 'LLaMA-Factory ShareGPT with videos, plus its dataset_info.json entry',
  'ms-swift': 'ms-swift messages (JSONL)',
  metadata: 'every field: question, answer, verdict evidence, review (JSONL)',
};

/** `vstar.cycle.export`: format from a quick pick, written into the cycle's exports/ folder. */
export async function exportCycle(ctx: Ctx, arg: unknown): Promise<void> {
  const picked = await pickCycle(arg, 'Export which cycle?');
  if (!picked) return;
  const { project, cycle } = picked;
  const format = (await vscode.window.showQuickPick(
    EXPORT_FORMATS.map((f) => ({ label: f, description: FORMAT_INFO[f] })),
    { title: `Video-STaR: export cycle ${cycle} as…` },
  ))?.label as ExportFormat | undefined;
  if (!format) return;
  const outDir = cycleExportDir(project.workdir, cycle);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Video-STaR: exporting cycle ${cycle} as ${format}` }, async (progress) => {
    let shown = 0;
    const onProgress = (done: number, total: number): void => {
      const pct = total > 0 ? Math.min(100, (100 * done) / total) : 0;
      progress.report({ message: `${done.toLocaleString()} of ${total.toLocaleString()} samples`, increment: pct - shown });
      shown = pct;
    };
    try {
      return (await exportCycleTo(project.workdir, cycle, format, outDir, { name: 'vstar', onProgress })).result;
    } catch (err) {
      if (!(err instanceof ExportInputError)) throw err;
      for (const p of err.problems) ctx.log.warn(formatProblem(p));
      throw new UserFacingError(`${err.count} problem(s) in cycle ${cycle}, nothing exported; first: ${formatProblem(err.problems[0]!)}`);
    }
  });
  const store = await openCycle(project.workdir, cycle);
  try {
    await store.updateState((s) => {
      s.stages.export = { status: 'done', updatedAt: new Date().toISOString(), counts: { exported: result.counts.exported, skipped: result.counts.skipped }, note: `${format}: ${result.files.map((f) => path.basename(f)).join(', ')}` };
    });
  } finally {
    await store.close();
  }
  ctx.log.info(`exported cycle ${cycle} as ${format}: ${result.counts.exported} records → ${result.files.join(', ')}`);
  cyclesModel(ctx).refresh();
  const first = result.files[0];
  void vscode.window.showInformationMessage(`Video-STaR: exported ${result.counts.exported} records of cycle ${cycle} as ${format}.`, ...(first ? ['Open'] : [])).then((c) =>
    c === 'Open' && first ? vscode.commands.executeCommand('vscode.open', vscode.Uri.file(first)) : undefined,
  );
}
