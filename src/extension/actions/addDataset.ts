// "Add Dataset…": a few quick inputs (annotation file, format, name, clip folder), the
// entry written into vstar.yaml with comments and layout kept (yamlEdit.ts), then the
// dataset imported by the core exactly as `vstar dataset import <name>` does: bad rows are
// reported with file, line and field in the output channel, good records are written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DATASET_FORMATS, datasetOptionsFromProject, importDataset, writeDataset, type DatasetFormat } from '../../core/datasets';
import { writeFileAtomic } from '../../core/util/atomic';
import { formatProblem } from '../../core/util/errors';
import type { Ctx } from '../context';
import { pickProject, UserFacingError } from './project';
import { addDatasetEntry } from './yamlEdit';
import { detectDataset } from '../../core/datasets/detect';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const FORMAT_INFO: Record<DatasetFormat, string> = {
  jsonl: 'one JSON object per line (id, video, split, label keys)',
  csv: 'a CSV with a header row (id, video, split, label columns)',
  kinetics: 'Kinetics-700 CSV (label, youtube_id, time_start, time_end, split)',
  finediving: 'FineDiving annotation pickles (or their JSON rendering); clips as frame folders',
  star: 'STAR situated QA JSON',
  ssv2: 'Something-Something-v2 JSON',
  charades: 'Charades csv (actions "cNNN start end;…") with Charades_v1_classes.txt beside it',
  'activitynet-captions': 'ActivityNet Captions JSON ({v_id: {duration, timestamps, sentences}})',
};

/** The format the file's name suggests, listed first. */
function guessFormat(file: string): DatasetFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return /kinetics/i.test(file) ? 'kinetics' : 'csv';
  if (ext === '.json') return /star/i.test(file) ? 'star' : /something|ssv2/i.test(file) ? 'ssv2' : 'finediving';
  return 'jsonl';
}

const posixRel = (from: string, to: string): string => path.relative(from, to).split(path.sep).join('/') || '.';

export async function addDataset(ctx: Ctx): Promise<void> {
  const project = await pickProject();
  if (!project) return;
  const base = path.dirname(project.configFile);
  const files = await vscode.window.showOpenDialog({
    title: 'Video-STaR: the dataset\'s annotation file',
    defaultUri: project.folder.uri,
    canSelectMany: false,
    filters: { Annotations: ['jsonl', 'csv', 'json', 'pkl'], 'All files': ['*'] },
  });
  const annotations = files?.[0]?.fsPath;
  if (!annotations) return;
  // The content decides (a pickle, a csv header, the JSON's shape); the name is the fallback.
  const detected = await detectDataset(annotations).catch((err: unknown) => {
    ctx.log.warn(`detect ${annotations}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  });
  const guessed = detected?.format ?? guessFormat(annotations);
  const format = (await vscode.window.showQuickPick(
    [guessed, ...DATASET_FORMATS.filter((f) => f !== guessed)].map((f) => ({ label: f, description: f === detected?.format ? `detected: ${detected.why}` : FORMAT_INFO[f] })),
    { title: `Video-STaR: format of ${path.basename(annotations)}` },
  ))?.label as DatasetFormat | undefined;
  if (!format) return;
  const existing = new Set(Object.keys(project.config.datasets ?? {}));
  const suggested = path.basename(annotations, path.extname(annotations)).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'dataset';
  const name = (await vscode.window.showInputBox({
    title: 'Video-STaR: dataset name',
    prompt: 'Its key under `datasets` in vstar.yaml and its folder under the workdir',
    value: existing.has(suggested) ? `${suggested}-2` : suggested,
    ignoreFocusOut: true,
    validateInput: (v) => (!NAME.test(v.trim()) ? 'letters, digits, ".", "_" and "-", starting with a letter or digit' : existing.has(v.trim()) ? `"${v.trim()}" is already in vstar.yaml` : undefined),
  }))?.trim();
  if (!name) return;
  const annotationsDir = path.dirname(annotations);
  const found = detected && detected.format === format && detected.clipsFound > 0 && detected.root !== annotationsDir ? detected : undefined;
  const rootPick = await vscode.window.showQuickPick(
    [
      ...(found ? [{ label: 'The folder the clips were found in', description: `${posixRel(base, found.root)} (${found.clipsFound} of the first ${found.clipsTried} clips)`, choose: false, found: found.root }] : []),
      { label: 'The annotation file\'s folder', description: posixRel(base, annotationsDir), choose: false, found: undefined },
      { label: 'Choose the clip folder…', description: 'clip paths in the annotations are relative to it', choose: true, found: undefined },
    ],
    { title: 'Video-STaR: where are the clips?' },
  );
  if (!rootPick) return;
  let root: string | undefined = rootPick.found;
  if (rootPick.choose) {
    root = (await vscode.window.showOpenDialog({ title: 'Clip folder', defaultUri: vscode.Uri.file(annotationsDir), canSelectFiles: false, canSelectFolders: true }))?.[0]?.fsPath;
    if (!root) return;
  }

  // vstar.yaml first: an open, unsaved editor of it would be overwritten, so ask for a save.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && path.resolve(d.uri.fsPath) === path.resolve(project.configFile));
  if (open?.isDirty) throw new UserFacingError('vstar.yaml has unsaved changes: save it, then add the dataset');
  const text = fs.readFileSync(project.configFile, 'utf8');
  const next = addDatasetEntry(text, name, {
    format,
    annotations: posixRel(base, annotations),
    ...(root !== undefined ? { root: posixRel(base, root) } : {}),
  });
  await writeFileAtomic(project.configFile, next);
  ctx.log.info(`vstar.yaml: added dataset "${name}" (${format}, ${posixRel(base, annotations)})`);
  await importNamed(ctx, project.configFile, name);
}

/** Imports `datasets.<name>` of vstar.yaml with the core, as `vstar dataset import <name>`. */
export async function importNamed(ctx: Ctx, configFile: string, name: string): Promise<void> {
  const p = await datasetOptionsFromProject(configFile, name);
  if (!p.options) {
    for (const prob of p.problems) ctx.log.warn(formatProblem(prob));
    throw new UserFacingError(`the entry of "${name}" in vstar.yaml has problems: ${p.problems[0] ? formatProblem(p.problems[0]) : 'unknown'}`);
  }
  const options = p.options;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Video-STaR: importing "${name}"`, cancellable: false },
    async (progress) => {
      let last = 0;
      const r = await importDataset({
        ...options,
        onProgress: (done, total) => {
          const pct = total ? (100 * done) / total : 0;
          progress.report({ increment: pct - last, message: `checking clips ${done}/${total}` });
          last = pct;
        },
      });
      if (r.counts.imported > 0 || r.problems.length === 0) await writeDataset(p.datasetsDir, name, r);
      return r;
    },
  );
  const c = result.counts;
  for (const prob of result.problems.slice(0, 50)) ctx.log.warn(formatProblem(prob));
  if (result.problems.length > 50) ctx.log.warn(`… and ${result.problems.length - 50} more problems`);
  const summary = `imported ${c.imported} of ${c.read} records into "${name}"${c.rejected ? `, ${c.rejected} rejected` : ''}${c.missingVideos ? `, ${c.missingVideos} clips missing` : ''}`;
  ctx.log.info(summary);
  await ctx.datasets.refresh();
  if (c.imported === 0) void vscode.window.showErrorMessage(`Video-STaR: nothing imported from "${name}" (${result.problems.length} problems). See Output › Video-STaR.`, 'Show Log').then((x) => x && ctx.log.show(true));
  else if (result.problems.length || c.missingVideos) void vscode.window.showWarningMessage(`Video-STaR: ${summary}. See Output › Video-STaR for the problems.`);
  else void vscode.window.showInformationMessage(`Video-STaR: ${summary}.`);
}
