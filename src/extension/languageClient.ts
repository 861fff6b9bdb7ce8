// Starts the vstar.yaml language server (dist/server.js, bundled from src/server) for every
// vstar.yaml in the workspace: diagnostics, completion, hover and go-to-definition. The
// server runs in its own Node process (IPC), so a slow check can never block the editor.
// Started lazily, when the first vstar.yaml is open (already, or later): the client library
// (~450 KB) is loaded and the server process spawned only then, keeping activation fast
// (bench/activation.bench.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import type { Ctx } from './context';
import { reportError } from './logger';

export const LANGUAGE_SERVER_NAME = 'Video-STaR Language Server';

const isProjectFile = (d: vscode.TextDocument): boolean => d.uri.scheme === 'file' && path.basename(d.uri.fsPath) === 'vstar.yaml';

export function registerLanguageClient(ctx: Ctx): void {
  if (vscode.workspace.textDocuments.some(isProjectFile)) {
    startLanguageClient(ctx);
    return;
  }
  const waiting = vscode.workspace.onDidOpenTextDocument((d) => {
    if (!isProjectFile(d)) return;
    waiting.dispose();
    startLanguageClient(ctx);
  });
  ctx.subscriptions.push(waiting);
}

function startLanguageClient(ctx: Ctx): void {
  let client: LanguageClient;
  try {
    const lc = require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');
    const module = ctx.extension.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: lc.TransportKind.ipc },
      debug: { module, transport: lc.TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      // By file name, whatever language mode the editor picked for it.
      documentSelector: [{ scheme: 'file', pattern: '**/vstar.yaml' }],
      // Imports writing schema.json and new annotation files change what the checks say.
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*') },
      revealOutputChannelOn: lc.RevealOutputChannelOn.Never,
    };
    client = new lc.LanguageClient('vstar.languageServer', LANGUAGE_SERVER_NAME, serverOptions, clientOptions);
  } catch (err) {
    reportError(ctx.log, `${LANGUAGE_SERVER_NAME} could not be loaded`, err);
    return;
  }
  ctx.subscriptions.push({ dispose: () => void client.stop().catch(() => undefined) });
  ctx.log.info(`starting ${LANGUAGE_SERVER_NAME}`);
  client.start().then(
    () => ctx.log.info(`${LANGUAGE_SERVER_NAME} started`),
    (err: unknown) => reportError(ctx.log, `${LANGUAGE_SERVER_NAME} failed to start`, err),
  );
}
