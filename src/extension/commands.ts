// Every command of the extension, in one table. Each entry says what it needs (an open
// folder, a trusted workspace); when a need is unmet the command still runs, but only to
// say why it cannot (the "disabled variant"), instead of failing somewhere deep inside.
// package.json `contributes.commands` must list exactly these ids (checked by
// test/unit/extension/contributions.test.ts, which reads this file's `'vstar.…':` keys).
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { UserFacingError } from './actions/errors';
import { cyclesModel } from './cycles/model';
import { reviewTargetOf, type CyclesTreeNode } from './cycles/tree';
import type { DatasetNode } from './datasets/tree';
import { cancelJob, hasProjectFile, hasTargets, sendGeneration, showJobLogs, startFinetune } from './jobs/actions';
import type { JobNode } from './jobs/tree';
import { hasLoopModel } from './loop/requirements';
import { reportError } from './logger';
import { openReview } from './review/register';
import { runDemo } from './demo/run';
import { showMore } from './views/paging';

type Requirement = 'folder' | 'trust' | 'project' | 'targets' | 'model';

const REQUIREMENTS: Record<Requirement, { met: () => boolean; reason: string }> = {
  folder: {
    met: () => (vscode.workspace.workspaceFolders?.length ?? 0) > 0,
    reason: 'open a folder that contains vstar.yaml first',
  },
  trust: {
    met: () => vscode.workspace.isTrusted,
    reason: 'this workspace is not trusted (Manage Workspace Trust to allow running jobs)',
  },
  project: {
    met: hasProjectFile,
    reason: 'no vstar.yaml in the open folders (run `vstar init` or open a project folder)',
  },
  model: {
    met: hasLoopModel,
    reason: 'vstar.yaml has no `model`: say which model the loop trains (e.g. `model: {family: tiny, path: models/tiny}`)',
  },
  targets: {
    met: hasTargets,
    reason: 'no compute targets configured: add one under `targets` in vstar.yaml (e.g. `local: {type: local}`)',
  },
};

interface CommandSpec {
  /** Checked on every invocation, in order; the first unmet one is the reason shown. */
  readonly requires: readonly Requirement[];
  readonly run: (ctx: Ctx, ...args: unknown[]) => unknown;
}

// The action modules pull in the generation engine, the importers and the exporters:
// loaded on first use, so activation does not pay for them.
const actions = {
  addDataset: () => require('./actions/addDataset') as typeof import('./actions/addDataset'),
  cycles: () => require('./actions/cycles') as typeof import('./actions/cycles'),
  datasets: () => require('./datasets/actions') as typeof import('./datasets/actions'),
  generate: () => require('./actions/generate') as typeof import('./actions/generate'),
  loop: () => ({
    ...(require('./loop/run') as typeof import('./loop/run')),
    ...(require('./loop/continue') as typeof import('./loop/continue')),
  }),
  report: () => require('./report/panel') as typeof import('./report/panel'),
  secrets: () => require('./secrets') as typeof import('./secrets'),
  verify: () => require('./actions/verify') as typeof import('./actions/verify'),
};

/** A Cycles tree row becomes `{workdir, cycle}`; anything else (a number, nothing) passes as is. */
function cycleArg(arg: unknown): unknown {
  const kind = (arg as { kind?: unknown } | undefined)?.kind;
  return kind === 'cycle' || kind === 'stage' || kind === 'group' || kind === 'attempt' ? reviewTargetOf(arg as CyclesTreeNode) : arg;
}

export const COMMANDS = {
  'vstar.dataset.add': {
    requires: ['folder', 'project'],
    run: (ctx) => actions.addDataset().addDataset(ctx),
  },
  'vstar.dataset.import': {
    requires: ['folder', 'project'],
    run: (ctx, node) => actions.datasets().importDataset(ctx, node as DatasetNode | string | undefined),
  },
  'vstar.dataset.refresh': {
    requires: ['folder'],
    run: (ctx) => actions.datasets().refreshDatasets(ctx),
  },
  'vstar.dataset.showStats': {
    requires: ['folder'],
    run: (ctx, node) => actions.datasets().showDatasetStats(ctx, node as DatasetNode | undefined),
  },
  'vstar.job.sendGeneration': {
    requires: ['folder', 'trust', 'project', 'targets'],
    run: (ctx) => sendGeneration(ctx),
  },
  'vstar.job.startFinetune': {
    requires: ['folder', 'trust', 'project', 'targets'],
    run: (ctx) => startFinetune(ctx),
  },
  'vstar.job.cancel': {
    requires: ['folder', 'trust', 'project'],
    run: (ctx, node) => cancelJob(ctx, node as JobNode | undefined),
  },
  'vstar.job.showLogs': {
    requires: ['folder', 'trust', 'project'],
    run: (ctx, node) => showJobLogs(ctx, node as JobNode | undefined),
  },
  'vstar.demo.run': {
    requires: ['folder', 'trust'],
    run: (ctx) => runDemo(ctx),
  },
  'vstar.review.open': {
    requires: ['folder', 'project'],
    run: (ctx, cycle) => openReview(ctx, (cycleArg(cycle) as { cycle?: number } | undefined)?.cycle ?? cycle),
  },
  'vstar.cycle.new': {
    requires: ['folder', 'project'],
    run: (ctx) => actions.cycles().newCycle(ctx),
  },
  'vstar.cycle.refresh': {
    requires: ['folder'],
    run: (ctx) => cyclesModel(ctx).refresh(),
  },
  'vstar.cycle.generate': {
    requires: ['folder', 'trust', 'project'],
    run: (ctx, node) => actions.generate().generateCycle(ctx, cycleArg(node), 'generate'),
  },
  'vstar.cycle.verify': {
    requires: ['folder', 'trust', 'project'],
    run: (ctx, node) => actions.verify().verifyCycle(ctx, cycleArg(node)),
  },
  'vstar.cycle.rationalize': {
    requires: ['folder', 'trust', 'project'],
    run: (ctx, node) => actions.generate().generateCycle(ctx, cycleArg(node), 'rationalize'),
  },
  'vstar.cycle.export': {
    requires: ['folder', 'project'],
    run: (ctx, node) => actions.cycles().exportCycle(ctx, cycleArg(node)),
  },
  'vstar.cycle.run': {
    requires: ['folder', 'trust', 'project', 'model'],
    run: (ctx) => actions.loop().runCycles(ctx),
  },
  'vstar.cycle.continue': {
    requires: ['folder', 'trust', 'project'],
    run: (ctx, node) => actions.loop().continueCycle(ctx, cycleArg(node)),
  },
  'vstar.cycle.showReport': {
    requires: ['folder', 'project'],
    run: (ctx, arg) => actions.report().showCycleReport(ctx, cycleArg(arg)),
  },
  'vstar.backend.setToken': {
    requires: ['folder', 'project'],
    run: (ctx, backend) => actions.secrets().setApiToken(ctx, backend),
  },
  'vstar.tree.showMore': {
    requires: [],
    run: (_ctx, node) => showMore(node),
  },
} satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof COMMANDS;

/** What `executeCommand` resolves to when a command refused to run: the reason the warning shows. */
export interface NotRun {
  readonly notRun: string;
}

/** Why `id` cannot run right now, or undefined when it can. */
export function disabledReason(id: CommandId): string | undefined {
  const spec: CommandSpec = COMMANDS[id];
  const unmet = spec.requires.find((r) => !REQUIREMENTS[r].met());
  return unmet && REQUIREMENTS[unmet].reason;
}

export function registerCommands(ctx: Ctx): void {
  for (const id of Object.keys(COMMANDS) as CommandId[]) {
    const spec: CommandSpec = COMMANDS[id];
    ctx.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        const reason = disabledReason(id);
        if (reason) {
          ctx.log.info(`${id}: not run: ${reason}`);
          void vscode.window.showWarningMessage(`Video-STaR: ${reason}.`);
          return { notRun: reason } satisfies NotRun; // for callers of executeCommand (test/host reads it)
        }
        try {
          await spec.run(ctx, ...args);
        } catch (err) {
          if (err instanceof UserFacingError) {
            ctx.log.info(`${id}: ${err.message}`);
            void vscode.window.showWarningMessage(`Video-STaR: ${err.message}.`);
          } else reportError(ctx.log, `${id} failed`, err);
        }
      }),
    );
  }
}
