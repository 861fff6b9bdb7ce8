// The review webview's HTML: a strict CSP (nothing by default, one nonce'd script, no
// unsafe-inline or unsafe-eval, media/images/styles/fonts only from the webview's own
// resource origin) and every script carrying the nonce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNonce, reviewCsp, reviewHtml } from '../../../src/extension/review/html';

const SRC = 'https://file+.vscode-resource.vscode-cdn.net';

function page(nonce = makeNonce()): { html: string; nonce: string } {
  return {
    nonce,
    html: reviewHtml({ cspSource: SRC, nonce, scriptUri: `${SRC}/ext/dist/webview/review.js`, codiconCssUri: `${SRC}/ext/dist/webview/codicon.css`, title: 'Review: cycle 1' }),
  };
}

function cspOf(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(m, 'no CSP meta tag');
  const csp = m[1]!.replace(/&#39;|&apos;/g, "'");
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
}

test('the CSP allows nothing by default, the nonce for scripts, and only the webview origin for media', () => {
  const { html, nonce } = page();
  const csp = cspOf(html);
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
  for (const d of ['style-src', 'font-src', 'img-src', 'media-src']) assert.deepEqual(csp.get(d), [SRC], d);
  assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|\*/);
  assert.equal(reviewCsp(SRC, 'n0'), `default-src 'none'; script-src 'nonce-n0'; style-src ${SRC}; font-src ${SRC}; img-src ${SRC}; media-src ${SRC}`);
});

test('every script has the nonce and a src (no inline script), and nonces differ per load', () => {
  const { html, nonce } = page();
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs!, new RegExp(`nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}"`));
    assert.match(attrs!, /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\/review\.js"/);
    assert.equal(body!.trim(), '');
  }
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  assert.doesNotMatch(html, /\sstyle=/i, 'no inline style attributes');
  assert.match(html, /<link rel="stylesheet" href="[^"]+codicon\.css" id="vscode-codicon-stylesheet">/);
  const nonces = new Set(Array.from({ length: 20 }, () => makeNonce()));
  assert.equal(nonces.size, 20);
  for (const n of nonces) assert.match(n, /^[A-Za-z0-9+/]{22}==$/);
});

test('attribute values are escaped', () => {
  const html = reviewHtml({ cspSource: SRC, nonce: 'n', scriptUri: 'x"><script>alert(1)</script>', codiconCssUri: 'c', title: '<b>t</b>' });
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(html, /<title>&lt;b&gt;t&lt;\/b&gt;<\/title>/);
});
