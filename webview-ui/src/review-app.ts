// The review app: filter, sort and group bar, live counts (by attempt and by sample), the
// virtualized list and the selected attempt; the audit with its progress; the Filter
// Quality view; the task guidelines and the `?` key list (review-extras.ts has the keys).
// Bulk accept/reject of everything the filter matches, after a confirmation. A decision
// shows as saved only when the host says it is in the review log
// (`review/decision/saved`); until then the row says "saving…". Attempts next to the
// selection are fetched ahead, so j/k show the next one without waiting for the host;
// each move is measured (performance.measure 'vstar:row': key to the attempt drawn).
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { AttemptSummary, CycleFilterReport, Decision, HostMessage, ReviewCounts, ReviewFilter, ReviewGroup, ReviewGroupBy, WebviewAttempt } from '../../src/shared/reviewProtocol.js';
import { actions, loadUiState, onHost, saveUiState } from './actions.js';
import type { AttemptView } from './attempt-view.js';
import type { ReviewList } from './review-list.js';
import { keyAction, type KeyAction } from './review-extras.js';
import { appStyles, auditView, confirmView, countsView, filterBar } from './review-parts.js';

const PAGE = 100;
/** Attempts kept in the webview (the ones around the selection). */
const CACHE = 64;
/** Attempts fetched ahead in the direction of travel. */
const AHEAD = 3;

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
    tab: { state: true },
    report: { state: true },
    groupBy: { state: true },
    groups: { state: true },
    guidelines: { state: true },
    showGuidelines: { state: true },
    showKeys: { state: true },
    auditForm: { state: true },
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
  declare tab: 'review' | 'quality';
  declare report: CycleFilterReport | undefined;
  declare groupBy: ReviewGroupBy | '';
  declare groups: ReviewGroup[];
  declare guidelines: Array<{ task: string; markdown: string }>;
  declare showGuidelines: boolean;
  declare showKeys: boolean;
  declare auditForm: boolean;
  /** What the audit form holds (kept across renders). */
  private auditDraw = { kept: 100, rejected: 25 };
  private seq = 0;
  private groupSeq = 0;
  private cache = new Map<string, WebviewAttempt>();
  private asked = new Set<string>();
  /** The last move's start (performance.now()), until its attempt is drawn. */
  private moveStart: number | undefined;
  private direction = 1;
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
    this.tab = s?.tab ?? 'review';
    this.report = undefined;
    this.groupBy = s?.groupBy ?? '';
    this.groups = [];
    this.guidelines = [];
    this.showGuidelines = false;
    this.showKeys = false;
    this.auditForm = false;
  }

  static override styles = appStyles;

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
        this.guidelines = m.guidelines ?? [];
        this.toggleAttribute('compact', m.compact);
        this.cache.clear();
        this.asked.clear();
        this.reload();
        if (this.tab === 'quality') actions.requestReport();
        break;
      case 'review/groups':
        if (m.seq === this.groupSeq) this.groups = m.groups;
        break;
      case 'review/report':
        this.report = m.report;
        break;
      case 'review/audit/started':
        this.auditForm = false;
        this.walkAudit();
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
          const restore = this.restoreId;
          this.restoreId = undefined;
          if (restore && i === -1 && !this.attempt) {
            // The attempt shown before the view was rebuilt is further down (or filtered out): show it pinned, as asked.
            this.onMessage({ type: 'review/select', id: restore });
          } else if (m.total > 0) this.select(i !== -1 ? i : Math.min(this.keepIndex, m.total - 1));
        } else if (this.selected >= m.offset && this.selected < m.offset + m.items.length && !this.attempt) {
          this.select(this.selected);
        }
        break;
      case 'review/attempt':
        this.remember(m.attempt);
        if (m.attempt.id === (this.pinnedId ?? this.rows.get(this.selected)?.id)) this.attempt = m.attempt;
        break;
      case 'review/select': {
        this.pinnedId = m.id;
        this.tab = 'review';
        this.attempt = this.cache.get(m.id);
        for (const [i, a] of this.rows) if (a.id === m.id) this.selected = i;
        this.ask(m.id, true);
        actions.selection(m.id);
        this.persist();
        break;
      }
      case 'review/decision/saved':
        this.onSaved(m.ids, m.decision);
        break;
      case 'review/counts':
        this.counts = m.counts;
        if (this.groupBy) this.requestGroups();
        if (this.tab === 'quality') actions.requestReport();
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
    for (const id of ids) {
      const c = this.cache.get(id);
      if (c) this.cache.set(id, { ...c, decision: d });
    }
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
    if (this.groupBy) this.requestGroups();
    this.persist();
  }

  private requestGroups(): void {
    if (!this.groupBy) return;
    actions.requestGroups(++this.groupSeq, this.groupBy, this.filter);
  }

  /** Keeps an attempt for later moves (the last CACHE). */
  private remember(a: WebviewAttempt): void {
    this.cache.delete(a.id);
    this.cache.set(a.id, a);
    this.asked.delete(a.id);
    if (this.cache.size > CACHE) this.cache.delete(this.cache.keys().next().value!);
  }

  /** Asks the host for an attempt once (again when `fresh`: its decision may have changed elsewhere). */
  private ask(id: string, fresh = false): void {
    if (!fresh && (this.cache.has(id) || this.asked.has(id))) return;
    this.asked.add(id);
    actions.requestAttempt(id);
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
    if (this.selected !== -1) this.direction = i < this.selected ? -1 : 1;
    this.pinnedId = undefined;
    this.selected = i;
    this.moveStart = performance.now();
    const row = this.rows.get(i);
    if (this.attempt?.id !== row?.id) this.attempt = row ? this.cache.get(row.id) : undefined;
    if (row) {
      this.ask(row.id);
      actions.selection(row.id);
    } else this.requestPage(Math.floor(i / PAGE));
    // Ahead, in the direction of travel (and one behind).
    for (let k = 1; k <= AHEAD; k++) {
      const ahead = this.rows.get(i + k * this.direction);
      if (ahead) this.ask(ahead.id);
    }
    const behind = this.rows.get(i - this.direction);
    if (behind) this.ask(behind.id);
    void this.updateComplete.then(() => this.renderRoot.querySelector<ReviewList>('review-list')?.reveal(i));
    this.persist();
  }

  override updated(): void {
    // A move is done when its attempt is drawn: measured from the key (or click).
    const start = this.moveStart;
    if (start === undefined || !this.attempt || this.attempt.id !== this.rows.get(this.selected)?.id) return;
    this.moveStart = undefined;
    const view = this.renderRoot.querySelector<AttemptView>('attempt-view');
    void (view ? view.updateComplete : Promise.resolve()).then(() => {
      performance.measure('vstar:row', { start, end: performance.now() });
    });
  }

  /** The next attempt with no decision, after the selection (`n`). */
  private nextUnreviewed(): void {
    for (let i = this.selected + 1; i < this.total; i++) {
      const r = this.rows.get(i);
      if (!r) {
        this.select(i); // not loaded yet: go there, its page is on its way
        return;
      }
      if (r.decision === null && !this.saving.has(r.id)) return this.select(i);
    }
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
    if (path.some((t) => t instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT|VSCODE-TEXTFIELD|VSCODE-SINGLE-SELECT)$/.test(t.tagName))) return;
    const action = keyAction(e.key);
    if (!action || (action === 'close' && !this.showKeys)) return;
    const view = this.renderRoot.querySelector<AttemptView>('attempt-view');
    const anyTab: Partial<Record<KeyAction, () => void>> = {
      keys: () => (this.showKeys = !this.showKeys),
      close: () => (this.showKeys = false),
      quality: () => this.switchTab(this.tab === 'quality' ? 'review' : 'quality'),
      guidelines: () => (this.showGuidelines = !this.showGuidelines),
    };
    const rates = [0.25, 0.5, 1, 1.5, 2];
    const rate = (d: number): void => view?.setRate(rates[Math.max(0, Math.min(rates.length - 1, rates.indexOf(view.rate) + d))] ?? 1);
    const reviewTab: Partial<Record<KeyAction, () => void>> = {
      next: () => this.select(this.selected + 1),
      prev: () => this.select(this.selected - 1),
      nextUnreviewed: () => this.nextUnreviewed(),
      accept: () => this.decide('accept'),
      reject: () => this.decide('reject'),
      undo: () => actions.undo(),
      play: () => view?.togglePlay(),
      frameBack: () => view?.step(-1),
      frameOn: () => view?.step(1),
      slower: () => rate(-1),
      faster: () => rate(1),
    };
    const run = anyTab[action] ?? (this.tab === 'review' ? reviewTab[action] : undefined);
    if (!run) return;
    run();
    e.preventDefault();
  };

  /** The audit's list, from its first attempt (not the list position of the list before). */
  private walkAudit(): void {
    this.selected = -1;
    this.setFilter({ audit: true, review: undefined });
  }

  private switchTab(tab: 'review' | 'quality'): void {
    this.tab = tab;
    if (tab === 'quality') actions.requestReport();
    this.persist();
  }

  private setGroupBy(by: ReviewGroupBy | ''): void {
    this.groupBy = by;
    this.groups = [];
    this.requestGroups();
    this.persist();
  }

  /** A group chip narrows the list to its group. */
  private pickGroup(g: ReviewGroup): void {
    if (this.groupBy === 'label') this.setFilter({ label: g.value });
    else if (this.groupBy === 'stage') this.setFilter({ stage: g.value === 'direct' ? 'answer' : 'rationalize' });
    else if (this.groupBy === 'verdict') this.setFilter({ verdict: g.value === 'passed' ? 'passed' : g.value === 'failed' ? 'failed' : 'unverified' });
  }

  private setFilter(change: Partial<ReviewFilter>): void {
    const f: ReviewFilter = { ...this.filter, ...change };
    for (const k of Object.keys(f) as Array<keyof ReviewFilter>) if (!f[k]) delete f[k];
    this.filter = f;
    this.confirming = undefined;
    this.reload();
  }

  private persist(): void {
    const id = this.pinnedId ?? this.rows.get(this.selected)?.id;
    saveUiState({ cycle: this.cycle, filter: this.filter, tab: this.tab, ...(this.groupBy ? { groupBy: this.groupBy } : {}), ...(id ? { selectedId: id } : {}) });
  }

  override render(): TemplateResult {
    if (this.cycle === null) {
      return html`<div class="empty">No cycle to review yet. Run <b>Video-STaR: Open Review</b> and pick a cycle.</div>`;
    }
    return html`
      <div class="bar">
        <span class="tabs" role="tablist">
          <button class=${this.tab === 'review' ? 'on' : ''} role="tab" aria-selected=${this.tab === 'review'} @click=${() => this.switchTab('review')}>Review</button>
          <button class=${this.tab === 'quality' ? 'on' : ''} role="tab" aria-selected=${this.tab === 'quality'} data-testid="tab-quality" @click=${() => this.switchTab('quality')}>Filter Quality</button>
        </span>
        ${filterBar(this.filter, this.groupBy, this.total, this.tab !== 'review', {
          setFilter: (c) => this.setFilter(c),
          setGroupBy: (by) => this.setGroupBy(by),
          confirm: (d) => (this.confirming = d),
          toggleAudit: () => (this.auditForm = !this.auditForm),
        })}
        <button class="iconbtn" title="Guidelines (g)" @click=${() => (this.showGuidelines = !this.showGuidelines)}><vscode-icon name="book"></vscode-icon></button>
        <button class="iconbtn" title="Keys (?)" data-testid="keys-button" @click=${() => (this.showKeys = !this.showKeys)}>?</button>
        ${this.compact ? html`<vscode-button secondary @click=${() => actions.openPanel()} title="Open the full review"><vscode-icon name="link-external" slot="content-before"></vscode-icon>Open full review</vscode-button>` : nothing}
      </div>
      ${this.showGuidelines ? html`<guidelines-view .guidelines=${this.guidelines}></guidelines-view>` : nothing}
      ${this.confirming
        ? confirmView(this.confirming, this.total, {
            yes: (d) => {
              actions.decideAll(this.filter, d);
              this.confirming = undefined;
            },
            no: () => (this.confirming = undefined),
          })
        : nothing}
      ${this.error ? html`<div class="error">${this.error}</div>` : nothing}
      ${auditView(this.auditForm, this.counts?.audit, Boolean(this.filter.audit), this.auditDraw, {
        draw: () => actions.startAudit(Math.max(1, this.auditDraw.kept | 0), Math.max(0, this.auditDraw.rejected | 0)),
        cancel: () => (this.auditForm = false),
        walk: () => this.walkAudit(),
        leave: () => this.setFilter({ audit: undefined }),
      })}
      ${countsView(this.counts, this.cycle, this.total, this.compact)}
      ${this.groupBy && this.tab === 'review' ? html`<div class="groups" data-testid="groups">${this.groups.map((g) => html`<button title="show only this group" @click=${() => this.pickGroup(g)}>${g.value} · ${g.attempts} attempts · ${g.samples} samples</button>`)}</div>` : nothing}
      ${this.tab === 'quality'
        ? html`<quality-view .report=${this.report} ?loading=${!this.report} @refresh=${() => actions.requestReport()}
            @open-attempt=${(e: CustomEvent<{ id: string }>) => this.onMessage({ type: 'review/select', id: e.detail.id })}></quality-view>`
        : html`<div class="main">
        <review-list .total=${this.total} .rows=${this.rows} .selected=${this.selected} .saving=${this.saving}
          @need-rows=${this.onNeedRows} @select=${(e: CustomEvent<{ index: number }>) => this.select(e.detail.index)}></review-list>
        <attempt-view .attempt=${this.attempt} ?loading=${this.selected !== -1 && !this.attempt} ?saving=${this.attempt ? this.saving.has(this.attempt.id) : false}
          @accept=${() => this.decide('accept')} @reject=${() => this.decide('reject')} @undo=${() => actions.undo()}></attempt-view>
      </div>`}
      ${this.showKeys ? html`<keys-overlay @click=${() => (this.showKeys = false)}></keys-overlay>` : nothing}
    `;
  }
}

customElements.define('review-app', ReviewApp);
