import type { Command } from 'commander';
import { registerDatasetCommands } from './dataset';
import { registerCycleCommands } from './cycle';
import { registerInitCommands } from './init';
import { registerVerifyCommands } from './verify';
import { registerExportCommands } from './export';
import { registerJobCommands } from './job';
import { registerGenerateCommands } from './generate';
import { registerReviewCommands } from './review';
import { registerDemoCommands } from './demo';

/**
 * Every `vstar` subcommand, one registrar per area; each area's file owns its commands.
 */
export function registerCommands(program: Command): void {
  registerDatasetCommands(program);
  registerCycleCommands(program);
  registerInitCommands(program);
  registerVerifyCommands(program);
  registerExportCommands(program);
  registerJobCommands(program);
  registerGenerateCommands(program);
  registerReviewCommands(program);
  registerDemoCommands(program);
}
