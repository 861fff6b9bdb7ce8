/**
 * The review webview's message protocol, imported by both the extension host
 * (src/extension/review) and the webview bundle (webview-ui/src): one definition, so a
 * renamed field fails to compile on both sides. Pure types, no runtime code besides the
 * method names. Messages are `<area>/<noun>/<verb>`; every message is `{ type, ...payload }`.
 */
import type { AttemptDetail, AttemptSummary, Decision, ReviewCounts, ReviewFilter, ReviewGroup, ReviewGroupBy, ReviewSort } from '../core/review/types';
import type { CycleFilterReport } from '../core/review/session';

export type { AttemptDetail, AttemptSummary, Decision, ReviewCounts, ReviewFilter, ReviewGroup, ReviewGroupBy, ReviewSort, CycleFilterReport };

/** An attempt as the webview gets it: the clip as a webview URI instead of a disk path. */
export interface WebviewAttempt extends Omit<AttemptDetail, 'clip'> {
  /** `webview.asWebviewUri` of the clip (or its H.264 preview), when there is one. */
  clipUri?: string;
  /** Clip range in seconds, for the player (`#t=start,end`). */
  clipStart?: number;
  clipEnd?: number;
  /** Sampled frames (webview URIs) to show when the clip cannot play. */
  frames?: string[];
}

/** Webview → host. */
export type WebviewMessage =
  /** The webview is listening: the host sends what it queued (init, counts). */
  | { type: 'review/ready' }
  /** One page of the list; `seq` is echoed so a stale answer is dropped. */
  | { type: 'review/page/request'; seq: number; offset: number; limit: number; filter: ReviewFilter }
  | { type: 'review/attempt/request'; id: string }
  /** A decision on the given attempts, or on every attempt the filter matches (bulk). */
  | { type: 'review/decision/set'; ids?: string[]; filter?: ReviewFilter; decision: Decision }
  /** Takes back the last decision made in this panel. */
  | { type: 'review/decision/undo' }
  /** The side view asks the host to open the full review panel for its cycle. */
  | { type: 'review/panel/open' }
  /** The groups (with counts) of what `filter` matches. */
  | { type: 'review/groups/request'; seq: number; by: ReviewGroupBy; filter: ReviewFilter }
  /** The Filter Quality view asks for the report. */
  | { type: 'review/report/request' }
  /** Draw an audit of `kept` kept and `rejected` rejected answers (replaces the cycle's audit). */
  | { type: 'review/audit/start'; kept: number; rejected: number }
  /** The attempt now selected (so the host knows an asked-for selection arrived). */
  | { type: 'review/selection'; id: string };

/** Host → webview. */
export type HostMessage =
  /**
   * Which cycle this view shows (`null`: none chosen yet), whether it is the side view,
   * and the review guidelines of the cycle's tasks (markdown), if any.
   */
  | { type: 'review/init'; cycle: number | null; compact: boolean; guidelines?: Array<{ task: string; markdown: string }> }
  | { type: 'review/groups'; seq: number; by: ReviewGroupBy; groups: ReviewGroup[] }
  | { type: 'review/report'; report: CycleFilterReport }
  /** An audit was drawn: the webview shows it (filter `audit`). */
  | { type: 'review/audit/started'; total: number; kept: number; rejected: number }
  | { type: 'review/page'; seq: number; total: number; offset: number; items: AttemptSummary[] }
  | { type: 'review/attempt'; attempt: WebviewAttempt }
  /** Show this attempt (chosen in the editor or the Cycles tree); the webview requests it. */
  | { type: 'review/select'; id: string }
  /** Sent only after the decision is fsync'd in the cycle's reviews.jsonl. */
  | { type: 'review/decision/saved'; ids: string[]; decision: Decision }
  | { type: 'review/counts'; counts: ReviewCounts }
  /** Something failed on the host; shown in the view, the view stays usable. */
  | { type: 'review/error'; message: string };

export type WebviewMessageType = WebviewMessage['type'];
export type HostMessageType = HostMessage['type'];

/** The payload of one webview message type. */
export type WebviewMessageOf<T extends WebviewMessageType> = Extract<WebviewMessage, { type: T }>;
export type HostMessageOf<T extends HostMessageType> = Extract<HostMessage, { type: T }>;

/** What the webview persists with `setState` (UI state only; data is refetched). */
export interface ReviewUiState {
  cycle: number | null;
  filter: ReviewFilter;
  /** Which view: the list of attempts or the Filter Quality report. */
  tab?: 'review' | 'quality';
  groupBy?: ReviewGroupBy;
  selectedId?: string;
  scrollTop?: number;
}

/** The view type of the review editor panel (also the serializer's key). */
export const REVIEW_PANEL_VIEW_TYPE = 'vstar.review';
/** The side view in the Video-STaR container. */
export const REVIEW_SIDE_VIEW_ID = 'vstar.views.review';
