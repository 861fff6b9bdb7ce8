// The Dataset Statistics webview (bundled to dist/webview/stats.js): per dataset, the
// records per split and, per label field, its values as bar charts (Chart.js, the Cycle
// Report's library and theme palette) or, for numbers, ranges and boxes, their summary.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { StatsDataset, StatsHostMessage, StatsWebviewMessage } from '../../../src/shared/statsProtocol.js';
import { paletteFrom, type Palette } from '../report/charts.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

declare function acquireVsCodeApi(): { postMessage(m: StatsWebviewMessage): void };
const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage: () => undefined };

const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/** A bar chart of `counts` (most frequent first), horizontal when the labels are many or long. */
export function barChart(counts: Record<string, number>, p: Palette, color: string): ChartConfiguration<'bar'> {
  const labels = Object.keys(counts);
  const horizontal = labels.length > 6 || labels.some((l) => l.length > 12);
  return {
    type: 'bar',
    data: { labels, datasets: [{ data: Object.values(counts), backgroundColor: color, borderWidth: 0 }] },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false }, tooltip: { enabled: true } },
      scales: {
        x: { grid: { color: p.lines }, ticks: { color: p.foreground }, beginAtZero: true },
        y: { grid: { color: p.lines }, ticks: { color: p.foreground }, beginAtZero: true },
      },
    },
  };
}

class DatasetStats extends LitElement {
  static override properties = { datasets: { state: true } };
  declare datasets: StatsDataset[] | undefined;
  private charts: Chart[] = [];

  static override styles = css`
    :host { display: block; padding: 8px 14px; }
    h2 { font-size: 1.15em; margin: 12px 0 2px; }
    h3 { font-size: 1em; margin: 12px 0 2px; }
    .hint { color: var(--vscode-descriptionForeground); }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px; }
    .card { border: 1px solid var(--vscode-widget-border, #8884); padding: 6px 8px; }
    .chart { position: relative; height: 180px; }
    table { border-collapse: collapse; }
    td { padding: 1px 8px 1px 0; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', (e: MessageEvent<StatsHostMessage>) => {
      if (e.data?.type === 'stats/data') this.datasets = e.data.datasets;
    });
    api.postMessage({ type: 'stats/ready' });
  }

  override render(): TemplateResult {
    if (!this.datasets) return html`<p class="hint">Reading the datasets…</p>`;
    return html`${this.datasets.map((d, di) => html`
      <h2>${d.name}</h2>
      <p class="hint">${d.stats.records} records${d.problems ? ` · ${d.problems} problem(s) in the stored files (see the Output panel)` : ''}</p>
      <div class="grid">
        <div class="card"><h3>records per split</h3><div class="chart"><canvas data-chart=${`${di}:splits`}></canvas></div></div>
        ${Object.entries(d.stats.fields).map(([field, f]) => html`<div class="card" data-testid="stats-field">
          <h3>${field} <span class="hint">(${f.type}${f.distinct !== undefined ? `, ${f.distinct} distinct` : ''}; ${f.present} present, ${f.missing} missing)</span></h3>
          ${f.counts && Object.keys(f.counts).length ? html`<div class="chart"><canvas data-chart=${`${di}:${field}`}></canvas></div>` : nothing}
          ${f.summary ? html`<table><tr><td>${f.of ?? 'value'}</td><td>min ${num(f.summary.min)}</td><td>max ${num(f.summary.max)}</td><td>mean ${num(f.summary.mean)}</td><td>sd ${num(f.summary.std)}</td></tr></table>` : nothing}
        </div>`)}
      </div>`)}`;
  }

  override updated(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    const p = paletteFrom((n) => getComputedStyle(document.documentElement).getPropertyValue(n));
    const colors = [p.blue, p.green, p.orange, p.purple, p.red, p.yellow];
    for (const canvas of Array.from(this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]'))) {
      const [di, key] = [Number(canvas.dataset.chart!.split(':')[0]), canvas.dataset.chart!.slice(canvas.dataset.chart!.indexOf(':') + 1)];
      const d = this.datasets?.[di];
      if (!d) continue;
      const counts = key === 'splits' ? (d.stats.splits as Record<string, number>) : d.stats.fields[key]?.counts;
      if (!counts) continue;
      const k = Object.keys(d.stats.fields).indexOf(key) + 1;
      this.charts.push(new Chart(canvas, barChart(counts, p, colors[k % colors.length]!)));
    }
  }
}

customElements.define('dataset-stats', DatasetStats);
document.body.append(document.createElement('dataset-stats'));
