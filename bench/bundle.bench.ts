// Bundle sizes: a fresh production build (scripts/build.mjs --production --metafile, into a
// temp dir) of the extension, language server, CLI and review webview, the packages that
// make up most of the extension bundle (from esbuild's metafile), the chunks it loads on
// first use (see scripts/build.mjs), and the .vsix that
// `vsce package` makes of them (packaged in a temp copy of the package's files, so dist/
// is left alone). Baseline in the same run: the size of the `yaml` package's own bundle
// (a plain esbuild bundle of it), to compare against. Sizes only: lower is better, there is
// no hard target; loading cost is bench/activation.bench.ts.
// Usage: node --import tsx bench/bundle.bench.ts
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { listZip } from '../test/e2e/vsix';

const ROOT = resolve(__dirname, '..');
const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;

interface Meta { outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }> }

function topPackages(metaFile: string, n: number): string {
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
  const out = Object.values(meta.outputs).find((o) => Object.keys(o.inputs).length > 0)!;
  const by = new Map<string, number>();
  for (const [file, v] of Object.entries(out.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const key = m ? m[1]! : file.split('/').slice(0, 3).join('/');
    by.set(key, (by.get(key) ?? 0) + v.bytesInOutput);
  }
  return [...by].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${kb(v)}`).join(', ');
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-bundle-bench-'));
  try {
    const pkg = join(dir, 'pkg');
    const dist = join(pkg, 'dist');
    const b = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--metafile', '--outdir', dist], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`production build failed:\n${b.stdout}${b.stderr}`);
    const base = buildSync({ entryPoints: [require.resolve('yaml')], bundle: true, minify: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
    console.log(`baseline: the yaml package alone, bundled and minified: ${kb(base.outputFiles[0]!.contents.length)}`);
    for (const [name, file] of [['extension', 'extension.js'], ['language server', 'server.js'], ['CLI (not in the .vsix)', 'cli.js'], ['review webview', 'webview/review.js']] as const) {
      const p = join(dist, file);
      if (existsSync(p)) console.log(`${name}: dist/${file} ${kb(statSync(p).size)}`);
    }
    const chunks = existsSync(join(dist, 'chunks')) ? readdirSync(join(dist, 'chunks')).filter((f) => f.endsWith('.js')).sort() : [];
    console.log(`  loaded on first use (dist/chunks/, not compiled at activation): ${chunks.map((f) => `${f} ${kb(statSync(join(dist, 'chunks', f)).size)}`).join(', ') || 'none'}`);
    const fonts = ['webview/codicon.css', 'webview/codicon.ttf'].map((f) => join(dist, f)).filter(existsSync);
    console.log(`  webview codicons (css + font): ${kb(fonts.reduce((s, f) => s + statSync(f).size, 0))}`);
    console.log(`  extension bundle by package: ${topPackages(join(dist, 'meta', 'extension.json'), 8)}`);
    rmSync(join(dist, 'meta'), { recursive: true });
    // The package's other files, as `vsce package` reads them (.vscodeignore decides).
    for (const f of ['package.json', '.vscodeignore', 'README.md', 'LICENSE', 'media', 'syntaxes', 'schemas', 'workers']) {
      if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(pkg, f), { recursive: true, filter: (s) => !/(__pycache__|\.pytest_cache|\.venv|node_modules)/.test(s) });
    }
    mkdirSync(join(pkg, 'node_modules'), { recursive: true });
    const vsix = join(dir, 'video-star-studio.vsix');
    const v = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], { cwd: pkg, encoding: 'utf8' });
    if (v.status !== 0 || !existsSync(vsix)) throw new Error(`vsce package failed:\n${v.stdout}${v.stderr}`);
    const entries = listZip(vsix).filter((e) => e.startsWith('extension/'));
    console.log(`.vsix: ${kb(statSync(vsix).size)} (${entries.length} files; dist/ ${entries.filter((e) => e.startsWith('extension/dist/')).length})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
