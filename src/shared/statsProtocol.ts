/**
 * The Dataset Statistics webview's messages (extension host ↔ webview-ui/src/stats): the
 * core's statistics per dataset, drawn as charts. Pure types.
 */
import type { DatasetStatistics } from '../core/datasets/stats';

export type { DatasetStatistics };

export interface StatsDataset {
  name: string;
  stats: DatasetStatistics;
  /** Problems found in the stored files (shown as a count; the Output panel lists them). */
  problems: number;
}

export type StatsWebviewMessage = { type: 'stats/ready' };
export type StatsHostMessage = { type: 'stats/data'; datasets: StatsDataset[] };
