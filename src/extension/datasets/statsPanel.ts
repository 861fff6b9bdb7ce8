// The Dataset Statistics panel: the core's statistics of the datasets asked for, drawn as
// charts by webview-ui/src/stats (the same strict CSP as the review webview). One panel,
// reused; the data is sent once the webview says it listens.
import * as vscode from 'vscode';
import type { StatsDataset, StatsHostMessage, StatsWebviewMessage } from '../../shared/statsProtocol';
import type { Ctx } from '../context';
import { makeNonce, reviewHtml } from '../review/html';

let current: { panel: vscode.WebviewPanel; data: StatsDataset[] } | undefined;

export function showStatsPanel(ctx: Ctx, datasets: StatsDataset[]): void {
  const title = datasets.length === 1 ? `Dataset Statistics: ${datasets[0]!.name}` : 'Dataset Statistics';
  if (current) {
    current.data = datasets;
    current.panel.title = title;
    current.panel.reveal(undefined, true);
    void current.panel.webview.postMessage({ type: 'stats/data', datasets } satisfies StatsHostMessage);
    return;
  }
  const base = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview');
  const panel = vscode.window.createWebviewPanel('vstar.datasetStats', title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: true }, {
    enableScripts: true,
    localResourceRoots: [base],
  });
  const state = { panel, data: datasets };
  current = state;
  panel.webview.html = reviewHtml({
    cspSource: panel.webview.cspSource,
    nonce: makeNonce(),
    scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(base, 'stats.js')).toString(),
    codiconCssUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(base, 'codicon.css')).toString(),
    title,
  });
  const sub = panel.webview.onDidReceiveMessage((m: StatsWebviewMessage) => {
    if (m.type === 'stats/ready') void panel.webview.postMessage({ type: 'stats/data', datasets: state.data } satisfies StatsHostMessage);
  });
  panel.onDidDispose(() => {
    sub.dispose();
    if (current === state) current = undefined;
  });
}
