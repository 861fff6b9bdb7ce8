import type { Command } from 'commander';

/**
 * Every `vstar` subcommand, one registrar per area. Each area's file owns its commands;
 * add a new area here.
 */
export function registerCommands(program: Command): void {
  void program;
}
