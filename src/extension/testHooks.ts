// What the extension-host test suite (test/host) reads through the extension's exports
// (`vscode.extensions.getExtension('vstar.video-star-studio').exports`), for what the
// `vscode` API cannot show another extension: the tree providers as registered (their
// first levels) and the review webviews' message traffic (the ready handshake, a round
// trip). Nothing here changes behaviour; it is not an API for other extensions.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../shared/reviewProtocol';

export interface ReviewTraffic {
  /** `webview`: received from the webview; `host`: posted to it (queued ones when sent). */
  readonly from: 'webview' | 'host';
  /** The side view (compact) or a review panel. */
  readonly compact: boolean;
  readonly message: WebviewMessage | HostMessage;
}

export interface TestHooks {
  /** Each tree view's provider, by view id. */
  readonly trees: ReadonlyMap<string, vscode.TreeDataProvider<unknown>>;
  readonly onReviewTraffic: vscode.Event<ReviewTraffic>;
}

const trees = new Map<string, vscode.TreeDataProvider<unknown>>();
const traffic = new vscode.EventEmitter<ReviewTraffic>();

export const testHooks: TestHooks = { trees, onReviewTraffic: traffic.event };

/** Called where a tree view is created. */
export function exposeTree<T>(viewId: string, provider: vscode.TreeDataProvider<T>): void {
  trees.set(viewId, provider as vscode.TreeDataProvider<unknown>);
}

/** Called for every review message in and out. */
export function reportReviewTraffic(t: ReviewTraffic): void {
  traffic.fire(t);
}
