// A minimal stand-in for the `vscode` module, for timing activate() of the built bundle in
// plain Node (bench/activation.bench.ts). Not an editor: registrations return disposables,
// events never fire, there are no open editors or documents, the workspace is the folder
// given in VSTAR_BENCH_FOLDER (trusted). Anything not listed is a do-nothing stub, so the
// figure counts the extension's own work at activation, not VS Code's.
'use strict';
const path = require('node:path');

const disposable = () => ({ dispose() {} });
/** A callable, constructible stub whose every property is another stub. */
function stub(name) {
  const fn = function () {};
  return new Proxy(fn, {
    get(_t, key) {
      if (key === 'then') return undefined; // not a thenable: `await stub` must not hang
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => '';
      if (key === 'dispose') return () => {};
      return stub(`${name}.${String(key)}`);
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`),
  });
}
const event = () => disposable();

class Uri {
  constructor(scheme, fsPath) { this.scheme = scheme; this.fsPath = fsPath; this.path = fsPath; }
  static file(p) { return new Uri('file', path.resolve(p)); }
  static joinPath(u, ...parts) { return new Uri(u.scheme, path.join(u.fsPath, ...parts)); }
  static parse(s) { return new Uri('file', s.replace(/^file:\/\//, '')); }
  with() { return this; }
  toString() { return `file://${this.fsPath}`; }
}
class EventEmitter {
  constructor() { this.event = event; }
  fire() {}
  dispose() {}
}
class Disposable {
  constructor(f) { this.f = f; }
  static from(...d) { return new Disposable(() => d.forEach((x) => x.dispose())); }
  dispose() { this.f?.(); }
}
class TreeItem { constructor(label, state) { this.label = label; this.collapsibleState = state; } }
class ThemeIcon { constructor(id, color) { this.id = id; this.color = color; } }
class ThemeColor { constructor(id) { this.id = id; } }
class RelativePattern { constructor(base, pattern) { this.base = base; this.pattern = pattern; } }
class Range { constructor(a, b, c, d) { this.start = { line: a, character: b }; this.end = { line: c, character: d }; } }
class Position { constructor(line, character) { this.line = line; this.character = character; } }
class CodeLens { constructor(range, command) { this.range = range; this.command = command; } }
class MarkdownString { constructor(v = '') { this.value = v; } appendMarkdown(s) { this.value += s; return this; } }
class Hover { constructor(contents, range) { this.contents = contents; this.range = range; } }

const folder = process.env.VSTAR_BENCH_FOLDER;
const logChannel = () => ({ ...disposable(), name: 'Video-STaR', trace() {}, debug() {}, info() {}, warn() {}, error() {}, append() {}, appendLine() {}, show() {}, clear() {} });
const watcher = () => ({ ...disposable(), onDidChange: event, onDidCreate: event, onDidDelete: event });

const vscode = {
  Uri, EventEmitter, Disposable, TreeItem, ThemeIcon, ThemeColor, RelativePattern, Range, Position, CodeLens, MarkdownString, Hover,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  OverviewRulerLane: { Left: 1, Center: 2, Right: 4, Full: 7 },
  DecorationRangeBehavior: { OpenOpen: 0, ClosedClosed: 1, OpenClosed: 2, ClosedOpen: 3 },
  workspace: new Proxy({
    workspaceFolders: folder ? [{ uri: Uri.file(folder), name: path.basename(folder), index: 0 }] : undefined,
    isTrusted: true,
    textDocuments: [],
    createFileSystemWatcher: watcher,
    getConfiguration: () => ({ get: (_k, d) => d, has: () => false, inspect: () => undefined, update: async () => {} }),
    onDidChangeWorkspaceFolders: event, onDidGrantWorkspaceTrust: event, onDidOpenTextDocument: event, onDidCloseTextDocument: event,
    onDidChangeTextDocument: event, onDidChangeConfiguration: event, onDidSaveTextDocument: event,
  }, { get: (t, k) => (k in t ? t[k] : stub(`workspace.${String(k)}`)) }),
  window: new Proxy({
    visibleTextEditors: [],
    activeTextEditor: undefined,
    createOutputChannel: logChannel,
    createTreeView: () => ({ ...disposable(), onDidChangeSelection: event, onDidExpandElement: event, onDidChangeVisibility: event, visible: false }),
    createStatusBarItem: () => ({ ...disposable(), show() {}, hide() {} }),
    createTextEditorDecorationType: () => ({ ...disposable(), key: 'deco' }),
    registerWebviewViewProvider: disposable, registerWebviewPanelSerializer: disposable, registerTreeDataProvider: disposable,
    onDidChangeTextEditorSelection: event, onDidChangeActiveTextEditor: event, onDidChangeVisibleTextEditors: event,
    onDidChangeTextEditorVisibleRanges: event,
  }, { get: (t, k) => (k in t ? t[k] : stub(`window.${String(k)}`)) }),
  commands: { registerCommand: disposable, executeCommand: async () => undefined },
  languages: new Proxy({ registerCodeLensProvider: disposable, registerHoverProvider: disposable },
    { get: (t, k) => (k in t ? t[k] : stub(`languages.${String(k)}`)) }),
  env: { appName: 'bench', machineId: 'bench', uiKind: 1 },
  version: '1.95.0',
};
module.exports = new Proxy(vscode, { get: (t, k) => (k in t ? t[k] : stub(String(k))) });
