// The review webview's HTML, shared by the editor panel and the side view. No `vscode`
// import (plain Node tests check its CSP): callers pass the URIs already converted with
// `webview.asWebviewUri` and `webview.cspSource`.
import { randomBytes } from 'node:crypto';

export interface ReviewHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh per page load: the only script allowed to run carries it. */
  nonce: string;
  scriptUri: string;
  codiconCssUri: string;
  title: string;
}

/** 128 random bits, base64: unguessable, and valid in a CSP `'nonce-…'` source. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Strict CSP: nothing by default; the one nonce'd module script; styles, fonts, media
 * and images only from the webview's own resource origin (the UI bundle and the clip
 * cache, as limited by localResourceRoots). No 'unsafe-inline', no 'unsafe-eval'. Lit
 * styles go through constructable stylesheets and element.style, which style-src does
 * not block.
 */
export function reviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `media-src ${cspSource}`,
  ].join('; ');
}

export function reviewHtml(o: ReviewHtmlOptions): string {
  const a = escapeAttr;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(reviewCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(o.codiconCssUri)}" id="vscode-codicon-stylesheet">
<title>${a(o.title)}</title>
</head>
<body>
<script type="module" nonce="${a(o.nonce)}" src="${a(o.scriptUri)}"></script>
</body>
</html>`;
}
