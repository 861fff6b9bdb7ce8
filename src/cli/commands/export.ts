import type { Command } from 'commander';

/** vstar export */
export function registerExportCommands(program: Command): void {
  void program;
}
