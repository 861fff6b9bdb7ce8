// The Cycle Report webview's HTML: the extension's one webview page (views/webviewHtml.ts),
// no media (Chart.js draws on canvas).
import { webviewCsp, webviewHtml } from '../views/webviewHtml';

export interface ReportHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh per page load (makeNonce): the only script allowed to run carries it. */
  nonce: string;
  scriptUri: string;
  title: string;
}

export function reportCsp(cspSource: string, nonce: string): string {
  return webviewCsp(cspSource, nonce);
}

export function reportHtml(o: ReportHtmlOptions): string {
  return webviewHtml(o);
}
