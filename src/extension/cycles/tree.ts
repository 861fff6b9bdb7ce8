// Renders the cycles model as the "Cycles" tree: cycle (model · dataset · pass rate) →
// its seven stages (state icon, counts, pass rate) → lists of attempts (passed, failed,
// to review…) a page at a time, or the export files. Children load only when expanded;
// each attempt page is one query of the core's ReviewSession. Selecting a cycle shows it
// in the Review side view; selecting an attempt shows that attempt there.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AttemptSummary } from '../../core/review';
import type { Ctx } from '../context';
import { ContextValue } from '../contextValues';
import { reviewSideView } from '../review/sideView';
import { moreItem, Pager, type MoreNode } from '../views/paging';
import { cyclesModel, type CyclesModel, type CycleView } from './model';
import { loopRuns, type LoopRuns } from '../loop/runs';
import { stageProgressText } from '../loop/runFile';
import { percentText } from '../report/model';
import { cycleDescription, stageIcon, stageRows, STAGE_TITLES, type AttemptGroupSpec, type CycleExtras, type StageRow } from './stages';
import { exposeTree } from '../testHooks';

export const CYCLES_VIEW = 'vstar.views.cycles';
const RUN_REDRAW_MS = 1000;

/** What the tree hands to the cycle commands. */
export interface CycleNode {
  readonly kind: 'cycle';
  readonly id: string;
  readonly view: CycleView;
  readonly showFolder: boolean;
}

export interface StageNode {
  readonly kind: 'stage';
  readonly id: string;
  readonly cycle: CycleNode;
  readonly row: StageRow;
}

export interface AttemptGroupNode {
  readonly kind: 'group';
  readonly id: string;
  readonly stage: StageNode;
  readonly spec: AttemptGroupSpec;
}

export interface AttemptNode {
  readonly kind: 'attempt';
  readonly id: string;
  readonly cycle: CycleNode;
  readonly attempt: AttemptSummary;
}

export interface ExportFileNode {
  readonly kind: 'file';
  readonly id: string;
  readonly file: string;
}

export type CyclesTreeNode = CycleNode | StageNode | AttemptGroupNode | AttemptNode | ExportFileNode | MoreNode;

const STAGE_CONTEXT = {
  generate: ContextValue.StageGenerate,
  verify: ContextValue.StageVerify,
  rationalize: ContextValue.StageRationalize,
  review: ContextValue.StageReview,
  export: ContextValue.StageExport,
  finetune: ContextValue.StageFinetune,
  evaluate: ContextValue.StageEvaluate,
} as const;

export class CyclesTreeProvider implements vscode.TreeDataProvider<CyclesTreeNode> {
  private readonly changed = new vscode.EventEmitter<CyclesTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly pager = new Pager();

  constructor(
    private readonly model: CyclesModel,
    subscriptions: vscode.Disposable[],
    private readonly runs?: LoopRuns,
  ) {
    subscriptions.push(this.changed, model.onDidChange(() => this.changed.fire(undefined)));
    // run.json changes up to twice a second: the cycles stay cached, only the rows are
    // redrawn, at most once a second (an expanded stage's groups count their attempts).
    if (runs) subscriptions.push(runs.onDidChange(() => this.redrawSoon()), { dispose: () => clearTimeout(this.redraw) });
  }

  private redraw: NodeJS.Timeout | undefined;

  private redrawSoon(): void {
    this.redraw ??= setTimeout(() => {
      this.redraw = undefined;
      this.changed.fire(undefined);
    }, RUN_REDRAW_MS);
  }

  /** The loop's word on a cycle: its evaluation, and the stage a live run works on. */
  private extrasOf(view: CycleView): CycleExtras {
    const workdir = view.project.workdir;
    const run = this.runs?.get(workdir);
    const live = this.runs?.live(workdir);
    const here = run?.cycle === view.entry.cycle;
    return {
      ...(view.entry.state ? { facts: view.entry.state } : {}),
      ...(live && here ? { live: { stage: live.stage, progress: stageProgressText(live) } } : {}),
      ...(here && !live ? { interrupted: true } : {}),
    };
  }

  async getChildren(element?: CyclesTreeNode): Promise<CyclesTreeNode[]> {
    if (!element) {
      const cycles = await this.model.cycles();
      const showFolder = new Set(cycles.map((c) => c.project.folder.uri.toString())).size > 1;
      return cycles.map((view) => ({ kind: 'cycle' as const, id: `${view.project.folder.uri.toString()}#${view.entry.cycle}`, view, showFolder }));
    }
    switch (element.kind) {
      case 'cycle': {
        const { status, exports } = element.view;
        if (!status) return [];
        return stageRows(status, exports, this.extrasOf(element.view)).map((row) => ({ kind: 'stage' as const, id: `${element.id}/${row.stage}`, cycle: element, row }));
      }
      case 'stage':
        if (element.row.stage === 'export') {
          const dir = path.join(element.cycle.view.entry.dir, 'exports');
          return element.cycle.view.exports.map((f) => ({ kind: 'file' as const, id: `${element.id}/${f}`, file: path.join(dir, f) }));
        }
        return element.row.groups.map((spec) => ({ kind: 'group' as const, id: `${element.id}/${spec.key}`, stage: element, spec }));
      case 'group': {
        const cycle = element.stage.cycle;
        const session = await this.model.session(cycle.view.project.workdir, cycle.view.entry.cycle);
        const page = await session.page(0, this.pager.limit(element.id), element.spec.filter);
        const rows: CyclesTreeNode[] = page.items.map((attempt) => ({ kind: 'attempt' as const, id: `${cycle.id}@${attempt.id}`, cycle, attempt }));
        return [...rows, ...this.pager.more(element.id, page.items.length, page.total, () => this.changed.fire(element))];
      }
      default:
        return [];
    }
  }

  async getTreeItem(node: CyclesTreeNode): Promise<vscode.TreeItem> {
    switch (node.kind) {
      case 'cycle':
        return cycleItem(node, this.extrasOf(node.view));
      case 'stage': {
        const { row } = node;
        const leaf = row.stage === 'finetune' || row.stage === 'evaluate' || (row.stage === 'export' && node.cycle.view.exports.length === 0);
        const item = new vscode.TreeItem(STAGE_TITLES[row.stage], leaf ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = row.description;
        item.tooltip = `${row.tooltip}\nstate: ${row.status}`;
        const icon = stageIcon(row.status);
        item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
        item.contextValue = row.stage === 'review' && row.status === 'waiting' ? ContextValue.StageReviewWaiting : STAGE_CONTEXT[row.stage];
        return item;
      }
      case 'group': {
        const cycle = node.stage.cycle;
        const item = new vscode.TreeItem(node.spec.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        try {
          const session = await this.model.session(cycle.view.project.workdir, cycle.view.entry.cycle);
          const total = (await session.page(0, 0, node.spec.filter)).total;
          item.description = `${total.toLocaleString('en-US')}`;
          if (total === 0) item.collapsibleState = vscode.TreeItemCollapsibleState.None;
        } catch {
          // the cycle's logs cannot be read: the stage row's tooltip says why
        }
        item.contextValue = ContextValue.AttemptGroup;
        item.iconPath = new vscode.ThemeIcon('list-filter');
        return item;
      }
      case 'attempt':
        return attemptItem(node);
      case 'file': {
        const item = new vscode.TreeItem(path.basename(node.file), vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.resourceUri = vscode.Uri.file(node.file);
        item.contextValue = ContextValue.ExportFile;
        item.command = { command: 'vscode.open', title: 'Open Export', arguments: [item.resourceUri] };
        return item;
      }
      case 'more':
        return moreItem(node);
    }
  }
}

function cycleItem(node: CycleNode, extras: CycleExtras): vscode.TreeItem {
  const { view } = node;
  const item = new vscode.TreeItem(`Cycle ${view.entry.cycle}`, view.status ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const where = node.showFolder ? ` · ${view.project.folder.name}` : '';
  if (!view.status) {
    item.description = `unreadable${where}`;
    item.tooltip = `${view.entry.dir}\n${view.problem ?? ''}`;
    item.iconPath = new vscode.ThemeIcon('warning');
    item.contextValue = ContextValue.CycleUnreadable;
    return item;
  }
  item.description = cycleDescription(view.status, extras) + where;
  const lineage = view.status.parentModel ? ` (finetuned from ${view.status.parentModel})` : '';
  const l = extras.facts?.lineage;
  const adapter = l?.adapter ? `\nadapter ${l.adapter}${l.adapterTarget ? ` on ${l.adapterTarget}` : ''}${l.parentCycle ? ` (from cycle ${l.parentCycle})` : ''}` : '';
  const held = extras.facts?.evaluation ? `\nheld-out accuracy of its finetuned model: ${percentText(extras.facts.evaluation.overall)}` : '';
  item.tooltip = `${view.entry.dir}\nmodel ${view.status.model}${lineage}${adapter}\ndataset ${view.status.dataset}\ncreated ${view.status.createdAt}${held}`;
  item.iconPath = new vscode.ThemeIcon(extras.live ? 'sync~spin' : 'sync');
  item.contextValue = ContextValue.Cycle;
  return item;
}

function attemptItem(node: AttemptNode): vscode.TreeItem {
  const a = node.attempt;
  const item = new vscode.TreeItem(a.sampleId, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const verdict = a.pass === null ? 'not verified' : a.pass ? 'passed' : 'failed';
  item.description = [`${a.stage === 'answer' ? 'answer' : 'hinted'} #${a.try}`, verdict, a.decision ? `${a.decision}ed` : ''].filter(Boolean).join(' · ');
  item.tooltip = `${a.id}\n${a.question}`;
  const icon = a.decision === 'accept' ? ['check', 'testing.iconPassed'] : a.decision === 'reject' ? ['close', 'testing.iconFailed']
    : a.pass === null ? ['circle-large-outline', undefined] : a.pass ? ['pass', 'testing.iconPassed'] : ['error', 'testing.iconFailed'];
  item.iconPath = new vscode.ThemeIcon(icon[0]!, icon[1] ? new vscode.ThemeColor(icon[1]) : undefined);
  item.contextValue = ContextValue.Attempt;
  return item;
}

/** The cycle a node belongs to, as the review host names it. */
export function reviewTargetOf(node: CyclesTreeNode): { workdir: string; cycle: number } | undefined {
  const c = node.kind === 'cycle' ? node : node.kind === 'stage' ? node.cycle : node.kind === 'group' ? node.stage.cycle : node.kind === 'attempt' ? node.cycle : undefined;
  return c?.view.status ? { workdir: c.view.project.workdir, cycle: c.view.entry.cycle } : undefined;
}

export function registerCyclesView(ctx: Ctx): void {
  const model = cyclesModel(ctx);
  const provider = new CyclesTreeProvider(model, ctx.subscriptions, loopRuns(ctx));
  exposeTree(CYCLES_VIEW, provider);
  const view = vscode.window.createTreeView(CYCLES_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  ctx.subscriptions.push(
    view,
    // The selection feeds the Review side view: a cycle shows that cycle, an attempt that attempt.
    view.onDidChangeSelection((e) => {
      const node = e.selection[0];
      if (!node) return;
      const target = reviewTargetOf(node);
      const side = reviewSideView();
      if (!target || !side) return;
      const shown = node.kind === 'attempt' ? side.showAttempt(target, node.attempt.id) : side.show(target);
      shown.catch((err: unknown) => ctx.log.warn(`review side view: ${String(err)}`));
    }),
  );
}
