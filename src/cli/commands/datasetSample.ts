import type { Command } from 'commander';

/** vstar dataset sample — stub; the sample-dataset helper replaces this file. */
export function registerDatasetSampleCommand(dataset: Command): void {
  void dataset;
}
