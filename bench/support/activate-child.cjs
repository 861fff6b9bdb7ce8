// One cold activation, in a fresh Node process (bench/activation.bench.ts starts it):
// `vscode` resolves to the fake in ./fake-vscode.cjs, then `require(<bundle>)` and
// `activate(<fake ExtensionContext>)` are timed. With `--baseline <module>` it times a plain
// require of that module instead. Prints one JSON line.
'use strict';
const Module = require('node:module');
const path = require('node:path');

const fake = path.join(__dirname, 'fake-vscode.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? fake : resolve.call(this, request, ...rest);
};
require(fake); // loaded before timing: it stands for VS Code, not for the extension

const [mode, target, storage] = process.argv.slice(2);
if (mode === '--baseline') {
  const t0 = performance.now();
  require(target);
  console.log(JSON.stringify({ requireMs: performance.now() - t0 }));
} else {
  const vscode = require('vscode');
  const extDir = path.resolve(target, '..', '..');
  const memento = () => { const m = new Map(); return { get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => void m.set(k, v), keys: () => [...m.keys()] }; };
  const context = {
    subscriptions: [],
    extensionUri: vscode.Uri.file(extDir),
    extensionPath: extDir,
    asAbsolutePath: (p) => path.join(extDir, p),
    globalStorageUri: vscode.Uri.file(path.join(storage, 'global')),
    storageUri: vscode.Uri.file(path.join(storage, 'workspace')),
    logUri: vscode.Uri.file(path.join(storage, 'log')),
    workspaceState: memento(),
    globalState: { ...memento(), setKeysForSync() {} },
    secrets: { get: async () => undefined, store: async () => {}, delete: async () => {}, onDidChange: () => ({ dispose() {} }) },
    extension: { packageJSON: { version: 'bench' }, id: 'vstar.video-star-studio', extensionUri: vscode.Uri.file(extDir) },
    extensionMode: 1,
  };
  const t0 = performance.now();
  const ext = require(target);
  const t1 = performance.now();
  const r = ext.activate(context);
  const t2 = performance.now();
  Promise.resolve(r).then(() => {
    // Loaded modules that are not part of the bundle (node builtins aside): should be none
    // besides the fake vscode and this script.
    const extra = Object.keys(require.cache).filter((f) => f !== fake && f !== __filename && f !== target);
    console.log(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, subscriptions: context.subscriptions.length, extra }));
    setTimeout(() => process.exit(0), 50); // let activation's background work start, then stop
  }, (err) => {
    console.error(err);
    process.exit(1);
  });
}
