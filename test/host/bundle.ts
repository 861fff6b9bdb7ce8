// Bundles the suite's entry for the extension host, which runs plain CommonJS: test/host/
// index.ts and what it imports, into out/host/index.js. `vscode` is the host's; `mocha` is
// required at run time from the repository's node_modules (the bundle sits inside it).
import * as path from 'node:path';
import { build } from 'esbuild';

export const ROOT = path.resolve(__dirname, '../..');
export const HOST_BUNDLE = path.join(ROOT, 'out', 'host', 'index.js');

export async function bundleHostSuite(): Promise<string> {
  await build({
    entryPoints: [path.join(ROOT, 'test', 'host', 'index.ts')],
    outfile: HOST_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return HOST_BUNDLE;
}
