// Only wiring: build the context, register each feature in order, and make any failure
// visible (logged with its stack, shown to the user) before rethrowing so VS Code marks
// the activation as failed instead of leaving a half-working extension.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { createContext, type Ctx } from './context';
import { registerCyclesView } from './cycles/tree';
import { registerDatasetsView } from './datasets/tree';
import { registerJobsView } from './jobs/tree';
import { registerLanguageClient } from './languageClient';
import { registerLoopRuns } from './loop/follow';
import { errorMessage } from './logger';
import { registerInlineReview } from './inline/register';
import { registerCycleReport } from './report/register';
import { registerReview } from './review/register';
import { testHooks, type TestHooks } from './testHooks';

const FEATURES: ReadonlyArray<readonly [string, (ctx: Ctx) => void]> = [
  ['datasets view', registerDatasetsView],
  ['cycles view', registerCyclesView],
  ['jobs view', registerJobsView],
  ['review', registerReview],
  ['inline review', registerInlineReview],
  ['cycle report', registerCycleReport],
  ['loop runs', registerLoopRuns],
  ['commands', registerCommands],
  ['vstar.yaml language server', registerLanguageClient],
];

/** The exports are only the test suite's hooks (test/host; see testHooks.ts). */
export function activate(extension: vscode.ExtensionContext): TestHooks {
  const ctx = createContext(extension);
  const version = (extension.extension.packageJSON as { version?: string }).version ?? '?';
  ctx.log.info(`Video-STaR ${version} activating`);
  for (const [name, register] of FEATURES) {
    try {
      register(ctx);
    } catch (err) {
      ctx.log.error(`activation failed in ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      void vscode.window.showErrorMessage(
        `Video-STaR failed to start (${name}): ${errorMessage(err)}. See Output › Video-STaR.`,
      );
      throw err;
    }
  }
  ctx.log.info('Video-STaR activated');
  return testHooks;
}

export function deactivate(): void {}
