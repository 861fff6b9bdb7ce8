// One attempt: the clip (H.264 preview, else a strip of sampled frames) beside its
// question, the rationale with the verifier's decisive span(s) marked, the evidence
// (extracted vs label, score vs threshold), a pass/fail badge and the stage. A
// rationalized attempt shows the hint it was given and the failed direct answer it
// replaced. The player: speed 0.25×–2×, frame steps, the asked segment looped and marked
// on a timeline under it.
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
    rate: { state: true },
  };

  /** One frame at 25 fps: the step of `,` and `.` (the clip's own rate is not known here). */
  static readonly FRAME_S = 0.04;

  declare attempt: WebviewAttempt | undefined;
  /** A decision on this attempt is on its way to the review log. */
  declare saving: boolean;
  /** A row is selected and its attempt is on its way. */
  declare loading: boolean;
  declare videoFailed: boolean;
  declare rate: number;

  constructor() {
    super();
    this.attempt = undefined;
    this.saving = false;
    this.loading = false;
    this.videoFailed = false;
    this.rate = 1;
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
    .controls { display: flex; gap: 4px; align-items: center; flex-wrap: wrap; margin-top: 4px; font-size: 0.9em; }
    .controls select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border, transparent); }
    .controls button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 1px 6px; cursor: pointer; }
    .timeline { position: relative; height: 6px; background: var(--vscode-scrollbarSlider-background, #8884); margin-top: 4px; border-radius: 3px; }
    .timeline .seg { position: absolute; top: 0; bottom: 0; background: var(--vscode-progressBar-background, #0e70c0); border-radius: 3px; }
    .timeline .now { position: absolute; top: -2px; bottom: -2px; width: 2px; background: var(--vscode-foreground); }
    .given { margin: 6px 0 0; padding: 4px 8px; border-left: 3px solid var(--vscode-editorWarning-foreground, #cca700); }
    .direct { margin: 8px 0; padding: 6px 8px; border: 1px dashed var(--vscode-widget-border, #8886); }
    .direct .rationale { margin: 4px 0; }
    .labels { color: var(--vscode-descriptionForeground); margin-top: 2px; }
    .labels b { color: var(--vscode-foreground); font-weight: 600; }
    @media (max-width: 420px) {
      :host { padding: 6px; }
      .media { flex-basis: 100%; min-width: 0; }
      th:nth-child(4), td:nth-child(4), th:nth-child(5), td:nth-child(5) { display: none; }
      .buttons { flex-wrap: wrap; }
    }
  `;

  private get video(): HTMLVideoElement | null {
    return this.renderRoot.querySelector('video');
  }

  /** Changes the playback speed (keys `[` and `]`, or the menu). */
  setRate(r: number): void {
    this.rate = Math.min(2, Math.max(0.25, r));
    if (this.video) this.video.playbackRate = this.rate;
  }

  /** Steps `n` frames (pausing first): keys `,` and `.`. */
  step(n: number): void {
    const v = this.video;
    if (!v) return;
    v.pause();
    this.stepping = true;
    const [s, e] = this.segment();
    v.currentTime = Math.min(e ?? v.duration, Math.max(s ?? 0, v.currentTime + n * AttemptView.FRAME_S));
  }

  /** Play/pause: space. */
  togglePlay(): void {
    const v = this.video;
    if (!v) return;
    this.stepping = false;
    if (v.paused) void v.play().catch(() => undefined);
    else v.pause();
  }

  /** Frame steps pause the segment's loop until play is pressed again. */
  private stepping = false;

  /** The asked segment of the clip (seconds), when the record has one and the file is the original (a preview is cut to it). */
  private segment(): [number | undefined, number | undefined] {
    const a = this.attempt;
    return [a?.clipStart, a?.clipEnd];
  }

  /** Keeps playback inside the asked segment (looping it) and moves the timeline's marks. */
  private onTime = (): void => {
    const v = this.video;
    if (!v) return;
    const [s, e] = this.segment();
    // The media fragment pauses playback at its end: start the segment over, unless the
    // reviewer is stepping frames.
    if (!this.stepping && e !== undefined && v.currentTime >= e - 0.03) {
      v.currentTime = s ?? 0;
      void v.play().catch(() => undefined);
    } else if (!this.stepping && s !== undefined && v.currentTime < s - 0.05) v.currentTime = s;
    this.placeMarks();
  };

  private placeMarks(): void {
    const v = this.video;
    const d = v && Number.isFinite(v.duration) && v.duration > 0 ? v.duration : undefined;
    const seg = this.renderRoot.querySelector<HTMLElement>('.timeline .seg');
    const now = this.renderRoot.querySelector<HTMLElement>('.timeline .now');
    if (!v || !d || !seg || !now) return;
    const [s, e] = this.segment();
    seg.style.left = `${(100 * (s ?? 0)) / d}%`;
    seg.style.width = `${(100 * ((e ?? d) - (s ?? 0))) / d}%`;
    now.style.left = `${(100 * v.currentTime) / d}%`;
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('attempt')) {
      const prev = changed.get('attempt') as WebviewAttempt | undefined;
      if (prev?.id !== this.attempt?.id) {
        this.videoFailed = false;
        this.scrollTop = 0; // a new attempt starts at its clip
      }
    }
    const v = this.video;
    if (v && v.playbackRate !== this.rate) v.playbackRate = this.rate;
    this.placeMarks();
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
          ${a.labels ? this.renderLabels(a) : nothing}
          ${a.hint !== undefined ? html`<div class="given" data-testid="hint">Rationalized: the prompt gave the label as a hint, <b>“${a.hint}”</b>.</div>` : nothing}
        </div>
      </div>
      <div class="rationale" data-testid="rationale">${splitBySpans(a.output, spans).map((p) => (p.mark ? html`<mark>${p.text}</mark>` : p.text))}</div>
      ${a.direct ? this.renderDirect(a.direct) : nothing}
      ${a.evidence.length ? this.renderEvidence(a) : html`<p class="hint">No verifier evidence yet.</p>`}
      <div class="buttons">
        <vscode-button @click=${() => this.emit('accept')} title="Accept (a)"><vscode-icon name="check" slot="content-before"></vscode-icon>Accept</vscode-button>
        <vscode-button secondary @click=${() => this.emit('reject')} title="Reject (r)"><vscode-icon name="close" slot="content-before"></vscode-icon>Reject</vscode-button>
        <vscode-button secondary @click=${() => this.emit('undo')} title="Undo (u)"><vscode-icon name="discard" slot="content-before"></vscode-icon>Undo</vscode-button>
        <span class="hint">${a.model} · ${a.backend}${a.verifier ? ` · ${a.verifier}` : ''}</span>
      </div>
    `;
  }

  /** The sample's labels: the asked field first and in bold, the clip's other labels beside it. */
  private renderLabels(a: WebviewAttempt): TemplateResult {
    const asked = new Set(a.evidence.map((e) => e.field));
    const entries = Object.entries(a.labels ?? {}).sort(([x], [y]) => Number(asked.has(y)) - Number(asked.has(x)));
    return html`<div class="labels" data-testid="labels">label: ${entries.map(([k, v], n) => html`${n ? ', ' : ''}${asked.has(k) ? html`<b>${k} = ${show(v)}</b>` : `${k} = ${show(v)}`}`)}</div>`;
  }

  private renderDirect(d: NonNullable<WebviewAttempt['direct']>): TemplateResult {
    const verdict = d.pass === null ? 'not verified' : d.pass ? 'passed' : 'failed';
    return html`<div class="direct" data-testid="direct">
      <div class="hint">It replaced the direct answer (try ${d.try}, ${verdict}${d.note ? `: ${d.note}` : ''}):</div>
      <div class="rationale">${splitBySpans(d.output, d.spans).map((p) => (p.mark ? html`<mark>${p.text}</mark>` : p.text))}</div>
    </div>`;
  }

  private renderMedia(a: WebviewAttempt): TemplateResult {
    if (a.clipUri && !this.videoFailed) {
      const range = a.clipStart !== undefined ? `#t=${a.clipStart}${a.clipEnd !== undefined ? `,${a.clipEnd}` : ''}` : '';
      const segment = a.clipStart !== undefined ? `asked segment ${a.clipStart}–${a.clipEnd ?? 'end'} s, looped` : 'whole clip, looped';
      return html`<video src=${a.clipUri + range} controls muted autoplay loop playsinline @error=${() => (this.videoFailed = true)}
          @timeupdate=${this.onTime} @play=${() => (this.stepping = false)} @loadedmetadata=${() => this.placeMarks()}></video>
        <div class="timeline" title=${segment} data-testid="timeline"><div class="seg"></div><div class="now"></div></div>
        <div class="controls">
          <select aria-label="playback speed" title="Speed ([ and ])" @change=${(e: Event) => this.setRate(Number((e.target as HTMLSelectElement).value))}>
            ${[0.25, 0.5, 1, 1.5, 2].map((r) => html`<option value=${r} ?selected=${r === this.rate}>${r}×</option>`)}
          </select>
          <button title="Previous frame (,)" @click=${() => this.step(-1)}>◀︎ frame</button>
          <button title="Next frame (.)" @click=${() => this.step(1)}>frame ▶︎</button>
          <span class="hint">${segment}</span>
        </div>`;
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
