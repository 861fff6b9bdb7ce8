import type { Command } from 'commander';

/** vstar verify */
export function registerVerifyCommands(program: Command): void {
  void program;
}
