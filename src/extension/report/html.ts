// The Cycle Report webview's HTML. No `vscode` import (a plain Node test checks its CSP):
// callers pass URIs already converted with `webview.asWebviewUri` and `webview.cspSource`.
export interface ReportHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh per page load (review/html.ts's makeNonce): the only script allowed to run carries it. */
  nonce: string;
  scriptUri: string;
  title: string;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Strict CSP: nothing by default; the one nonce'd module script (the bundle with Chart.js,
 * which draws on canvas and sets sizes through element.style, which style-src does not
 * block); styles and fonts only from the webview's resource origin. No media, no network,
 * no 'unsafe-inline', no 'unsafe-eval'.
 */
export function reportCsp(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `font-src ${cspSource}`, `img-src ${cspSource}`].join('; ');
}

export function reportHtml(o: ReportHtmlOptions): string {
  const a = escapeAttr;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(reportCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${a(o.title)}</title>
</head>
<body>
<script type="module" nonce="${a(o.nonce)}" src="${a(o.scriptUri)}"></script>
</body>
</html>`;
}
