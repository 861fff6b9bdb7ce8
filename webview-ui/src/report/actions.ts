// The only place the report webview talks to the host: components call `actions`, never
// postMessage, and subscribe to host messages through `onHost`.
import type { ReportHostMessage, ReportUiState, ReportWebviewMessage } from '../../../src/shared/reportProtocol.js';

interface VsCodeApi {
  postMessage(message: ReportWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };

export const actions = {
  ready(): void {
    api.postMessage({ type: 'report/ready' });
  },
  refresh(): void {
    api.postMessage({ type: 'report/data/request' });
  },
  openReview(cycle: number): void {
    api.postMessage({ type: 'report/review/open', cycle });
  },
};

/** The project shown, so the serializer can revive the panel on it after a reload. */
export function saveUiState(s: ReportUiState): void {
  api.setState(s);
}

export function onHost(handler: (m: ReportHostMessage) => void): () => void {
  const listener = (e: MessageEvent<ReportHostMessage>): void => {
    if (e.data && typeof e.data === 'object' && typeof e.data.type === 'string') handler(e.data);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}
