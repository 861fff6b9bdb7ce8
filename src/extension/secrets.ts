// API tokens of generation backends in VS Code's SecretStorage (the OS keychain), keyed
// by backend name: never in settings, vstar.yaml or logs. Generation asks here first and
// hands the token to the core's backendFromConfig (its `token` option); without one the
// core falls back to the environment variable the backend names (`tokenEnv`).
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { pickProject } from './actions/project';

const KEY_PREFIX = 'vstar.backendToken.';

export function secretKey(backend: string): string {
  return `${KEY_PREFIX}${backend}`;
}

/** The stored token of `backend`, or undefined. */
export async function tokenFor(ctx: Ctx, backend: string): Promise<string | undefined> {
  return (await ctx.extension.secrets.get(secretKey(backend))) || undefined;
}

/** `vstar.backend.setToken`: pick a remote backend of vstar.yaml, type its token (hidden). An empty value removes it. */
export async function setApiToken(ctx: Ctx, backendArg?: unknown): Promise<void> {
  const project = await pickProject();
  if (!project) return;
  const remote = Object.entries(project.config.backends).filter(([, b]) => b.type !== 'local');
  if (remote.length === 0) {
    void vscode.window.showInformationMessage('Video-STaR: no backend in vstar.yaml needs a token (local backends run in-process).');
    return;
  }
  let name = typeof backendArg === 'string' && remote.some(([n]) => n === backendArg) ? backendArg : undefined;
  if (!name) {
    const items = await Promise.all(
      remote.map(async ([n, b]) => ({
        label: n,
        description: `${b.type} · ${b.model}`,
        detail: (await tokenFor(ctx, n)) ? 'a token is stored' : b.type !== 'local' && b.tokenEnv ? `otherwise read from $${b.tokenEnv}` : 'no token stored',
      })),
    );
    name = (await vscode.window.showQuickPick(items, { title: 'Video-STaR: set the API token of which backend?' }))?.label;
  }
  if (!name) return;
  const token = await vscode.window.showInputBox({
    title: `API token for backend "${name}"`,
    prompt: 'Kept in VS Code\'s secret storage, never in vstar.yaml or settings. Leave empty to remove the stored token.',
    password: true,
    ignoreFocusOut: true,
  });
  if (token === undefined) return;
  if (token.trim() === '') {
    await ctx.extension.secrets.delete(secretKey(name));
    ctx.log.info(`API token of backend "${name}" removed`);
    void vscode.window.showInformationMessage(`Video-STaR: the token of "${name}" was removed.`);
    return;
  }
  await ctx.extension.secrets.store(secretKey(name), token.trim());
  ctx.log.info(`API token of backend "${name}" stored in secret storage`);
  void vscode.window.showInformationMessage(`Video-STaR: token of "${name}" stored; generation with it uses it from now on.`);
}
