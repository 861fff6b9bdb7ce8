// Every command of the extension, in one table. Each entry says what it needs (an open
// folder, a trusted workspace); when a need is unmet the command still runs, but only to
// say why it cannot (the "disabled variant"), instead of failing somewhere deep inside.
// package.json `contributes.commands` must list exactly these ids (checked by
// test/unit/extension/contributions.test.ts, which reads this file's `'vstar.…':` keys).
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { refreshDatasets, showDatasetStats } from './datasets/actions';
import type { DatasetNode } from './datasets/tree';
import { cancelJob, hasProjectFile, hasTargets, sendGeneration, showJobLogs, startFinetune } from './jobs/actions';
import type { JobNode } from './jobs/tree';
import { reportError } from './logger';
import { openReview } from './review/register';

type Requirement = 'folder' | 'trust' | 'project' | 'targets';

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

export const COMMANDS = {
  'vstar.dataset.refresh': {
    requires: ['folder'],
    run: (ctx) => refreshDatasets(ctx),
  },
  'vstar.dataset.showStats': {
    requires: ['folder'],
    run: (ctx, node) => showDatasetStats(ctx, node as DatasetNode | undefined),
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
  'vstar.review.open': {
    requires: ['folder', 'project'],
    run: (ctx, cycle) => openReview(ctx, cycle),
  },
} satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof COMMANDS;

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
          return;
        }
        try {
          await spec.run(ctx, ...args);
        } catch (err) {
          reportError(ctx.log, `${id} failed`, err);
        }
      }),
    );
  }
}
