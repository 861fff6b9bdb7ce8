// Bundles every entry point with esbuild: extension, CLI and language server for Node
// (CommonJS, as VS Code's extension host expects), the review UI for the browser.
// Options: --production (minified, no sourcemaps); --outdir <dir> (default dist: the
// benchmarks build a fresh production copy elsewhere); --metafile (writes <outdir>/meta/
// <name>.json, esbuild's record of which inputs each bundle holds, for bench/bundle.bench.ts).
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const argv = process.argv.slice(2);
const production = argv.includes('--production');
const out = argv.includes('--outdir') ? argv[argv.indexOf('--outdir') + 1] : 'dist';
const metafile = argv.includes('--metafile');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', metafile };

// ssh2's optional native speedups (.node files, cpu-features) stay out of the bundle: ssh2
// loads them inside try/catch and falls back to pure JS when they are absent.
const native = ['*.node', 'cpu-features'];
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: native };

// Large packages the extension loads only on first use (the language client when a vstar.yaml
// opens, ssh2 on the first SSH connection, the Hugging Face client on the first remote
// generation) are bundled as separate files, dist/chunks/<name>.js, which the extension
// bundle requires at run time: V8 compiles a script as a whole when it is loaded, so code
// kept in extension.js costs activation time even when it never runs
// (bench/activation.bench.ts). The CLI keeps them inside cli.js.
const require = createRequire(import.meta.url);
const CHUNKS = { 'vscode-languageclient/node': 'languageclient', ssh2: 'ssh2', '@huggingface/inference': 'hf-inference' };
const toChunks = {
  name: 'lazy-chunks',
  setup(b) {
    b.onResolve({ filter: /^(vscode-languageclient\/node|ssh2|@huggingface\/inference)$/ }, (a) => ({ path: `./chunks/${CHUNKS[a.path]}.js`, external: true }));
  },
};
const bundles = [
  ['extension', { ...node, entryPoints: ['src/extension/extension.ts'], outfile: `${out}/extension.js`, external: ['vscode', ...native], plugins: [toChunks] }],
  ...Object.entries(CHUNKS).map(([pkg, name]) => [`chunk-${name}`, { ...node, entryPoints: [require.resolve(pkg)], outfile: `${out}/chunks/${name}.js`, external: ['vscode', ...native] }]),
  ['cli', { ...node, entryPoints: ['src/cli/main.ts'], outfile: `${out}/cli.js` }],
];
if (existsSync('src/server/server.ts')) {
  bundles.push(['server', { ...node, entryPoints: ['src/server/server.ts'], outfile: `${out}/server.js` }]);
}
if (existsSync('webview-ui/src/main.ts')) {
  bundles.push(['webview', { ...common, platform: 'browser', format: 'esm', target: 'es2022',
    entryPoints: ['webview-ui/src/main.ts'], outfile: `${out}/webview/review.js` }]);
  // The Cycle Report (Chart.js, tree-shaken to the bar and line charts it draws).
  bundles.push(['webview-report', { ...common, platform: 'browser', format: 'esm', target: 'es2022',
    entryPoints: ['webview-ui/src/report/main.ts'], outfile: `${out}/webview/report.js` }]);
  // Dataset Statistics (Chart.js bar charts of each label field's values).
  bundles.push(['webview-stats', { ...common, platform: 'browser', format: 'esm', target: 'es2022',
    entryPoints: ['webview-ui/src/stats/main.ts'], outfile: `${out}/webview/stats.js` }]);
  // Codicons for the webview (<vscode-icon> reads the stylesheet linked with id
  // vscode-codicon-stylesheet; the CSS loads the font from its own folder).
  mkdirSync(`${out}/webview`, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${f}`, `${out}/webview/${f}`);
}
const results = await Promise.all(bundles.map(([, options]) => build(options)));
if (metafile) {
  mkdirSync(`${out}/meta`, { recursive: true });
  bundles.forEach(([name], i) => writeFileSync(`${out}/meta/${name}.json`, JSON.stringify(results[i].metafile)));
}
