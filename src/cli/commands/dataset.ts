import type { Command } from 'commander';

/** vstar dataset import | validate | stats | sample */
export function registerDatasetCommands(program: Command): void {
  void program;
}
