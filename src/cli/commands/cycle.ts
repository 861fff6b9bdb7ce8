import type { Command } from 'commander';

/** vstar cycle new | list | status */
export function registerCycleCommands(program: Command): void {
  void program;
}
