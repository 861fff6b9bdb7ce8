// The review app's bars, as templates of plain data and callbacks (review-app.ts holds
// the state): the filter/sort/group bar, the counts by attempt and by sample, the audit
// form and its progress, the bulk confirmation; and the app's styles.
import { css, html, nothing, type TemplateResult } from 'lit';
import type { Decision, ReviewCounts, ReviewFilter, ReviewGroupBy } from '../../src/shared/reviewProtocol.js';

const value = (e: Event): string => (e.target as HTMLInputElement).value;

export interface BarHandlers {
  setFilter(change: Partial<ReviewFilter>): void;
  setGroupBy(by: ReviewGroupBy | ''): void;
  confirm(decision: Exclude<Decision, 'clear'>): void;
  toggleAudit(): void;
}

/** Filters, sort, groups, bulk decisions and the audit button. */
export function filterBar(filter: ReviewFilter, groupBy: ReviewGroupBy | '', total: number, hidden: boolean, h: BarHandlers): TemplateResult {
  return html`<span class="filters" ?hidden=${hidden}>
    <vscode-single-select aria-label="verdict" .value=${filter.verdict ?? ''} @change=${(e: Event) => h.setFilter({ verdict: (value(e) || undefined) as ReviewFilter['verdict'] })}>
      <vscode-option value="">any verdict</vscode-option><vscode-option value="passed">passed</vscode-option>
      <vscode-option value="failed">failed</vscode-option><vscode-option value="unverified">not verified</vscode-option>
    </vscode-single-select>
    <vscode-single-select aria-label="stage" .value=${filter.stage ?? ''} @change=${(e: Event) => h.setFilter({ stage: (value(e) || undefined) as ReviewFilter['stage'] })}>
      <vscode-option value="">any stage</vscode-option><vscode-option value="answer">direct</vscode-option><vscode-option value="rationalize">rationalized</vscode-option>
    </vscode-single-select>
    <vscode-single-select aria-label="review" .value=${filter.review ?? ''} @change=${(e: Event) => h.setFilter({ review: (value(e) || undefined) as ReviewFilter['review'] })}>
      <vscode-option value="">any review</vscode-option><vscode-option value="unreviewed">unreviewed</vscode-option>
      <vscode-option value="accepted">accepted</vscode-option><vscode-option value="rejected">rejected</vscode-option>
    </vscode-single-select>
    <vscode-textfield placeholder="label value" .value=${filter.label ?? ''} @change=${(e: Event) => h.setFilter({ label: value(e) || undefined })}></vscode-textfield>
    <vscode-single-select aria-label="sort" .value=${filter.sort ?? ''} @change=${(e: Event) => h.setFilter({ sort: (value(e) || undefined) as ReviewFilter['sort'] })}>
      <vscode-option value="">log order</vscode-option><vscode-option value="label">by label value</vscode-option>
      <vscode-option value="sample">by sample (direct, then rationalized)</vscode-option><vscode-option value="stage">by stage</vscode-option>
      <vscode-option value="confidence">least confident first</vscode-option>
    </vscode-single-select>
    <vscode-single-select aria-label="group" .value=${groupBy} @change=${(e: Event) => h.setGroupBy(value(e) as ReviewGroupBy | '')}>
      <vscode-option value="">no groups</vscode-option><vscode-option value="label">groups: label value</vscode-option>
      <vscode-option value="labelType">groups: label type</vscode-option><vscode-option value="stage">groups: stage</vscode-option><vscode-option value="verdict">groups: verdict</vscode-option>
    </vscode-single-select>
    <vscode-button secondary @click=${() => h.confirm('accept')} ?disabled=${total === 0}>Accept all ${total}</vscode-button>
    <vscode-button secondary @click=${() => h.confirm('reject')} ?disabled=${total === 0}>Reject all ${total}</vscode-button>
    <vscode-button secondary data-testid="audit-open" @click=${() => h.toggleAudit()} title="Draw a stratified random sample of kept and rejected answers to review">Audit…</vscode-button>
  </span>`;
}

/** Counts by attempt (every answer, direct or rationalized) and by sample (one question about a clip), labelled as such. */
export function countsView(c: ReviewCounts | undefined, cycle: number | null, showing: number, compact: boolean): TemplateResult {
  if (compact && c) {
    // The side view: one short line.
    return html`<div class="counts" data-testid="counts" title=${`attempts: ${c.total}, ${c.passed} passed, ${c.failed} failed, ${c.accepted} accepted, ${c.rejected} rejected; samples: ${c.samples.total}`}>
      <span>cycle <b>${cycle}</b> · <b>${c.unreviewed}</b> unreviewed of <b>${c.total}</b> attempts (${c.samples.total} samples)</span></div>`;
  }
  return html`<div class="counts" data-testid="counts">
      <span>cycle <b>${cycle}</b></span>
      ${c
        ? html`<span class="what">attempts:</span><span><b>${c.total}</b> attempts</span><span><b>${c.passed}</b> passed</span><span><b>${c.failed}</b> failed</span>
            <span><b>${c.rationalized}</b> rationalized</span><span><b>${c.accepted}</b> accepted</span>
            <span><b>${c.rejected}</b> rejected</span><span><b>${c.unreviewed}</b> unreviewed</span>`
        : nothing}
      <span>· showing <b>${showing}</b></span>
    </div>
    ${c
      ? html`<div class="counts" data-testid="sample-counts"><span class="what">samples:</span><span><b>${c.samples.total}</b> samples</span>
          <span><b>${c.samples.passedDirect}</b> passed directly</span><span><b>${c.samples.passedRationalized}</b> passed after rationalization</span>
          <span><b>${c.samples.failed}</b> never passed</span>${c.samples.unverified ? html`<span><b>${c.samples.unverified}</b> not verified</span>` : nothing}</div>`
      : nothing}`;
}

export interface AuditHandlers {
  draw(): void;
  cancel(): void;
  walk(): void;
  leave(): void;
}

/** The audit form (how many kept and rejected to draw) and the audit's progress. */
export function auditView(form: boolean, audit: ReviewCounts['audit'], walking: boolean, draw: { kept: number; rejected: number }, h: AuditHandlers): TemplateResult {
  return html`${form
    ? html`<div class="audit" data-testid="audit-form">
        <span>Audit</span>
        <input type="number" min="1" aria-label="kept answers to audit" .value=${String(draw.kept)} @change=${(e: Event) => (draw.kept = Number(value(e)))} />
        <span>kept and</span>
        <input type="number" min="0" aria-label="rejected answers to audit" .value=${String(draw.rejected)} @change=${(e: Event) => (draw.rejected = Number(value(e)))} />
        <span>rejected answers, drawn at random per label type and value</span>
        <vscode-button data-testid="audit-draw" @click=${() => h.draw()}>Draw</vscode-button>
        <vscode-button secondary @click=${() => h.cancel()}>Cancel</vscode-button>
      </div>`
    : nothing}
  ${audit
    ? html`<div class="audit" data-testid="audit-progress">
        <span>Audit</span><progress max=${audit.total} .value=${audit.reviewed}></progress><span><b>${audit.reviewed}</b> of <b>${audit.total}</b> decided</span>
        ${walking
          ? html`<vscode-button secondary @click=${() => h.leave()}>Leave the audit</vscode-button><span class="hint">n: next undecided</span>`
          : html`<vscode-button secondary @click=${() => h.walk()}>Walk the audit</vscode-button>`}
      </div>`
    : nothing}`;
}

export function confirmView(decision: 'accept' | 'reject', total: number, h: { yes(d: 'accept' | 'reject'): void; no(): void }): TemplateResult {
  const verb = decision === 'accept' ? 'Accept' : 'Reject';
  return html`<div class="confirm" role="alertdialog">
    <span>${verb} all ${total} attempts that match this filter?</span>
    <vscode-button @click=${() => h.yes(decision)}>${verb} ${total}</vscode-button>
    <vscode-button secondary @click=${() => h.no()}>Cancel</vscode-button>
  </div>`;
}

export const appStyles = css`
    :host { display: flex; flex-direction: column; height: 100vh; box-sizing: border-box; }
    .bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px 8px; border-bottom: 1px solid var(--vscode-widget-border, #8884); }
    .counts { display: flex; flex-wrap: wrap; gap: 10px; padding: 4px 8px; color: var(--vscode-descriptionForeground); }
    .counts b { color: var(--vscode-foreground); }
    .main { flex: 1; display: flex; min-height: 0; }
    review-list { flex: 0 0 46%; min-width: 220px; border-right: 1px solid var(--vscode-widget-border, #8884); }
    attempt-view { flex: 1; min-width: 0; }
    :host([compact]) .main { flex-direction: column; }
    :host([compact]) review-list { flex: 0 0 30%; min-height: 80px; border-right: none; border-top: 1px solid var(--vscode-widget-border, #8884); }
    .confirm { padding: 6px 8px; background: var(--vscode-inputValidation-warningBackground); display: flex; gap: 8px; align-items: center; }
    .error { padding: 6px 8px; color: var(--vscode-errorForeground); }
    .empty { padding: 12px; color: var(--vscode-descriptionForeground); }
    .filters { display: contents; }
    .filters[hidden] { display: none; }
    /* The side view shows the attempt first; filters and bulk actions live in the full panel. */
    :host([compact]) .filters { display: none; }
    :host([compact]) attempt-view { order: -1; }
    vscode-single-select { width: 130px; }
    vscode-textfield { width: 140px; }
    .tabs { display: flex; gap: 2px; }
    .tabs button { background: none; border: none; border-bottom: 2px solid transparent; color: var(--vscode-foreground); padding: 3px 8px; cursor: pointer; }
    .tabs button.on { border-bottom-color: var(--vscode-focusBorder); font-weight: 600; }
    .counts .what { font-style: italic; }
    .groups { display: flex; gap: 4px; flex-wrap: wrap; padding: 2px 8px 4px; max-height: 56px; overflow: auto; }
    .groups button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; border-radius: 10px; padding: 1px 8px; cursor: pointer; font-size: 0.9em; }
    .audit { display: flex; gap: 6px; align-items: center; padding: 2px 8px; flex-wrap: wrap; }
    .audit progress { width: 160px; }
    .audit input { width: 56px; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, #8886); }
    quality-view { flex: 1; min-height: 0; }
    .iconbtn { background: none; border: none; color: var(--vscode-foreground); cursor: pointer; padding: 2px 6px; }
    /* The side view (~300 px): one column, no sideways scroll, the buttons in reach. */
    :host([compact]) .bar { padding: 4px; gap: 4px; }
    :host([compact]) .counts { gap: 6px; font-size: 0.9em; padding: 2px 4px; }
    :host([compact]) review-list { flex: 1 1 40%; min-width: 0; }
    :host([compact]) attempt-view { flex: 0 1 auto; max-height: 60%; }
    :host([compact]) .groups { display: none; }
`;
