// One attempt: the clip (H.264 preview, else a strip of sampled frames) beside its
// question, the rationale with the verifier's decisive span(s) marked, the evidence
// (extracted vs label, score vs threshold), a pass/fail badge and the stage.
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { WebviewAttempt } from '../../src/shared/reviewProtocol.js';
import { splitBySpans } from './rationale.js';

const show = (v: unknown): string => (v === undefined ? '—' : v === null ? 'nothing found' : typeof v === 'string' ? v : JSON.stringify(v));
const num = (v: number | undefined): string => (v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(3));

export class AttemptView extends LitElement {
  static override properties = {
    attempt: { attribute: false },
    saving: { type: Boolean },
    loading: { type: Boolean },
    videoFailed: { state: true },
  };

  declare attempt: WebviewAttempt | undefined;
  /** A decision on this attempt is on its way to the review log. */
  declare saving: boolean;
  /** A row is selected and its attempt is on its way. */
  declare loading: boolean;
  declare videoFailed: boolean;

  constructor() {
    super();
    this.attempt = undefined;
    this.saving = false;
    this.loading = false;
    this.videoFailed = false;
  }

  static override styles = css`
    :host { display: block; padding: 8px 12px; overflow: auto; overflow-anchor: none; box-sizing: border-box; }
    .top { display: flex; gap: 12px; flex-wrap: wrap; align-items: flex-start; }
    .media { flex: 0 1 360px; min-width: 200px; }
    video { width: 100%; max-height: 240px; background: #000; }
    .frames { display: flex; gap: 2px; overflow-x: auto; }
    .frames img { height: 72px; }
    .noclip { color: var(--vscode-descriptionForeground); font-style: italic; }
    .q { flex: 1 1 200px; }
    .q h3 { margin: 0 0 6px; font-size: 1.05em; }
    .meta { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; color: var(--vscode-descriptionForeground); }
    .badge { padding: 1px 6px; border-radius: 8px; font-weight: 600; }
    .pass { background: var(--vscode-testing-iconPassed, #388a34); color: #fff; }
    .fail { background: var(--vscode-testing-iconFailed, #c72e0f); color: #fff; }
    .unverified { background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
    .decision { font-weight: 600; }
    .rationale { white-space: pre-wrap; line-height: 1.45; margin: 10px 0; padding: 8px; background: var(--vscode-textBlockQuote-background); border-left: 3px solid var(--vscode-textBlockQuote-border); }
    mark { background: var(--vscode-editor-findMatchHighlightBackground, #ea5c0055); color: inherit; outline: 1px solid var(--vscode-editor-findMatchBorder, transparent); }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--vscode-widget-border, #8884); vertical-align: top; }
    .buttons { display: flex; gap: 8px; margin-top: 10px; align-items: center; }
    .hint { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
  `;

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('attempt')) {
      const prev = changed.get('attempt') as WebviewAttempt | undefined;
      if (prev?.id !== this.attempt?.id) {
        this.videoFailed = false;
        this.scrollTop = 0; // a new attempt starts at its clip
      }
    }
  }

  override render(): TemplateResult {
    const a = this.attempt;
    if (!a) return html`<p class="hint">${this.loading ? 'Loading…' : 'Select an attempt (j/k to move).'}</p>`;
    const spans = a.evidence.flatMap((e) => e.spans);
    const verdict = a.pass === null ? ['unverified', 'not verified'] : a.pass ? ['pass', 'passed'] : ['fail', 'failed'];
    return html`
      <div class="top">
        <div class="media">${this.renderMedia(a)}</div>
        <div class="q">
          <h3>${a.question}</h3>
          <div class="meta">
            <span class="badge ${verdict[0]}" data-testid="verdict">${verdict[1]}</span>
            <span data-testid="stage">${a.stage === 'answer' ? 'direct' : 'rationalized'}${a.try > 0 ? ` · try ${a.try}` : ''}</span>
            <span data-testid="sample">· ${a.sampleId}</span>
            <span class="decision" data-testid="decision">${this.saving ? '· saving…' : a.decision ? `· ${a.decision === 'accept' ? 'accepted' : 'rejected'}` : '· unreviewed'}</span>
          </div>
          ${a.labels ? html`<div class="meta">label: ${Object.entries(a.labels).map(([k, v]) => `${k} = ${show(v)}`).join(', ')}</div>` : nothing}
        </div>
      </div>
      <div class="rationale" data-testid="rationale">${splitBySpans(a.output, spans).map((p) => (p.mark ? html`<mark>${p.text}</mark>` : p.text))}</div>
      ${a.evidence.length ? this.renderEvidence(a) : html`<p class="hint">No verifier evidence yet.</p>`}
      <div class="buttons">
        <vscode-button @click=${() => this.emit('accept')} title="Accept (a)"><vscode-icon name="check" slot="content-before"></vscode-icon>Accept</vscode-button>
        <vscode-button secondary @click=${() => this.emit('reject')} title="Reject (r)"><vscode-icon name="close" slot="content-before"></vscode-icon>Reject</vscode-button>
        <vscode-button secondary @click=${() => this.emit('undo')} title="Undo (u)"><vscode-icon name="discard" slot="content-before"></vscode-icon>Undo</vscode-button>
        <span class="hint">${a.model} · ${a.backend}${a.verifier ? ` · ${a.verifier}` : ''}</span>
      </div>
    `;
  }

  private renderMedia(a: WebviewAttempt): TemplateResult {
    if (a.clipUri && !this.videoFailed) {
      const range = a.clipStart !== undefined ? `#t=${a.clipStart}${a.clipEnd !== undefined ? `,${a.clipEnd}` : ''}` : '';
      return html`<video src=${a.clipUri + range} controls muted autoplay loop playsinline @error=${() => (this.videoFailed = true)}></video>`;
    }
    if (a.frames?.length) return html`<div class="frames">${a.frames.map((f) => html`<img src=${f} alt="sampled frame" />`)}</div>`;
    return html`<p class="noclip">${a.clipUri ? 'This clip cannot play here.' : 'No clip for this sample.'}</p>`;
  }

  private renderEvidence(a: WebviewAttempt): TemplateResult {
    return html`<table data-testid="evidence">
      <thead><tr><th>field</th><th>extracted</th><th>label</th><th>score</th><th>threshold</th><th></th><th>why</th></tr></thead>
      <tbody>
        ${a.evidence.map(
          (e) => html`<tr>
            <td>${e.field}${e.kind ? html` <span class="hint">(${e.kind})</span>` : nothing}</td>
            <td>${show(e.extracted)}</td>
            <td>${show(e.expected)}</td>
            <td>${num(e.score)}</td>
            <td>${num(e.threshold)}</td>
            <td><span class="badge ${e.pass ? 'pass' : 'fail'}">${e.pass ? 'pass' : 'fail'}</span></td>
            <td>${e.note ?? ''}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private emit(name: 'accept' | 'reject' | 'undo'): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }
}

customElements.define('attempt-view', AttemptView);
