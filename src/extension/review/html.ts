// The review webview's HTML, shared by the editor panel and the side view: the extension's
// one webview page (views/webviewHtml.ts) with the codicon font and clip playback.
import { makeNonce, webviewCsp, webviewHtml } from '../views/webviewHtml';

export { makeNonce };

export interface ReviewHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh per page load: the only script allowed to run carries it. */
  nonce: string;
  scriptUri: string;
  codiconCssUri: string;
  title: string;
}

/** Media (the clips) from the webview's resource origin, on top of the shared strict CSP. */
export function reviewCsp(cspSource: string, nonce: string): string {
  return webviewCsp(cspSource, nonce, { media: true });
}

export function reviewHtml(o: ReviewHtmlOptions): string {
  return webviewHtml({
    cspSource: o.cspSource,
    nonce: o.nonce,
    scriptUri: o.scriptUri,
    title: o.title,
    stylesheets: [{ id: 'vscode-codicon-stylesheet', href: o.codiconCssUri }],
    media: true,
  });
}
