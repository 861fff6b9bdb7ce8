// Binds one webview (panel or side view) to a cycle's ReviewSession: answers the typed
// protocol, queues host messages until the webview says `review/ready` (a message posted
// before its listener exists is lost), and reports a decision as saved only after the
// session's append resolved (fsync'd in reviews.jsonl).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ReviewSession, reviewGuidelines, type ReviewCounts, type TaskGuidelines } from '../../core/review';
import { listCycles } from '../../core/cycles';
import { PROJECT_FILE } from '../../core/datasets';
import { makePreview, needsPreview, sampleFrames } from '../../core/frames';
import type { HostMessage, WebviewAttempt, WebviewMessage } from '../../shared/reviewProtocol';
import type { Ctx } from '../context';
import { errorMessage } from '../logger';
import { reportReviewTraffic } from '../testHooks';
import { makeNonce, reviewHtml } from './html';

export interface ReviewTarget {
  /** Absolute `<project>/<workdir>`. */
  workdir: string;
  cycle: number;
}

/** Where previews and frame strips of clips are cached (a localResourceRoot). */
export function clipCacheDir(ctx: Ctx): vscode.Uri {
  return vscode.Uri.joinPath(ctx.extension.globalStorageUri, 'clips');
}

/** localResourceRoots: the UI bundle, the clip cache, and the dataset's clip roots. */
export function resourceRoots(ctx: Ctx, clipRoots: readonly string[]): vscode.Uri[] {
  return [vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview'), clipCacheDir(ctx), ...clipRoots.map((r) => vscode.Uri.file(r))];
}

export function setReviewHtml(ctx: Ctx, webview: vscode.Webview, title: string): void {
  const base = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview');
  webview.html = reviewHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(base, 'review.js')).toString(),
    codiconCssUri: webview.asWebviewUri(vscode.Uri.joinPath(base, 'codicon.css')).toString(),
    title,
  });
}

export class ReviewController implements vscode.Disposable {
  private ready = false;
  private queue: HostMessage[] = [];
  private session: Promise<ReviewSession> | undefined;
  private disposables: vscode.Disposable[] = [];
  private watcher: vscode.FileSystemWatcher | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  /** An attempt the host asked to show that the webview has not confirmed yet: sent again after a rebuild. */
  private pendingSelect: string | undefined;
  /** Whether each clip plays as it is (ffprobe once per clip, not per attempt). */
  private plays = new Map<string, Promise<boolean>>();
  /** Called with the counts after each change (the side view's badge). */
  onCounts: ((c: ReviewCounts) => void) | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly webview: vscode.Webview,
    private target: ReviewTarget | undefined,
    private readonly compact: boolean,
    private readonly openPanel?: (t: ReviewTarget) => void,
  ) {
    this.disposables.push(webview.onDidReceiveMessage((m: WebviewMessage) => void this.onMessage(m)));
    if (target) this.open(target);
  }

  /** Opens the session and follows the cycle's logs: a generation or another window appending to them updates the counts. */
  private open(target: ReviewTarget): void {
    this.session = ReviewSession.open(target.workdir, target.cycle);
    this.watcher?.dispose();
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.join(target.workdir, 'cycles', String(target.cycle))), '*.jsonl'));
    const changed = (): void => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.refresh(), 500);
    };
    w.onDidChange(changed);
    w.onDidCreate(changed);
    this.watcher = w;
  }

  private async refresh(): Promise<void> {
    try {
      await (await this.need()).refresh();
      await this.sendCounts();
    } catch (err) {
      this.fail('refresh', err);
    }
  }

  get current(): ReviewTarget | undefined {
    return this.target;
  }

  /** Shows another cycle in this webview. */
  show(target: ReviewTarget): void {
    if (this.target && this.target.workdir === target.workdir && this.target.cycle === target.cycle) return;
    void this.session?.then((s) => s.close(), () => undefined);
    this.target = target;
    this.open(target);
    if (this.ready) void this.sendInit();
  }

  /** Shows one attempt (chosen in the editor); queued until the webview is ready. */
  select(id: string): void {
    this.pendingSelect = id;
    this.post({ type: 'review/select', id });
  }

  private post(m: HostMessage): void {
    if (!this.ready) this.queue.push(m);
    else this.send(m);
  }

  private send(m: HostMessage): void {
    reportReviewTraffic({ from: 'host', compact: this.compact, message: m });
    void this.webview.postMessage(m);
  }

  private sendInit(): Promise<void> {
    const cycle = this.target?.cycle ?? null;
    return this.guidelines().then((guidelines) => {
      if (cycle !== (this.target?.cycle ?? null)) return; // another cycle was shown meanwhile
      this.post({ type: 'review/init', cycle, compact: this.compact, ...(guidelines.length ? { guidelines } : {}) });
      void this.sendCounts();
      // A selection asked for before the webview was (re)built.
      if (this.pendingSelect) this.post({ type: 'review/select', id: this.pendingSelect });
    });
  }

  /** The guidelines of the tasks over the cycle's dataset, from the project's vstar.yaml. */
  private async guidelines(): Promise<TaskGuidelines[]> {
    const t = this.target;
    if (!t) return [];
    try {
      const state = (await listCycles(t.workdir)).find((c) => c.cycle === t.cycle)?.state;
      const file = path.join(path.dirname(t.workdir), PROJECT_FILE);
      return state ? await reviewGuidelines(file, state.dataset) : [];
    } catch (err) {
      this.ctx.log.warn(`review: no guidelines: ${errorMessage(err)}`);
      return [];
    }
  }

  private async sendCounts(): Promise<void> {
    if (!this.session) return;
    try {
      const counts = (await this.session).counts();
      this.post({ type: 'review/counts', counts });
      this.onCounts?.(counts);
    } catch (err) {
      this.fail('could not open the cycle', err);
    }
  }

  private async onMessage(m: WebviewMessage): Promise<void> {
    reportReviewTraffic({ from: 'webview', compact: this.compact, message: m });
    try {
      switch (m.type) {
        case 'review/ready':
          // A reloaded webview sends ready again: start over, nothing queued is stale.
          this.ready = true;
          {
            // init, counts and the pending selection are sent again by sendInit, in that order.
            const queued = this.queue.splice(0).filter((q) => q.type !== 'review/init' && q.type !== 'review/counts' && q.type !== 'review/select');
            void this.sendInit().then(() => {
              for (const q of queued) this.send(q);
            });
          }
          return;
        case 'review/selection':
          if (m.id === this.pendingSelect) this.pendingSelect = undefined;
          return;
        case 'review/groups/request': {
          const groups = await (await this.need()).groups(m.by, m.filter);
          this.post({ type: 'review/groups', seq: m.seq, by: m.by, groups });
          return;
        }
        case 'review/report/request':
          this.post({ type: 'review/report', report: await (await this.need()).report() });
          return;
        case 'review/audit/start': {
          const a = await (await this.need()).startAudit({ kept: m.kept, rejected: m.rejected });
          this.ctx.log.info(`review: audit of cycle ${this.target?.cycle}: ${a.kept} kept and ${a.rejected} rejected answers drawn`);
          this.post({ type: 'review/audit/started', ...a });
          await this.sendCounts();
          return;
        }
        case 'review/page/request': {
          const s = await this.need();
          const page = await s.page(m.offset, m.limit, m.filter);
          this.post({ type: 'review/page', seq: m.seq, ...page });
          return;
        }
        case 'review/attempt/request': {
          const a = await (await this.need()).attempt(m.id);
          if (a) this.post({ type: 'review/attempt', attempt: await this.toWebview(a) });
          return;
        }
        case 'review/decision/set': {
          const s = await this.need();
          const ids = m.ids ?? (m.filter ? await s.idsMatching(m.filter) : []);
          const saved = await s.decide(ids, m.decision);
          this.post({ type: 'review/decision/saved', ids: saved, decision: m.decision });
          await this.sendCounts();
          return;
        }
        case 'review/decision/undo': {
          const undone = await (await this.need()).undo();
          if (!undone) return;
          for (const d of ['accept', 'reject', 'clear'] as const) {
            const ids = undone.filter((u) => u.decision === d).map((u) => u.id);
            if (ids.length) this.post({ type: 'review/decision/saved', ids, decision: d });
          }
          await this.sendCounts();
          return;
        }
        case 'review/panel/open':
          if (this.target) this.openPanel?.(this.target);
          return;
      }
    } catch (err) {
      this.fail(m.type, err);
    }
  }

  private need(): Promise<ReviewSession> {
    if (!this.session) throw new Error('no cycle chosen (run Video-STaR: Open Review)');
    return this.session;
  }

  /** The clip as a webview URI: as it is when the webview plays it, else an H.264 preview, else frames. */
  private async toWebview(a: Awaited<ReturnType<ReviewSession['attempt']>> & object): Promise<WebviewAttempt> {
    const { clip, ...rest } = a;
    const out: WebviewAttempt = rest;
    if (!clip) return out;
    const uri = (p: string): string => this.webview.asWebviewUri(vscode.Uri.file(p)).toString();
    const cacheDir = clipCacheDir(this.ctx).fsPath;
    const range = { ...(clip.start === undefined ? {} : { start: clip.start }), ...(clip.end === undefined ? {} : { end: clip.end }) };
    try {
      let plays = this.plays.get(clip.path);
      if (!plays) this.plays.set(clip.path, (plays = needsPreview(clip.path).then((n) => !n)));
      if (await plays) {
        return { ...out, clipUri: uri(clip.path), ...(clip.start === undefined ? {} : { clipStart: clip.start }), ...(clip.end === undefined ? {} : { clipEnd: clip.end }) };
      }
      const p = await makePreview(clip.path, { ...range, cacheDir: path.join(cacheDir, 'previews') });
      return { ...out, clipUri: uri(p.video) };
    } catch (err) {
      this.ctx.log.warn(`review: no playable clip for ${a.id} (${errorMessage(err)}); trying frames`);
    }
    try {
      const f = await sampleFrames(clip.path, { frames: 8, maxSide: 160, ...range, cacheDir: path.join(cacheDir, 'frames') });
      return { ...out, frames: f.files.map(uri) };
    } catch (err) {
      this.ctx.log.warn(`review: no frames for ${a.id}: ${errorMessage(err)}`);
      return out;
    }
  }

  private fail(what: string, err: unknown): void {
    this.ctx.log.error(`review ${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    this.post({ type: 'review/error', message: `${what}: ${errorMessage(err)}` });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.watcher?.dispose();
    clearTimeout(this.debounce);
    void this.session?.then((s) => s.close(), () => undefined);
  }
}
