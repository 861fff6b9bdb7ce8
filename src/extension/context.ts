// The one object every feature receives: the VS Code extension context, the logger and
// the shared models. Built once in activate(); features never reach for globals.
import type * as vscode from 'vscode';
import { DatasetModel } from './datasets/model';
import { createLogger, type Logger } from './logger';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly log: Logger;
  readonly datasets: DatasetModel;
  /** Disposed on deactivate. */
  readonly subscriptions: vscode.Disposable[];
}

export function createContext(extension: vscode.ExtensionContext): Ctx {
  const log = createLogger();
  extension.subscriptions.push(log);
  const datasets = new DatasetModel(log);
  extension.subscriptions.push(datasets);
  return { extension, log, datasets, subscriptions: extension.subscriptions };
}
