// "Video-STaR: Show Cycle Report": a webview panel per project that charts, per cycle, the
// yield (kept directly / after rationalization / failed) and the held-out accuracy of each
// cycle's model (overall, per label type, per field; cycle 0 is the starting model). The
// data comes from the Cycles model (state.json and the logs' counts), so the panel redraws
// whenever a cycle's files change. Messages are queued until the webview says
// `report/ready`; register.ts revives the panel after a window reload.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REPORT_PANEL_VIEW_TYPE, type ReportHostMessage, type ReportWebviewMessage } from '../../shared/reportProtocol';
import { pickProject } from '../actions/project';
import type { Ctx } from '../context';
import { cyclesModel } from '../cycles/model';
import { errorMessage } from '../logger';
import { makeNonce } from '../review/html';
import { reportHtml } from './html';
import { buildReport, reportInput } from './model';

const panels = new Map<string, CycleReportPanel>();

export class CycleReportPanel implements vscode.Disposable {
  private ready = false;
  private queue: ReportHostMessage[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    private readonly ctx: Ctx,
    readonly panel: vscode.WebviewPanel,
    private readonly workdir: string,
    private readonly project: string,
  ) {
    // Listening before the HTML loads: the webview's `report/ready` must not be missed.
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: ReportWebviewMessage) => void this.onMessage(m)),
      cyclesModel(ctx).onDidChange(() => void this.send()),
      panel.onDidDispose(() => this.dispose()),
    );
    const base = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [base] };
    panel.webview.html = reportHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(base, 'report.js')).toString(),
      title: panel.title,
    });
    void this.send();
  }

  static async show(ctx: Ctx, workdir: string, project: string): Promise<CycleReportPanel> {
    const key = path.resolve(workdir);
    const existing = panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(REPORT_PANEL_VIEW_TYPE, `Cycle Report: ${project}`, vscode.ViewColumn.Active, { enableScripts: true });
    return CycleReportPanel.attach(ctx, panel, key, project);
  }

  static attach(ctx: Ctx, panel: vscode.WebviewPanel, workdir: string, project: string): CycleReportPanel {
    const p = new CycleReportPanel(ctx, panel, path.resolve(workdir), project);
    panels.set(path.resolve(workdir), p);
    return p;
  }

  private post(m: ReportHostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(m);
    else this.queue = [...this.queue.filter((q) => q.type !== m.type), m]; // only the latest data matters
  }

  private async send(): Promise<void> {
    try {
      const views = (await cyclesModel(this.ctx).cycles()).filter((v) => path.resolve(v.project.workdir) === this.workdir);
      this.post({ type: 'report/data', data: buildReport(this.project, views.map((v) => reportInput(v.entry.cycle, v.entry.state, v.status?.counts.samples))), workdir: this.workdir });
    } catch (err) {
      this.ctx.log.warn(`cycle report: ${errorMessage(err)}`);
      this.post({ type: 'report/error', message: errorMessage(err) });
    }
  }

  private async onMessage(m: ReportWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'report/ready': {
        this.ready = true;
        const queued = this.queue;
        this.queue = [];
        for (const q of queued) void this.panel.webview.postMessage(q);
        return;
      }
      case 'report/data/request':
        cyclesModel(this.ctx).refresh(); // fires onDidChange, which sends the data again
        return;
      case 'report/review/open':
        await vscode.commands.executeCommand('vstar.review.open', { workdir: this.workdir, cycle: m.cycle });
    }
  }

  dispose(): void {
    if (panels.get(this.workdir) === this) panels.delete(this.workdir);
    for (const d of this.disposables) d.dispose();
  }
}

/** The command: the project of `arg` (`{workdir}` from a notification), else the only one, else asked. */
export async function showCycleReport(ctx: Ctx, arg?: unknown): Promise<void> {
  const workdir = (arg as { workdir?: unknown } | undefined)?.workdir;
  const project = await pickProject(typeof workdir === 'string' ? workdir : undefined);
  if (!project) return;
  await CycleReportPanel.show(ctx, project.workdir, project.folder.name);
}
