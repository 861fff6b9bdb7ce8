import type { Command } from 'commander';

/** vstar init */
export function registerInitCommands(program: Command): void {
  void program;
}
