// The attempt list, virtualized: only the rows in view (plus a small margin) exist in the
// DOM, positioned through CSSOM in updated() (element.style): the CSP blocks inline style
// attributes, and Lit's styleMap writes one on its first render. Rows
// come from a sparse cache the app fills page by page; a missing row asks for its page.
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { AttemptSummary } from '../../src/shared/reviewProtocol.js';

export const ROW_HEIGHT = 26;
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
    .row { position: absolute; left: 0; right: 0; height: ${ROW_HEIGHT}px; line-height: ${ROW_HEIGHT}px; padding: 0 8px; box-sizing: border-box;
      display: flex; gap: 6px; align-items: center; cursor: pointer; white-space: nowrap; overflow: hidden; }
    .row:hover { background: var(--vscode-list-hoverBackground); }
    .row.sel { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
    .id { flex: 1; overflow: hidden; text-overflow: ellipsis; }
    .pass { color: var(--vscode-testing-iconPassed, #388a34); }
    .fail { color: var(--vscode-testing-iconFailed, #c72e0f); }
    .muted { color: var(--vscode-descriptionForeground); }
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
    const saving = this.saving.has(a.id);
    return html`<div class="row ${i === this.selected ? 'sel' : ''}" role="option" aria-selected=${i === this.selected} data-id=${a.id} data-i=${i}
        @click=${() => this.dispatchEvent(new CustomEvent('select', { detail: { index: i } }))}>
      <vscode-icon name=${icon} class=${a.pass === null ? 'muted' : a.pass ? 'pass' : 'fail'}></vscode-icon>
      <span class="id">${a.sampleId}</span>
      <span class="muted">${a.stage === 'answer' ? 'direct' : 'rationalized'}</span>
      ${saving ? html`<span class="muted">saving…</span>` : a.decision ? html`<vscode-icon name=${a.decision === 'accept' ? 'check' : 'close'} title=${a.decision}></vscode-icon>` : nothing}
    </div>`;
  }
}

customElements.define('review-list', ReviewList);
