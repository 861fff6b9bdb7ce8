// The review app: filter bar, live counts, the virtualized list and the selected attempt.
// Keyboard: j/k move, a accept, r reject, u undo. Bulk accept/reject of everything the
// filter matches, after a confirmation. A decision shows as saved only when the host says
// it is in the review log (`review/decision/saved`); until then the row says "saving…".
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { AttemptSummary, Decision, HostMessage, ReviewCounts, ReviewFilter, WebviewAttempt } from '../../src/shared/reviewProtocol.js';
import { actions, loadUiState, onHost, saveUiState } from './actions.js';
import type { ReviewList } from './review-list.js';

const PAGE = 100;

export class ReviewApp extends LitElement {
  static override properties = {
    cycle: { state: true },
    compact: { state: true },
    filter: { state: true },
    total: { state: true },
    rows: { state: true },
    selected: { state: true },
    attempt: { state: true },
    counts: { state: true },
    saving: { state: true },
    confirming: { state: true },
    error: { state: true },
  };

  declare cycle: number | null;
  declare compact: boolean;
  declare filter: ReviewFilter;
  declare total: number;
  declare rows: Map<number, AttemptSummary>;
  declare selected: number;
  declare attempt: WebviewAttempt | undefined;
  declare counts: ReviewCounts | undefined;
  declare saving: Set<string>;
  declare confirming: Exclude<Decision, 'clear'> | undefined;
  declare error: string | undefined;
  private seq = 0;
  /** An attempt the host asked to show (from the editor), which may not be in the list. */
  private pinnedId: string | undefined;
  private requested = new Set<number>();
  private restoreId: string | undefined;
  /** After a reload, the list position to select when the restored id is not found. */
  private keepIndex = 0;
  private unlisten: (() => void) | undefined;

  constructor() {
    super();
    const s = loadUiState();
    this.cycle = s?.cycle ?? null;
    this.compact = false;
    this.filter = s?.filter ?? {};
    this.restoreId = s?.selectedId;
    this.total = 0;
    this.rows = new Map();
    this.selected = -1;
    this.attempt = undefined;
    this.counts = undefined;
    this.saving = new Set();
    this.confirming = undefined;
    this.error = undefined;
  }

  static override styles = css`
    :host { display: flex; flex-direction: column; height: 100vh; box-sizing: border-box; }
    .bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px 8px; border-bottom: 1px solid var(--vscode-widget-border, #8884); }
    .counts { display: flex; flex-wrap: wrap; gap: 10px; padding: 4px 8px; color: var(--vscode-descriptionForeground); }
    .counts b { color: var(--vscode-foreground); }
    .main { flex: 1; display: flex; min-height: 0; }
    review-list { flex: 0 0 38%; min-width: 220px; border-right: 1px solid var(--vscode-widget-border, #8884); }
    attempt-view { flex: 1; min-width: 0; }
    :host([compact]) .main { flex-direction: column; }
    :host([compact]) review-list { flex: 0 0 30%; min-height: 80px; border-right: none; border-top: 1px solid var(--vscode-widget-border, #8884); }
    .confirm { padding: 6px 8px; background: var(--vscode-inputValidation-warningBackground); display: flex; gap: 8px; align-items: center; }
    .error { padding: 6px 8px; color: var(--vscode-errorForeground); }
    .empty { padding: 12px; color: var(--vscode-descriptionForeground); }
    .filters { display: contents; }
    /* The side view shows the attempt first; filters and bulk actions live in the full panel. */
    :host([compact]) .filters { display: none; }
    :host([compact]) attempt-view { order: -1; }
    vscode-single-select { width: 130px; }
    vscode-textfield { width: 140px; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unlisten = onHost((m) => this.onMessage(m));
    window.addEventListener('keydown', this.onKey);
    actions.ready();
  }

  override disconnectedCallback(): void {
    this.unlisten?.();
    window.removeEventListener('keydown', this.onKey);
    super.disconnectedCallback();
  }

  private onMessage(m: HostMessage): void {
    switch (m.type) {
      case 'review/init':
        if (m.cycle !== this.cycle) this.restoreId = undefined;
        this.cycle = m.cycle;
        this.compact = m.compact;
        this.toggleAttribute('compact', m.compact);
        this.reload();
        break;
      case 'review/page':
        if (m.seq !== this.seq) return;
        this.total = m.total;
        {
          const rows = new Map(this.rows);
          m.items.forEach((a, k) => rows.set(m.offset + k, a));
          this.rows = rows;
        }
        if (this.selected === -1 && m.offset === 0 && this.pinnedId) {
          const i = m.items.findIndex((a) => a.id === this.pinnedId);
          if (i !== -1) this.selected = i;
          if (!this.attempt) actions.requestAttempt(this.pinnedId);
        } else if (this.selected === -1 && m.offset === 0) {
          const i = this.restoreId ? m.items.findIndex((a) => a.id === this.restoreId) : -1;
          this.restoreId = undefined;
          if (m.total > 0) this.select(i !== -1 ? i : Math.min(this.keepIndex, m.total - 1));
        } else if (this.selected >= m.offset && this.selected < m.offset + m.items.length && !this.attempt) {
          this.select(this.selected);
        }
        break;
      case 'review/attempt':
        if (m.attempt.id === (this.pinnedId ?? this.rows.get(this.selected)?.id)) this.attempt = m.attempt;
        break;
      case 'review/select': {
        this.pinnedId = m.id;
        this.attempt = undefined;
        for (const [i, a] of this.rows) if (a.id === m.id) this.selected = i;
        actions.requestAttempt(m.id);
        break;
      }
      case 'review/decision/saved':
        this.onSaved(m.ids, m.decision);
        break;
      case 'review/counts':
        this.counts = m.counts;
        break;
      case 'review/error':
        this.error = m.message;
        this.saving = new Set();
        break;
    }
  }

  private onSaved(ids: string[], decision: Decision): void {
    const done = new Set(ids);
    const saving = new Set(this.saving);
    for (const id of ids) saving.delete(id);
    this.saving = saving;
    const d = decision === 'clear' ? null : decision;
    if (this.filter.review) return this.reload(); // the decision may move rows out of (or into) the list
    const rows = new Map(this.rows);
    for (const [i, a] of rows) if (done.has(a.id)) rows.set(i, { ...a, decision: d });
    this.rows = rows;
    if (this.attempt && done.has(this.attempt.id)) this.attempt = { ...this.attempt, decision: d };
  }

  /** Drops the rows and asks for the first page again (new filter, cycle, or membership). */
  private reload(): void {
    this.seq++;
    this.rows = new Map();
    this.requested.clear();
    if (!this.pinnedId) this.attempt = undefined;
    this.keepIndex = Math.max(0, this.selected);
    this.selected = -1;
    if (this.cycle === null) return;
    this.requestPage(0);
    this.persist();
  }

  private requestPage(page: number): void {
    if (this.requested.has(page)) return;
    this.requested.add(page);
    actions.requestPage(this.seq, page * PAGE, PAGE, this.filter);
  }

  private onNeedRows(e: CustomEvent<{ first: number; last: number }>): void {
    for (let p = Math.floor(e.detail.first / PAGE); p * PAGE < e.detail.last; p++) this.requestPage(p);
  }

  private select(i: number): void {
    if (i < 0 || i >= this.total) return;
    this.pinnedId = undefined;
    this.selected = i;
    const row = this.rows.get(i);
    if (this.attempt?.id !== row?.id) this.attempt = undefined;
    if (row) actions.requestAttempt(row.id);
    else this.requestPage(Math.floor(i / PAGE));
    void this.updateComplete.then(() => this.renderRoot.querySelector<ReviewList>('review-list')?.reveal(i));
    this.persist();
  }

  private decide(decision: Exclude<Decision, 'clear'>): void {
    const id = this.pinnedId ?? this.rows.get(this.selected)?.id;
    if (!id) return;
    this.saving = new Set(this.saving).add(id);
    actions.decide([id], decision);
    if (this.pinnedId) return; // shown from the editor: stay on it
    // Move on to the next attempt, as a reviewer going down the list expects.
    if (!this.filter.review) this.select(Math.min(this.selected + 1, this.total - 1));
  }

  private onKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const path = e.composedPath();
    if (path.some((t) => t instanceof HTMLElement && /^(INPUT|TEXTAREA|VSCODE-TEXTFIELD|VSCODE-SINGLE-SELECT)$/.test(t.tagName))) return;
    const key = e.key;
    if (key === 'j' || key === 'ArrowDown') this.select(this.selected + 1);
    else if (key === 'k' || key === 'ArrowUp') this.select(this.selected - 1);
    else if (key === 'a') this.decide('accept');
    else if (key === 'r') this.decide('reject');
    else if (key === 'u') actions.undo();
    else return;
    e.preventDefault();
  };

  private setFilter(change: Partial<ReviewFilter>): void {
    const f: ReviewFilter = { ...this.filter, ...change };
    for (const k of Object.keys(f) as Array<keyof ReviewFilter>) if (!f[k]) delete f[k];
    this.filter = f;
    this.confirming = undefined;
    this.reload();
  }

  private persist(): void {
    const id = this.rows.get(this.selected)?.id;
    saveUiState({ cycle: this.cycle, filter: this.filter, ...(id ? { selectedId: id } : {}) });
  }

  override render(): TemplateResult {
    if (this.cycle === null) {
      return html`<div class="empty">No cycle to review yet. Run <b>Video-STaR: Open Review</b> and pick a cycle.</div>`;
    }
    const c = this.counts;
    const sel = (e: Event): string => (e.target as HTMLInputElement).value;
    return html`
      <div class="bar">
        <span class="filters">
        <vscode-single-select aria-label="verdict" .value=${this.filter.verdict ?? ''} @change=${(e: Event) => this.setFilter({ verdict: (sel(e) || undefined) as ReviewFilter['verdict'] })}>
          <vscode-option value="">any verdict</vscode-option><vscode-option value="passed">passed</vscode-option>
          <vscode-option value="failed">failed</vscode-option><vscode-option value="unverified">not verified</vscode-option>
        </vscode-single-select>
        <vscode-single-select aria-label="stage" .value=${this.filter.stage ?? ''} @change=${(e: Event) => this.setFilter({ stage: (sel(e) || undefined) as ReviewFilter['stage'] })}>
          <vscode-option value="">any stage</vscode-option><vscode-option value="answer">direct</vscode-option><vscode-option value="rationalize">rationalized</vscode-option>
        </vscode-single-select>
        <vscode-single-select aria-label="review" .value=${this.filter.review ?? ''} @change=${(e: Event) => this.setFilter({ review: (sel(e) || undefined) as ReviewFilter['review'] })}>
          <vscode-option value="">any review</vscode-option><vscode-option value="unreviewed">unreviewed</vscode-option>
          <vscode-option value="accepted">accepted</vscode-option><vscode-option value="rejected">rejected</vscode-option>
        </vscode-single-select>
        <vscode-textfield placeholder="label value" .value=${this.filter.label ?? ''} @change=${(e: Event) => this.setFilter({ label: sel(e) || undefined })}></vscode-textfield>
        <vscode-button secondary @click=${() => (this.confirming = 'accept')} ?disabled=${this.total === 0}>Accept all ${this.total}</vscode-button>
        <vscode-button secondary @click=${() => (this.confirming = 'reject')} ?disabled=${this.total === 0}>Reject all ${this.total}</vscode-button>
        </span>
        ${this.compact ? html`<vscode-button secondary @click=${() => actions.openPanel()} title="Open the full review"><vscode-icon name="link-external" slot="content-before"></vscode-icon>Open full review</vscode-button>` : nothing}
      </div>
      ${this.confirming ? this.renderConfirm(this.confirming) : nothing}
      ${this.error ? html`<div class="error">${this.error}</div>` : nothing}
      <div class="counts" data-testid="counts">
        <span>cycle <b>${this.cycle}</b></span>
        ${c
          ? html`<span><b>${c.total}</b> attempts</span><span><b>${c.passed}</b> passed</span><span><b>${c.failed}</b> failed</span>
              <span><b>${c.rationalized}</b> rationalized</span><span><b>${c.accepted}</b> accepted</span>
              <span><b>${c.rejected}</b> rejected</span><span><b>${c.unreviewed}</b> unreviewed</span>`
          : nothing}
        <span>· showing <b>${this.total}</b></span>
      </div>
      <div class="main">
        <review-list .total=${this.total} .rows=${this.rows} .selected=${this.selected} .saving=${this.saving}
          @need-rows=${this.onNeedRows} @select=${(e: CustomEvent<{ index: number }>) => this.select(e.detail.index)}></review-list>
        <attempt-view .attempt=${this.attempt} ?loading=${this.selected !== -1 && !this.attempt} ?saving=${this.attempt ? this.saving.has(this.attempt.id) : false}
          @accept=${() => this.decide('accept')} @reject=${() => this.decide('reject')} @undo=${() => actions.undo()}></attempt-view>
      </div>
    `;
  }

  private renderConfirm(decision: 'accept' | 'reject'): TemplateResult {
    return html`<div class="confirm" role="alertdialog">
      <span>${decision === 'accept' ? 'Accept' : 'Reject'} all ${this.total} attempts that match this filter?</span>
      <vscode-button @click=${() => { actions.decideAll(this.filter, decision); this.confirming = undefined; }}>${decision === 'accept' ? 'Accept' : 'Reject'} ${this.total}</vscode-button>
      <vscode-button secondary @click=${() => (this.confirming = undefined)}>Cancel</vscode-button>
    </div>`;
  }
}

customElements.define('review-app', ReviewApp);
