// The Filter Quality view: the filter measured by the review decisions (the same report
// as `vstar review report --json`): per label type and per field how many were reviewed,
// the precision of what the filter kept and the miss rate of what it rejected, each with
// its 95% interval drawn as a bar; the audit's own figures; what another threshold would
// have kept; and the disagreements, each a link to the attempt.
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { CycleFilterReport } from '../../src/shared/reviewProtocol.js';

type Group = CycleFilterReport['overall'] & { labelType?: string };
type Rate = NonNullable<Group['keptPrecision']>;

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const show = (v: unknown): string => (v === undefined ? '—' : v === null ? 'nothing' : typeof v === 'string' ? v : JSON.stringify(v));

export class QualityView extends LitElement {
  static override properties = { report: { attribute: false }, loading: { type: Boolean } };
  declare report: CycleFilterReport | undefined;
  declare loading: boolean;

  constructor() {
    super();
    this.report = undefined;
    this.loading = false;
  }

  static override styles = css`
    :host { display: block; padding: 8px 12px; overflow: auto; box-sizing: border-box; }
    h3 { margin: 12px 0 4px; font-size: 1em; }
    .hint { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
    table { border-collapse: collapse; width: 100%; margin-top: 4px; }
    th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--vscode-widget-border, #8884); vertical-align: middle; }
    td.n { text-align: right; font-variant-numeric: tabular-nums; }
    .rate { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
    meter { width: 90px; height: 10px; }
    .ci { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
    ul { margin: 4px 0; padding-left: 18px; }
    li { margin: 2px 0; }
    a { color: var(--vscode-textLink-foreground); cursor: pointer; }
    .kr { color: var(--vscode-testing-iconFailed, #c72e0f); }
    .ra { color: var(--vscode-editorWarning-foreground, #cca700); }
    .top { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  `;

  override render(): TemplateResult {
    const r = this.report;
    if (!r) return html`<p class="hint">${this.loading ? 'Measuring the filter…' : 'No report yet.'}</p>`;
    return html`
      <div class="top">
        <b>Filter Quality · cycle ${r.cycle}</b>
        <span class="hint" data-testid="quality-reviewed">${r.reviewed} reviewed check(s): one per question of each accepted or rejected attempt</span>
        <vscode-button secondary @click=${() => this.dispatchEvent(new CustomEvent('refresh'))}>Refresh</vscode-button>
      </div>
      <p class="hint">Precision of what the filter kept = reviewers accepted / kept answers reviewed. Miss rate of what it rejected = reviewers accepted / rejected answers reviewed. Bars and ranges: 95% Wilson intervals.</p>
      ${r.reviewed === 0 ? html`<p>No decisions yet: accept or reject answers in the review, or draw an audit.</p>` : this.renderBody(r)}
    `;
  }

  private renderBody(r: CycleFilterReport): TemplateResult {
    return html`
      ${r.audit
        ? html`<h3>Audit (stratified random sample)</h3>
            <p class="hint">${r.audit.reviewed} of ${r.audit.total} decided: a random draw per label type and value, so these rates speak for the whole cycle.</p>
            ${this.table({ 'all types': r.audit.overall, ...r.audit.byLabelType }, 'audit', 'quality-audit')}`
        : nothing}
      <h3>By label type</h3>
      ${this.table(r.byLabelType, 'label type', 'quality-by-type')}
      <h3>By field</h3>
      ${this.table(r.byField, 'field', 'quality-by-field')}
      ${r.thresholds.length ? html`<h3>Other thresholds</h3>${r.thresholds.map((t) => this.renderThreshold(t))}` : nothing}
      <h3>Disagreements (${r.disagreements.length})</h3>
      ${r.disagreements.length === 0 ? html`<p class="hint">None: every reviewed answer was decided as the filter did.</p>` : html`<ul data-testid="quality-disagreements">
        ${r.disagreements.slice(0, 200).map((d) => html`<li>
          <span class=${d.kind === 'kept-rejected' ? 'kr' : 'ra'}>${d.kind === 'kept-rejected' ? 'kept, reviewer rejected' : 'rejected, reviewer accepted'}</span>
          · <a title="Open in the review" @click=${() => this.dispatchEvent(new CustomEvent('open-attempt', { detail: { id: d.attemptId } }))}>${d.sampleId}</a>
          · ${d.field}: label <b>${show(d.expected)}</b>, answer <b>${show(d.extracted)}</b>${d.note ? html` <span class="hint">(${d.note})</span>` : nothing}
        </li>`)}
      </ul>`}
    `;
  }

  private renderThreshold(t: CycleFilterReport['thresholds'][number]): TemplateResult {
    const now = t.options.find((o) => o.value === t.current);
    return html`<p><b>${t.field}</b> <span class="hint">(${t.labelType}, ${t.param} now ${t.current}: keeps ${now?.acceptedKept} of ${t.acceptedTotal} accepted, ${now?.rejectedKept} of ${t.rejectedTotal} rejected)</span></p>
      <table data-testid="quality-thresholds"><thead><tr><th>${t.param}</th><th>accepted kept</th><th>rejected kept</th></tr></thead><tbody>
        ${t.options.map((o) => html`<tr><td>${o.value}${o.value === t.current ? ' (now)' : ''}</td><td class="n">${o.acceptedKept} / ${t.acceptedTotal}</td><td class="n">${o.rejectedKept} / ${t.rejectedTotal}</td></tr>`)}
      </tbody></table>`;
  }

  private table(groups: Record<string, Group>, what: string, id: string): TemplateResult {
    return html`<table data-testid=${id}>
      <thead><tr><th>${what}</th><th>reviewed</th><th>precision of kept</th><th>miss rate of rejected</th>${Object.values(groups).some((g) => g.uncertain) ? html`<th>uncertain</th>` : nothing}</tr></thead>
      <tbody>${Object.entries(groups).map(([k, g]) => html`<tr>
        <td>${k}${g.labelType ? html` <span class="hint">(${g.labelType})</span>` : nothing}</td>
        <td class="n">${g.reviewed}</td>
        <td>${this.rate(g.keptPrecision)}</td>
        <td>${this.rate(g.rejectedAccepted)}</td>
        ${g.uncertain ? html`<td class="n">${g.uncertain.accepted}/${g.uncertain.reviewed} accepted</td>` : nothing}
      </tr>`)}</tbody>
    </table>`;
  }

  private rate(r: Rate | null): TemplateResult {
    if (!r) return html`<span class="hint">none reviewed</span>`;
    return html`<span class="rate"><meter min="0" max="1" .value=${r.value} title=${`95% CI ${pct(r.low)}–${pct(r.high)}`}></meter>
      <b>${pct(r.value)}</b> <span>(${r.x}/${r.n})</span> <span class="ci">95% CI ${pct(r.low)}–${pct(r.high)}</span></span>`;
  }
}

customElements.define('quality-view', QualityView);
