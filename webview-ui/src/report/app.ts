// The Cycle Report: four Chart.js charts (yield per cycle; held-out accuracy overall, per
// label type, per field) coloured from the VS Code theme and redrawn when the theme changes,
// with the same numbers in tables below (readable by screen readers and tests). A click on
// a cycle's yield bar opens that cycle in the review panel.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Title, Tooltip, type ChartConfiguration } from 'chart.js';
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { ReportData, ReportHostMessage, Series } from '../../../src/shared/reportProtocol.js';
import { actions, onHost, saveUiState } from './actions.js';
import { accuracyChart, overallSeries, paletteFrom, yieldChart } from './charts.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Title, Tooltip);

type ChartKey = 'yield' | 'overall' | 'labelType' | 'field';

const cell = (v: number | null): string => (v === null ? '–' : `${v}%`);

export class CycleReport extends LitElement {
  static override properties = { data: { state: true }, error: { state: true } };
  declare data: ReportData | undefined;
  declare error: string | undefined;
  private charts = new Map<ChartKey, Chart>();
  private unlisten: (() => void) | undefined;
  private themeObserver: MutationObserver | undefined;

  static override styles = css`
    :host { display: block; padding: 12px 20px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
    header { display: flex; align-items: center; gap: 12px; }
    h1 { font-size: 1.3em; font-weight: 600; margin: 0; flex: 1; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 16px; margin-top: 12px; }
    .card { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); border-radius: 4px; padding: 8px; height: 280px; position: relative; }
    .empty { color: var(--vscode-descriptionForeground); padding: 24px 4px; }
    table { border-collapse: collapse; margin-top: 16px; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding: 4px 0; }
    th, td { padding: 2px 12px 2px 0; text-align: right; }
    th:first-child, td:first-child { text-align: left; }
    .error { color: var(--vscode-errorForeground); }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unlisten = onHost((m) => this.onHost(m));
    // A theme switch changes the body's class (vscode-light / vscode-dark / …) and the colours.
    this.themeObserver = new MutationObserver(() => this.redraw());
    this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    actions.ready();
  }

  override disconnectedCallback(): void {
    this.unlisten?.();
    this.themeObserver?.disconnect();
    this.destroyCharts();
    super.disconnectedCallback();
  }

  private onHost(m: ReportHostMessage): void {
    if (m.type === 'report/data') {
      this.data = m.data;
      this.error = undefined;
      saveUiState({ workdir: m.workdir });
    } else this.error = m.message;
  }

  private destroyCharts(): void {
    for (const c of this.charts.values()) c.destroy();
    this.charts.clear();
  }

  private redraw(): void {
    this.destroyCharts();
    this.drawCharts();
  }

  override updated(): void {
    this.redraw();
  }

  private configs(d: ReportData): Array<[ChartKey, ChartConfiguration]> {
    const css = getComputedStyle(document.documentElement);
    const p = paletteFrom((name) => css.getPropertyValue(name));
    const a = d.accuracy;
    const out: Array<[ChartKey, ChartConfiguration]> = [];
    if (d.yield.labels.length) {
      const y = yieldChart(d, p);
      y.options = { ...y.options, onClick: (_e, elements) => this.openCycle(elements[0]?.index) };
      out.push(['yield', y as unknown as ChartConfiguration]);
    }
    const line = (key: ChartKey, series: Series[], title: string): void => {
      if (series.length) out.push([key, accuracyChart(a.labels, series, p, title) as unknown as ChartConfiguration]);
    };
    if (a.labels.length) {
      line('overall', overallSeries(d), 'Held-out accuracy (%)');
      line('labelType', a.byLabelType, 'Held-out accuracy per label type (%)');
      line('field', a.byField, 'Held-out accuracy per field (%)');
    }
    return out;
  }

  private openCycle(index: number | undefined): void {
    const label = index === undefined ? undefined : this.data?.yield.labels[index];
    const n = label ? Number(/\d+/.exec(label)?.[0]) : NaN;
    if (Number.isInteger(n) && n > 0) actions.openReview(n);
  }

  private drawCharts(): void {
    if (!this.data) return;
    for (const [key, config] of this.configs(this.data)) {
      const canvas = this.renderRoot.querySelector<HTMLCanvasElement>(`canvas[data-chart="${key}"]`);
      if (canvas) this.charts.set(key, new Chart(canvas, config));
    }
  }

  private table(caption: string, labels: string[], columns: Series[]): TemplateResult {
    return html`<table>
      <caption>${caption}</caption>
      <thead><tr><th>model</th>${columns.map((c) => html`<th>${c.name}</th>`)}</tr></thead>
      <tbody>${labels.map((l, i) => html`<tr><td>${l}</td>${columns.map((c) => html`<td>${cell(c.values[i] ?? null)}</td>`)}</tr>`)}</tbody>
    </table>`;
  }

  override render(): TemplateResult {
    const d = this.data;
    const head = html`<header>
      <h1>Cycle Report${d ? html` — ${d.project}` : nothing}</h1>
      <vscode-button secondary @click=${() => actions.refresh()}>Refresh</vscode-button>
    </header>`;
    if (this.error) return html`${head}<p class="error">${this.error}</p>`;
    if (!d) return html`${head}<p class="empty">Reading the cycles…</p>`;
    if (!d.yield.labels.length) return html`${head}<p class="empty">No cycles yet: "Video-STaR: Run Cycles…" starts the loop.</p>`;
    const a = d.accuracy;
    const card = (key: ChartKey) => html`<div class="card"><canvas data-chart=${key}></canvas></div>`;
    return html`${head}
      <div class="grid">
        ${card('yield')}
        ${a.labels.length ? card('overall') : html`<div class="card empty">No held-out evaluation yet: a cycle's evaluate stage adds its model's accuracy here.</div>`}
        ${a.byLabelType.length ? card('labelType') : nothing}
        ${a.byField.length ? card('field') : nothing}
      </div>
      ${yieldTable(d)}
      ${a.labels.length ? this.table('Held-out accuracy', a.labels, [{ name: 'overall', values: a.overall }, ...a.byLabelType.map((s) => ({ ...s, name: `type ${s.name}` })), ...a.byField.map((s) => ({ ...s, name: `field ${s.name}` }))]) : nothing}`;
  }
}

/** Counts, not percents: the yield table. */
function yieldTable(d: ReportData): TemplateResult {
  const y = d.yield;
  return html`<table>
    <caption>Yield per cycle (samples)</caption>
    <thead><tr><th>cycle</th><th>kept directly</th><th>kept after rationalization</th><th>failed</th></tr></thead>
    <tbody>${y.labels.map((l, i) => html`<tr><td>${l}</td><td>${y.direct[i]}</td><td>${y.rationalized[i]}</td><td>${y.failed[i]}</td></tr>`)}</tbody>
  </table>`;
}

customElements.define('cycle-report', CycleReport);
