// The vstar.yaml language server: LSP wiring only. Every answer is computed by the pure
// functions of src/core/lsp over one cached parse per document version. Diagnostics are
// debounced per document so typing never waits for a check, and parsing is incremental
// (one entry re-parsed per edit; bench/lsp.bench.ts measures a 2,000-line file).
import { fileURLToPath } from 'node:url';
import {
  createConnection,
  DiagnosticSeverity,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { completions, ConfigDocParser, configDiagnostics, definition, diskEnv, hover, type ConfigDoc, type ProjectEnv, type Severity } from '../core/lsp';

/** Quiet time after the last keystroke before a document is checked again. */
const DEBOUNCE_MS = 150;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const parsed = new Map<string, { version: number; cd: ConfigDoc }>();
// Incremental parsers: an edit re-parses only the entries it touched.
const parsers = new Map<string, ConfigDocParser>();
const envs = new Map<string, ProjectEnv>();
const timers = new Map<string, NodeJS.Timeout>();

function configDoc(doc: TextDocument): ConfigDoc {
  const hit = parsed.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.cd;
  let parser = parsers.get(doc.uri);
  if (!parser) parsers.set(doc.uri, (parser = new ConfigDocParser()));
  const cd = parser.parse(doc.getText());
  parsed.set(doc.uri, { version: doc.version, cd });
  return cd;
}

/** The disk around a document; path checks only for documents that are files. */
function envFor(uri: string): ProjectEnv {
  let env = envs.get(uri);
  if (!env) {
    let file: string | undefined;
    try {
      file = uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    } catch {
      file = undefined;
    }
    env = diskEnv(file);
    envs.set(uri, env);
  }
  return env;
}

function validate(doc: TextDocument): void {
  const diagnostics: Diagnostic[] = configDiagnostics(configDoc(doc), envFor(doc.uri)).map((d) => ({
    range: d.range,
    severity: SEVERITY[d.severity],
    message: d.message,
    code: d.code,
    source: 'vstar',
  }));
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
}

function schedule(doc: TextDocument, delay: number): void {
  clearTimeout(timers.get(doc.uri));
  timers.set(
    doc.uri,
    setTimeout(() => {
      timers.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (current) validate(current);
    }, delay),
  );
}

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    completionProvider: { triggerCharacters: ['{', '.', ' '] },
    hoverProvider: true,
    definitionProvider: true,
  },
  serverInfo: { name: 'vstar-yaml' },
}));

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => schedule(e.document, DEBOUNCE_MS));
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  timers.delete(e.document.uri);
  parsed.delete(e.document.uri);
  parsers.delete(e.document.uri);
  envs.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

// Files appearing or changing (an import writes schema.json, the user creates the
// annotations file) change what the checks say about an unchanged vstar.yaml.
connection.onDidChangeWatchedFiles(() => {
  for (const doc of documents.all()) schedule(doc, DEBOUNCE_MS);
});

connection.onCompletion((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  return completions(configDoc(doc), doc.offsetAt(params.position), envFor(doc.uri)).map((c) => ({
    label: c.label,
    kind: c.kind as never,
    ...(c.detail && { detail: c.detail }),
    ...(c.documentation && { documentation: { kind: 'markdown' as const, value: c.documentation } }),
    ...(c.sortText && { sortText: c.sortText }),
    ...(c.range && { textEdit: { range: c.range, newText: c.insertText ?? c.label } }),
    ...(!c.range && c.insertText && { insertText: c.insertText }),
  }));
});

connection.onHover((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const h = hover(configDoc(doc), doc.offsetAt(params.position), envFor(doc.uri));
  return h ? { contents: { kind: 'markdown', value: h.contents }, range: h.range } : null;
});

connection.onDefinition((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const loc = definition(configDoc(doc), doc.offsetAt(params.position), envFor(doc.uri));
  return loc ? { uri: doc.uri, range: loc.range } : null;
});

documents.listen(connection);
connection.listen();
