// Activation's part of the Cycle Report: the serializer that revives report panels after a
// window reload, from the project the webview saved in its state. The panel code loads
// only when a panel is revived or opened.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REPORT_PANEL_VIEW_TYPE, type ReportUiState } from '../../shared/reportProtocol';
import type { Ctx } from '../context';
import { cyclesModel } from '../cycles/model';

export function registerCycleReport(ctx: Ctx): void {
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(REPORT_PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const workdir = (state as ReportUiState | undefined)?.workdir;
        const project = workdir ? (await cyclesModel(ctx).projects()).find((p) => path.resolve(p.workdir) === path.resolve(workdir)) : undefined;
        if (!project) {
          panel.dispose(); // the project is not open any more (or the state is gone): nothing to revive
          return;
        }
        const { CycleReportPanel } = require('./panel') as typeof import('./panel');
        CycleReportPanel.attach(ctx, panel, project.workdir, project.folder.name);
      },
    }),
  );
}
