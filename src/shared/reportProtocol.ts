/**
 * The Cycle Report webview's message protocol, imported by both the extension host
 * (src/extension/report) and the webview bundle (webview-ui/src/report): one definition,
 * so a renamed field fails to compile on both sides. Messages are `<area>/<noun>/<verb>`;
 * every message is `{ type, ...payload }`.
 */
import type { ReportData, Series } from '../extension/report/model';

export type { ReportData, Series };

/** Webview → host. */
export type ReportWebviewMessage =
  /** The webview is listening: the host sends what it queued (the data). */
  | { type: 'report/ready' }
  /** Read the cycles again now (the Refresh button). */
  | { type: 'report/data/request' }
  /** Open the review panel on a cycle (a click on its yield bar). */
  | { type: 'report/review/open'; cycle: number };

/** Host → webview. */
export type ReportHostMessage =
  /** The series to draw; sent again whenever a cycle's state changes. */
  | { type: 'report/data'; data: ReportData; workdir: string }
  /** Reading the cycles failed; shown in the view, which stays usable. */
  | { type: 'report/error'; message: string };

/** What the webview persists with `setState`: which project it shows (data is refetched). */
export interface ReportUiState {
  /** Absolute `<project>/<workdir>` of the project shown. */
  workdir: string;
}

/** The view type of the report panel (also the serializer's key). */
export const REPORT_PANEL_VIEW_TYPE = 'vstar.cycleReport';
