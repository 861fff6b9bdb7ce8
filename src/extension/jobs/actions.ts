// What the job commands do: pick a target from vstar.yaml and submit a worker job through
// the core runner; cancel a job; stream a job's log into its own output channel. The
// command table (commands.ts) checks trust, vstar.yaml and targets before any of this runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadConfigSync } from '../../core/config/load';
import { CONFIG_FILE } from '../../core/config/paths';
import { isTerminal, type JobSpecInput } from '../../core/jobs';
import { targetFromConfig, withDefaults, type ResolvedTarget } from '../../core/jobs/from-config';
import { finetuneSpec, generationSpec } from '../../core/jobs/specs';
import type { Ctx } from '../context';
import { errorMessage } from '../logger';
import { jobsController, type JobsProject } from './controller';
import { stateOf, targetDescription } from './rows';
import type { JobNode } from './tree';

/** Folders whose root holds a vstar.yaml (sync: used by the command table's checks). */
function projectFiles(): string[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => path.join(f.uri.fsPath, CONFIG_FILE))
    .filter((f) => fs.existsSync(f));
}

export function hasProjectFile(): boolean {
  return projectFiles().length > 0;
}

export function hasTargets(): boolean {
  return projectFiles().some((f) => Object.keys(loadConfigSync(f).parsed?.targets ?? {}).length > 0);
}

export async function pickJobsProject(ctx: Ctx): Promise<JobsProject | undefined> {
  const projects = (await jobsController(ctx).projects()).filter((p) => Object.keys(p.config?.targets ?? {}).length > 0);
  if (projects.length <= 1) return projects[0];
  const pick = await vscode.window.showQuickPick(
    projects.map((p) => ({ label: p.folder.name, description: p.configFile, project: p })),
    { title: 'Video-STaR: which project?' },
  );
  return pick?.project;
}

export interface TargetPick extends vscode.QuickPickItem {
  name: string;
  resolved: ResolvedTarget;
}

/** Quick pick of the project's targets: name, and type/host as the description. */
export async function pickTarget(project: JobsProject, title: string): Promise<TargetPick | undefined> {
  const targets = project.config?.targets ?? {};
  const items: TargetPick[] = [];
  for (const name of Object.keys(targets)) {
    try {
      const resolved = targetFromConfig(targets, name);
      const d = resolved.defaults;
      const extra = [d.partition && `partition ${d.partition}`, d.gpus !== undefined && `${d.gpus} GPU`].filter(Boolean).join(', ');
      items.push({ label: name, description: targetDescription(resolved.target), detail: extra || undefined, name, resolved });
    } catch (err) {
      items.push({ label: name, description: `not usable: ${errorMessage(err)}`, name, resolved: undefined as never });
    }
  }
  const def = project.config?.cycles?.target;
  items.sort((a, b) => Number(b.name === def) - Number(a.name === def));
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'Compute target from vstar.yaml' });
  if (pick && !pick.resolved) throw new Error(`target "${pick.name}": ${pick.description ?? 'not usable'}`);
  return pick;
}

/** An input remembered per project and target, so the next submit is a few Enters. */
export async function remembered(ctx: Ctx, key: string, prompt: string, fallback: string): Promise<string | undefined> {
  const state = ctx.extension.workspaceState;
  const value = await vscode.window.showInputBox({ title: prompt, value: state.get<string>(key) ?? fallback, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'required') });
  if (value !== undefined) await state.update(key, value.trim());
  return value?.trim();
}

async function pickFile(title: string, dir: string, filters: Record<string, string[]>): Promise<string | undefined> {
  const uris = await vscode.window.showOpenDialog({
    title,
    defaultUri: vscode.Uri.file(fs.existsSync(dir) ? dir : path.dirname(dir)),
    canSelectMany: false,
    filters,
  });
  return uris?.[0]?.fsPath;
}

export async function submit(ctx: Ctx, project: JobsProject, target: TargetPick, spec: JobSpecInput): Promise<string> {
  const full = { ...spec, resources: withDefaults(spec.resources, target.resolved.defaults) };
  const model = project.model;
  const handle = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Video-STaR: submitting "${spec.name}" to ${target.name}…` },
    () => model.runnerFor(target.resolved.target).submit(full),
  );
  ctx.log.info(`job ${handle.id} (${spec.kind}) submitted to ${target.name}${handle.record.slurmJobId ? ` as Slurm job ${handle.record.slurmJobId}` : ''}`);
  await model.reload();
  // not awaited: the caller gets the job id while the notification is still up
  void vscode.window.showInformationMessage(`Video-STaR: "${spec.name}" submitted to ${target.name}.`, 'Show Logs').then((choice) =>
    choice === 'Show Logs' ? showJobLogs(ctx, handle.id, project) : undefined,
  ).then(undefined, (err: unknown) => ctx.log.warn(`job logs: ${String(err)}`));
  return handle.id;
}

export async function sendGeneration(ctx: Ctx): Promise<void> {
  const project = await pickJobsProject(ctx);
  if (!project) return;
  const target = await pickTarget(project, 'Video-STaR: Send Generation to…');
  if (!target) return;
  const requests = await pickFile('Requests JSONL of the cycle to generate for', path.join(project.workdir, 'cycles'), { 'Requests (JSONL)': ['jsonl'] });
  if (!requests) return;
  let cycle = Number(/[\\/]cycles[\\/](\d+)[\\/]/.exec(requests)?.[1]);
  if (!Number.isInteger(cycle)) {
    const c = await vscode.window.showInputBox({ title: 'Cycle number', value: '1', validateInput: (v) => (/^\d+$/.test(v) ? undefined : 'a whole number') });
    if (c === undefined) return;
    cycle = Number(c);
  }
  const key = `vstar.jobs.${project.folder.uri.toString()}.${target.name}`;
  const model = await remembered(ctx, `${key}.model`, `Model folder on ${target.name} (Hugging Face format)`, '');
  if (!model) return;
  const python = await remembered(ctx, `${key}.python`, `Python on ${target.name} with vstar_workers installed`, 'python3');
  if (!python) return;
  await submit(ctx, project, target, generationSpec({ requests, cycle, model, python }));
}

export async function startFinetune(ctx: Ctx): Promise<void> {
  const project = await pickJobsProject(ctx);
  if (!project) return;
  const target = await pickTarget(project, 'Video-STaR: Start Finetune on…');
  if (!target) return;
  const data = await pickFile('Training data (LLaVA JSON or metadata JSONL export)', path.join(project.workdir, 'exports'), { 'Exports': ['json', 'jsonl'] });
  if (!data) return;
  const key = `vstar.jobs.${project.folder.uri.toString()}.${target.name}`;
  const model = await remembered(ctx, `${key}.model`, `Base model folder on ${target.name} (Qwen2-VL / Qwen2.5-VL)`, '');
  if (!model) return;
  const python = await remembered(ctx, `${key}.python`, `Python on ${target.name} with vstar_workers installed`, 'python3');
  if (!python) return;
  await submit(ctx, project, target, finetuneSpec({ data, model, python }));
}

/** The node a command was run on, or a quick pick of jobs (from the palette). */
async function jobFrom(ctx: Ctx, node: JobNode | undefined, onlyRunning: boolean): Promise<{ id: string; project: JobsProject } | undefined> {
  if (node?.kind === 'job') return { id: node.job.record.id, project: node.project };
  const items = (await jobsController(ctx).projects()).flatMap((project) =>
    project.model
      .jobs()
      .filter((j) => !onlyRunning || !isTerminal(stateOf(j.record)))
      .map((j) => ({ label: j.record.spec.name, description: `${stateOf(j.record)} · ${j.record.id}`, id: j.record.id, project })),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage(onlyRunning ? 'Video-STaR: no job is running.' : 'Video-STaR: no jobs yet.');
    return undefined;
  }
  return vscode.window.showQuickPick(items, { title: onlyRunning ? 'Cancel which job?' : 'Show the logs of which job?' });
}

export async function cancelJob(ctx: Ctx, node?: JobNode): Promise<void> {
  const job = await jobFrom(ctx, node, true);
  if (!job) return;
  const name = job.project.model.get(job.id)?.record.spec.name ?? job.id;
  const ok = await vscode.window.showWarningMessage(`Cancel job "${name}"?`, { modal: true }, 'Cancel Job');
  if (ok !== 'Cancel Job') return;
  const s = await job.project.model.cancel(job.id);
  ctx.log.info(`job ${job.id}: cancel requested, now ${s.state}`);
}

// One output channel per job, kept while the window lives; closing the channel stops
// nothing, so a second "Show Job Logs" just brings it back.
const channels = new Map<string, { channel: vscode.LogOutputChannel; stop: AbortController }>();

export async function showJobLogs(ctx: Ctx, nodeOrId?: JobNode | string, project?: JobsProject): Promise<void> {
  const job = typeof nodeOrId === 'string' && project ? { id: nodeOrId, project } : await jobFrom(ctx, nodeOrId as JobNode | undefined, false);
  if (!job) return;
  const key = `${job.project.workdir}#${job.id}`;
  const open = channels.get(key);
  if (open) return open.channel.show(true);
  const name = job.project.model.get(job.id)?.record.spec.name ?? job.id;
  const channel = vscode.window.createOutputChannel(`Video-STaR Job: ${name} (${job.id.slice(-6)})`, { log: true });
  const stop = new AbortController();
  channels.set(key, { channel, stop });
  ctx.subscriptions.push({ dispose: () => (stop.abort(), channel.dispose(), channels.delete(key)) });
  channel.show(true);
  channel.info(`job ${job.id} — following its log until it ends`);
  try {
    for await (const line of job.project.model.logs(job.id, stop.signal)) channel.appendLine(line);
    const state = job.project.model.get(job.id)?.record.last;
    channel.info(`job ended${state ? `: ${state.state}${state.exitCode !== undefined ? ` (exit ${state.exitCode})` : ''}` : ''}`);
  } catch (err) {
    channel.error(`reading the log failed: ${errorMessage(err)}`);
    channels.delete(key);
    throw err;
  }
}
