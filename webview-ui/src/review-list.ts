// The attempt list, virtualized: only the rows in view (plus a small margin) exist in the
// DOM, positioned through CSSOM in updated() (element.style): the CSP blocks inline style
// attributes, and Lit's styleMap writes one on its first render. Rows
// come from a sparse cache the app fills page by page; a missing row asks for its page.
// Every row has the same height (two lines): the question, the label, the stage (with the
// hint of a rationalization), the verdict and the review state; under them the answer
// around its decisive span, the span marked.
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { AttemptSummary } from '../../src/shared/reviewProtocol.js';

export const ROW_HEIGHT = 46;
const OVERSCAN = 8;

export class ReviewList extends LitElement {
  static override properties = {
    total: { type: Number },
    rows: { attribute: false },
    selected: { type: Number },
    saving: { attribute: false },
    scrollPos: { state: true },
    viewport: { state: true },
  };

  declare total: number;
  /** Sparse: list position → row. */
  declare rows: Map<number, AttemptSummary>;
  declare selected: number;
  /** Attempt ids whose decision is not yet in the review log. */
  declare saving: Set<string>;
  declare scrollPos: number;
  declare viewport: number;
  private observer: ResizeObserver | undefined;

  constructor() {
    super();
    this.total = 0;
    this.rows = new Map();
    this.selected = -1;
    this.saving = new Set();
    this.scrollPos = 0;
    this.viewport = 400;
  }

  static override styles = css`
    :host { display: block; overflow-y: auto; position: relative; outline: none; }
    .spacer { position: relative; width: 100%; }
    .row { position: absolute; left: 0; right: 0; height: ${ROW_HEIGHT}px; padding: 3px 8px; box-sizing: border-box; cursor: pointer;
      display: flex; flex-direction: column; justify-content: center; gap: 2px; overflow: hidden; border-bottom: 1px solid var(--vscode-widget-border, #8882); }
    .line { display: flex; gap: 6px; align-items: center; white-space: nowrap; overflow: hidden; line-height: 18px; min-width: 0; }
    .row:hover { background: var(--vscode-list-hoverBackground); }
    .row.sel { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
    .q { flex: 1 1 auto; overflow: hidden; text-overflow: ellipsis; min-width: 40px; }
    .label { flex: 0 0 auto; overflow: hidden; text-overflow: ellipsis; padding: 0 5px; border-radius: 3px; max-width: 40%;
      background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); font-size: 0.92em; }
    .tag { flex: 0 0 auto; font-size: 0.9em; }
    .hint { flex: 0 1 auto; overflow: hidden; text-overflow: ellipsis; font-size: 0.9em; }
    .snip { flex: 1; overflow: hidden; text-overflow: ellipsis; font-size: 0.92em; color: var(--vscode-descriptionForeground); }
    .row.sel .snip { color: inherit; opacity: 0.85; }
    mark { background: var(--vscode-editor-findMatchHighlightBackground, #ea5c0055); color: var(--vscode-foreground); border-radius: 2px; padding: 0 1px; }
    .row.sel mark { color: inherit; }
    .pass { color: var(--vscode-testing-iconPassed, #388a34); }
    .fail { color: var(--vscode-testing-iconFailed, #c72e0f); }
    .uncertain { color: var(--vscode-editorWarning-foreground, #cca700); }
    .muted { color: var(--vscode-descriptionForeground); }
    .row.sel .muted { color: inherit; }
    /* Narrow (the side view): the question and the label share the line; the stage tag goes. */
    @media (max-width: 420px) { .tag.stage { display: none; } .label { max-width: 55%; } }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('scroll', this.onScroll, { passive: true });
    this.observer = new ResizeObserver(() => (this.viewport = this.clientHeight || 400));
    this.observer.observe(this);
  }

  override disconnectedCallback(): void {
    this.removeEventListener('scroll', this.onScroll);
    this.observer?.disconnect();
    super.disconnectedCallback();
  }

  private onScroll = (): void => {
    this.scrollPos = this.scrollTop;
  };

  /** The visible range [first, last) with overscan. */
  visibleRange(): [number, number] {
    const first = Math.max(0, Math.floor(this.scrollPos / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.total, Math.ceil((this.scrollPos + this.viewport) / ROW_HEIGHT) + OVERSCAN);
    return [first, last];
  }

  /** Scrolls so that row `i` is in view. */
  reveal(i: number): void {
    const top = i * ROW_HEIGHT;
    if (top < this.scrollTop) this.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scrollTop + this.clientHeight) this.scrollTop = top + ROW_HEIGHT - this.clientHeight;
  }

  override updated(): void {
    const spacer = this.renderRoot.querySelector<HTMLElement>('.spacer');
    if (spacer) spacer.style.height = `${this.total * ROW_HEIGHT}px`;
    for (const row of Array.from(this.renderRoot.querySelectorAll<HTMLElement>('.row'))) row.style.top = `${Number(row.dataset.i) * ROW_HEIGHT}px`;
    const [first, last] = this.visibleRange();
    const missing: number[] = [];
    for (let i = first; i < last; i++) if (!this.rows.has(i)) missing.push(i);
    if (missing.length) this.dispatchEvent(new CustomEvent('need-rows', { detail: { first: missing[0]!, last: missing.at(-1)! + 1 } }));
  }

  override render(): TemplateResult {
    const [first, last] = this.visibleRange();
    const rows: TemplateResult[] = [];
    for (let i = first; i < last; i++) rows.push(this.renderRow(i, this.rows.get(i)));
    return html`<div class="spacer" role="listbox">${rows}</div>`;
  }

  private renderRow(i: number, a: AttemptSummary | undefined): TemplateResult {
    if (!a) return html`<div class="row muted" data-i=${i}>…</div>`;
    const icon = a.pass === null ? 'circle-outline' : a.pass ? 'pass' : 'error';
    const verdict = a.pass === null ? 'not verified' : a.pass ? 'passed' : 'failed';
    const saving = this.saving.has(a.id);
    const snip = a.snippet;
    const m = snip?.mark;
    return html`<div class="row ${i === this.selected ? 'sel' : ''}" role="option" aria-selected=${i === this.selected} data-id=${a.id} data-i=${i}
        title=${`${a.question}\n${a.sampleId} · ${a.id}`} @click=${() => this.dispatchEvent(new CustomEvent('select', { detail: { index: i } }))}>
      <div class="line">
        <vscode-icon name=${icon} class=${a.pass === null ? 'muted' : a.pass ? 'pass' : 'fail'} title=${verdict} data-testid="row-verdict"></vscode-icon>
        ${a.uncertain ? html`<vscode-icon name="question" class="uncertain" title=${`uncertain${a.confidence !== undefined ? ` (confidence ${a.confidence.toFixed(2)})` : ''}`}></vscode-icon>` : nothing}
        <span class="q" data-testid="row-question">${a.question}</span>
        ${a.label !== undefined ? html`<span class="label" data-testid="row-label" title=${`${a.field ?? 'label'} (${a.labelType ?? ''}) = ${a.label}`}>${a.label}</span>` : nothing}
        <span class="tag stage muted">${a.stage === 'answer' ? 'direct' : 'rationalized'}</span>
        ${saving ? html`<span class="muted">saving…</span>` : a.decision ? html`<vscode-icon name=${a.decision === 'accept' ? 'check' : 'close'} title=${a.decision}></vscode-icon>` : html`<span class="tag muted" title="unreviewed">·</span>`}
      </div>
      <div class="line">
        ${a.hint !== undefined ? html`<span class="hint muted" data-testid="row-hint" title=${`the label given as a hint; replaces ${a.replaces ?? 'no direct answer'}`}>hint “${a.hint}” →</span>` : nothing}
        <span class="snip" data-testid="row-snippet">${snip ? (m ? [snip.text.slice(0, m[0]), html`<mark>${snip.text.slice(m[0], m[1])}</mark>`, snip.text.slice(m[1])] : snip.text) : ''}</span>
      </div>
    </div>`;
  }
}

customElements.define('review-list', ReviewList);
