// The .vsix carries only what runs: bundles, manifest, icons. It is a zip; its entries are
// listed with Debian's unzip (or Python's zipfile where unzip is missing). `npm run package`
// builds it (scripts/test.sh does that before the suite; a missing or stale one is rebuilt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureVsix, isProductionBundle, listZip, readZipEntry, ROOT, VSIX } from '../../e2e/vsix';

function entries(): string[] {
  return listZip(ensureVsix());
}

test('the vsix holds no sources, tests, node_modules, TypeScript or sourcemaps', () => {
  const names = entries();
  const { size } = fs.statSync(VSIX);
  console.log(`vsix: ${names.length} entries, ${(size / 1024).toFixed(1)} KiB`);
  const forbidden = [/^extension\/src\//, /^extension\/test\//, /(^|\/)node_modules\//, /\.ts$/, /\.map$/,
    /^extension\/scripts\//, /^extension\/bench\//, /^extension\/workers\/tests\//, /(^|\/)test_[^/]*\.py$/, /^extension\/\.[^/]+/, /^extension\/tsconfig/];
  const bad = names.filter((n) => forbidden.some((re) => re.test(n)));
  assert.deepEqual(bad, [], `vsix must not contain: ${bad.join(', ')}`);
  // Everything else must be under the runtime folders or a known top-level file.
  const allowed = /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(package\.json|readme\.md|license(\.md|\.txt)?|changelog\.md|dist\/.+\.(js|css)|dist\/webview\/codicon\.ttf|media\/.+\.(png|svg)|syntaxes\/[^/]+\.tmLanguage\.json|schemas\/vstar\.schema\.json|workers\/(vstar_workers\/.+\.py|pyproject\.toml|readme\.md)))$/i;
  const unexpected = names.filter((n) => !allowed.test(n));
  assert.deepEqual(unexpected, [], `unexpected files in the vsix: ${unexpected.join(', ')}`);
  assert.ok(size < 5 * 1024 * 1024, `vsix is ${size} bytes; something large slipped in`);
});

test('the packaged bundle is the production build: minified, no sourcemap reference', () => {
  const js = readZipEntry(ensureVsix(), 'extension/dist/extension.js');
  assert.ok(isProductionBundle(js), 'extension.js in the vsix refers to a sourcemap: not built with --production');
  // Minified code is long lines (a few remain for license comments and template literals).
  const perLine = js.length / js.split('\n').length;
  assert.ok(perLine > 200, `extension.js averages ${perLine.toFixed(0)} characters a line: not minified`);
});

test('every file the manifest points at is in the vsix', () => {
  const names = new Set(entries());
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    main: string;
    icon?: string;
    contributes: { viewsContainers?: Record<string, Array<{ icon: string }>>; views?: Record<string, Array<{ icon?: string }>> };
  };
  const referenced = [pkg.main, pkg.icon];
  for (const list of Object.values(pkg.contributes.viewsContainers ?? {})) referenced.push(...list.map((c) => c.icon));
  for (const list of Object.values(pkg.contributes.views ?? {})) referenced.push(...list.map((v) => v.icon));
  for (const ref of referenced) {
    if (!ref) continue;
    const entry = `extension/${path.posix.normalize(ref)}`;
    assert.ok(names.has(entry), `package.json refers to ${ref}, but ${entry} is not in the vsix`);
  }
  assert.ok(names.has('extension/package.json'));
});
