// Renders the jobs controller as the "Jobs" tree: compute targets, each with its jobs
// (name; state · elapsed · progress %). The rows' text, icons and context values come from
// rows.ts; this file only maps them to TreeItems. Node ids are stable (folder + target key /
// job id) so expansion and selection survive refreshes. Also the status bar count.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { jobsController, type JobsController, type JobsProject } from './controller';
import { contextValueFor, describeJob, groupByTarget, iconFor, jobTooltip, stateOf, type JobView, type TargetGroup } from './rows';
import { exposeTree } from '../testHooks';

export const JOBS_VIEW = 'vstar.views.jobs';

export interface TargetNode {
  readonly kind: 'target';
  readonly id: string;
  readonly project: JobsProject;
  readonly group: TargetGroup;
  readonly showFolder: boolean;
}

/** What the tree hands to commands run from a job row. */
export interface JobNode {
  readonly kind: 'job';
  readonly id: string;
  readonly project: JobsProject;
  readonly job: JobView;
}

export type JobsTreeNode = TargetNode | JobNode;

export class JobsTreeProvider implements vscode.TreeDataProvider<JobsTreeNode> {
  private readonly changed = new vscode.EventEmitter<JobsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly jobs: JobsController, subscriptions: vscode.Disposable[]) {
    subscriptions.push(this.changed, jobs.onDidChange(() => this.changed.fire(undefined)));
  }

  async getChildren(element?: JobsTreeNode): Promise<JobsTreeNode[]> {
    if (element?.kind === 'job') return [];
    if (element?.kind === 'target') {
      return element.group.jobs.map((job) => ({
        kind: 'job' as const,
        id: `${element.project.folder.uri.toString()}#job:${job.record.id}`,
        project: element.project,
        job,
      }));
    }
    const projects = await this.jobs.projects();
    const showFolder = projects.length > 1;
    return projects.flatMap((project) =>
      groupByTarget(project.model.jobs(), project.targetNames).map((group) => ({
        kind: 'target' as const,
        id: `${project.folder.uri.toString()}#${group.id}`,
        project,
        group,
        showFolder,
      })),
    );
  }

  getTreeItem(node: JobsTreeNode): vscode.TreeItem {
    if (node.kind === 'target') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      const running = node.group.jobs.filter((j) => contextValueFor(stateOf(j.record)) === 'job.running').length;
      item.description = [node.group.description, running ? `${running} running` : '', node.showFolder ? node.project.folder.name : '']
        .filter(Boolean)
        .join(' · ');
      item.iconPath = new vscode.ThemeIcon(node.group.description.startsWith('local') ? 'vm' : 'server');
      return item;
    }
    const now = Date.now();
    const state = stateOf(node.job.record);
    const item = new vscode.TreeItem(node.job.record.spec.name, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = describeJob(node.job, now);
    item.tooltip = jobTooltip(node.job, now);
    const icon = iconFor(state);
    item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = contextValueFor(state);
    item.command = { command: 'vstar.job.showLogs', title: 'Show Job Logs', arguments: [node] };
    return item;
  }
}

export function registerJobsView(ctx: Ctx): void {
  const jobs = jobsController(ctx);
  const provider = new JobsTreeProvider(jobs, ctx.subscriptions);
  exposeTree(JOBS_VIEW, provider);
  const view = vscode.window.createTreeView(JOBS_VIEW, { treeDataProvider: provider });
  ctx.subscriptions.push(view);

  // "N jobs running" in the status bar while any run; a click opens the view
  const bar = vscode.window.createStatusBarItem('vstar.jobs', vscode.StatusBarAlignment.Left, 10);
  bar.name = 'Video-STaR Jobs';
  bar.command = `${JOBS_VIEW}.focus`;
  const update = () => {
    const n = jobs.runningCount();
    view.badge = n ? { value: n, tooltip: `${n} running` } : undefined;
    if (n === 0) return bar.hide();
    bar.text = `$(sync~spin) ${n} ${n === 1 ? 'job' : 'jobs'}`;
    bar.tooltip = 'Video-STaR: jobs running — show the Jobs view';
    bar.show();
  };
  ctx.subscriptions.push(bar, jobs.onDidChange(update));
  void jobs.projects().then(update, (err) => ctx.log.error(`jobs view: ${String(err)}`));
}
