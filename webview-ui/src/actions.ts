// The only place that talks to the host: components call `actions`, never postMessage
// (vscode-pull-request-github's pattern), and subscribe to host messages through `onHost`.
import type { Decision, HostMessage, ReviewFilter, ReviewGroupBy, ReviewUiState, WebviewMessage } from '../../src/shared/reviewProtocol.js';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };

export const actions = {
  ready(): void {
    api.postMessage({ type: 'review/ready' });
  },
  requestPage(seq: number, offset: number, limit: number, filter: ReviewFilter): void {
    api.postMessage({ type: 'review/page/request', seq, offset, limit, filter });
  },
  requestAttempt(id: string): void {
    api.postMessage({ type: 'review/attempt/request', id });
  },
  decide(ids: string[], decision: Decision): void {
    api.postMessage({ type: 'review/decision/set', ids, decision });
  },
  decideAll(filter: ReviewFilter, decision: Decision): void {
    api.postMessage({ type: 'review/decision/set', filter, decision });
  },
  undo(): void {
    api.postMessage({ type: 'review/decision/undo' });
  },
  openPanel(): void {
    api.postMessage({ type: 'review/panel/open' });
  },
  requestGroups(seq: number, by: ReviewGroupBy, filter: ReviewFilter): void {
    api.postMessage({ type: 'review/groups/request', seq, by, filter });
  },
  requestReport(): void {
    api.postMessage({ type: 'review/report/request' });
  },
  startAudit(kept: number, rejected: number): void {
    api.postMessage({ type: 'review/audit/start', kept, rejected });
  },
  selection(id: string): void {
    api.postMessage({ type: 'review/selection', id });
  },
};

export type Actions = typeof actions;

/** UI state only (filter, selection, scroll); data is refetched after a reload. */
export function loadUiState(): ReviewUiState | undefined {
  const s = api.getState() as ReviewUiState | undefined;
  return s && typeof s === 'object' && 'filter' in s ? s : undefined;
}

export function saveUiState(s: ReviewUiState): void {
  api.setState(s);
}

export function onHost(handler: (m: HostMessage) => void): () => void {
  const listener = (e: MessageEvent<HostMessage>): void => {
    if (e.data && typeof e.data === 'object' && typeof e.data.type === 'string') handler(e.data);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}
