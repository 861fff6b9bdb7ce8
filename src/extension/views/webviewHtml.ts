// The one HTML page every webview of the extension loads (review panel and side view, Cycle
// Report, dataset charts): a strict CSP and one nonce'd module script. No `vscode` import
// (plain Node tests check the CSP): callers pass URIs already converted with
// `webview.asWebviewUri` and `webview.cspSource`.
import { randomBytes } from 'node:crypto';

export interface WebviewHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh per page load: the only script allowed to run carries it. */
  nonce: string;
  scriptUri: string;
  title: string;
  /** Stylesheets linked in the head (e.g. the codicon font's CSS), by id. */
  stylesheets?: { id: string; href: string }[];
  /** Whether the page plays media (clips) from the webview's resource origin. */
  media?: boolean;
}

/** 128 random bits, base64: unguessable, and valid in a CSP `'nonce-…'` source. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Strict CSP: nothing by default; the one nonce'd module script; styles, fonts, images (and
 * media where asked) only from the webview's own resource origin, as limited by
 * localResourceRoots. No 'unsafe-inline', no 'unsafe-eval': Lit styles go through
 * constructable stylesheets and element.style, which style-src does not block (nor does
 * Chart.js sizing its canvas).
 */
export function webviewCsp(cspSource: string, nonce: string, o: { media?: boolean } = {}): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    ...(o.media ? [`media-src ${cspSource}`] : []),
  ].join('; ');
}

export function webviewHtml(o: WebviewHtmlOptions): string {
  const a = escapeAttr;
  const links = (o.stylesheets ?? []).map((s) => `<link rel="stylesheet" href="${a(s.href)}" id="${a(s.id)}">\n`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(webviewCsp(o.cspSource, o.nonce, { media: o.media }))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}<title>${a(o.title)}</title>
</head>
<body>
<script type="module" nonce="${a(o.nonce)}" src="${a(o.scriptUri)}"></script>
</body>
</html>`;
}
