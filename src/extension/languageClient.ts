// Starts the vstar.yaml language server (dist/server.js, bundled from src/server) for every
// vstar.yaml in the workspace: diagnostics, completion, hover and go-to-definition. The
// server runs in its own Node process (IPC), so a slow check can never block the editor.
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Ctx } from './context';
import { reportError } from './logger';

export const LANGUAGE_SERVER_NAME = 'Video-STaR Language Server';

export function registerLanguageClient(ctx: Ctx): void {
  const module = ctx.extension.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // By file name, whatever language mode the editor picked for it.
    documentSelector: [{ scheme: 'file', pattern: '**/vstar.yaml' }],
    // Imports writing schema.json and new annotation files change what the checks say.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*') },
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  const client = new LanguageClient('vstar.languageServer', LANGUAGE_SERVER_NAME, serverOptions, clientOptions);
  ctx.subscriptions.push({ dispose: () => void client.stop().catch(() => undefined) });
  ctx.log.info(`starting ${LANGUAGE_SERVER_NAME}`);
  client.start().then(
    () => ctx.log.info(`${LANGUAGE_SERVER_NAME} started`),
    (err: unknown) => reportError(ctx.log, `${LANGUAGE_SERVER_NAME} failed to start`, err),
  );
}
