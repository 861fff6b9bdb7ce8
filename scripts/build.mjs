// Bundles every entry point with esbuild: extension, CLI and language server for Node
// (CommonJS, as VS Code's extension host expects), the review UI for the browser.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };

// ssh2's optional native speedups (.node files, cpu-features) stay out of the bundle: ssh2
// loads them inside try/catch and falls back to pure JS when they are absent.
const native = ['*.node', 'cpu-features'];
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: native };
const jobs = [
  build({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', ...native] }),
  build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' }),
];
if (existsSync('src/server/server.ts')) {
  jobs.push(build({ ...node, entryPoints: ['src/server/server.ts'], outfile: 'dist/server.js' }));
}
if (existsSync('webview-ui/src/main.ts')) {
  jobs.push(build({ ...common, platform: 'browser', format: 'esm', target: 'es2022',
    entryPoints: ['webview-ui/src/main.ts'], outfile: 'dist/webview/review.js' }));
  // Codicons for the webview (<vscode-icon> reads the stylesheet linked with id
  // vscode-codicon-stylesheet; the CSS loads the font from its own folder).
  mkdirSync('dist/webview', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/webview/${f}`);
}
await Promise.all(jobs);
