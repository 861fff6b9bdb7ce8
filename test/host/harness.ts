// Helpers for the suites, in the extension host: the extension under test and its hooks
// (src/extension/testHooks.ts), the contributed commands as package.json lists them, the
// open folder, tree rows as a person reads them, and polling.
import * as vscode from 'vscode';
import type { TestHooks } from '../../src/extension/testHooks';
import { waitFor as poll } from '../support/waitFor';

export const EXTENSION_ID = 'vstar.video-star-studio';

export function extension(): vscode.Extension<TestHooks> {
  const ext = vscode.extensions.getExtension<TestHooks>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

/** test/support/waitFor.ts, 30 s unless told. */
export const waitFor = <T>(what: string, check: () => T | Promise<T>, timeoutMs = 30_000, everyMs = 100): Promise<NonNullable<T>> =>
  poll(what, check, timeoutMs, everyMs);

interface Contributes {
  commands: { command: string; title: string }[];
  menus?: { commandPalette?: { command: string; when?: string }[] };
}

/** Every command package.json contributes. */
export function contributedCommands(): string[] {
  return (extension().packageJSON as { contributes: Contributes }).contributes.commands.map((c) => c.command);
}

/** The contributed commands a person can run from the palette (not hidden with `when: false`). */
export function paletteCommands(): string[] {
  const hidden = new Set(((extension().packageJSON as { contributes: Contributes }).contributes.menus?.commandPalette ?? [])
    .filter((m) => m.when === 'false').map((m) => m.command));
  return contributedCommands().filter((c) => !hidden.has(c));
}

export function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('no folder is open');
  return f.uri;
}

export const inFolder = (rel: string): vscode.Uri => vscode.Uri.joinPath(folder(), ...rel.split('/'));

/** A tree row as the view shows it: label and description. */
export interface Row {
  label: string;
  description: string;
}

/** The rows of `viewId` under `parent` (the first level when absent), with their nodes. */
export async function rows(hooks: TestHooks, viewId: string, parent?: unknown): Promise<{ node: unknown; row: Row }[]> {
  const provider = hooks.trees.get(viewId);
  if (!provider) throw new Error(`no tree provider for ${viewId}`);
  const nodes = (await provider.getChildren(parent)) ?? [];
  return Promise.all(nodes.map(async (node) => {
    const item = await provider.getTreeItem(node);
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    return { node, row: { label, description: typeof item.description === 'string' ? item.description : '' } };
  }));
}

/**
 * Runs a command and resolves to what it returned, or to `'still running'` after `ms` (a
 * command that did not refuse may be waiting on a picker: closed here, so the next one runs).
 */
export async function runCommand(id: string, ms = 10_000): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)));
  try {
    const r = await Promise.race([vscode.commands.executeCommand<unknown>(id), late]);
    if (r === 'still running') await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    return r;
  } finally {
    clearTimeout(timer);
  }
}

/** The extension's hooks once it has activated by itself: nothing here activates it. */
export async function activatedByItself(): Promise<TestHooks> {
  const ext = extension();
  await waitFor('the extension to activate by itself', () => ext.isActive, 30_000);
  return ext.exports;
}
