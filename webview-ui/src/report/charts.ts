// The Cycle Report's Chart.js configurations, built from the host's series and a palette
// read from the VS Code theme (its --vscode-charts-* colours). No DOM here: a plain Node
// test checks the configurations; app.ts draws them.
import type { ChartConfiguration, ChartDataset, ChartOptions } from 'chart.js';
import type { ReportData, Series } from '../../../src/shared/reportProtocol.js';

export interface Palette {
  foreground: string;
  lines: string;
  red: string;
  blue: string;
  yellow: string;
  orange: string;
  green: string;
  purple: string;
  font: string;
}

/** VS Code's chart colours (the webview gets every theme colour as a --vscode-* CSS variable). */
const VARS: Record<keyof Palette, string> = {
  foreground: '--vscode-charts-foreground',
  lines: '--vscode-charts-lines',
  red: '--vscode-charts-red',
  blue: '--vscode-charts-blue',
  yellow: '--vscode-charts-yellow',
  orange: '--vscode-charts-orange',
  green: '--vscode-charts-green',
  purple: '--vscode-charts-purple',
  font: '--vscode-font-family',
};

/** Dark-theme defaults, for a variable the host did not set (never in VS Code itself). */
const FALLBACK: Palette = {
  foreground: '#cccccc', lines: 'rgba(204,204,204,0.5)', red: '#f14c4c', blue: '#3794ff', yellow: '#cca700',
  orange: '#d18616', green: '#89d185', purple: '#b180d7', font: 'sans-serif',
};

/** The palette from a CSS variable lookup (`getComputedStyle(html).getPropertyValue`). */
export function paletteFrom(get: (name: string) => string): Palette {
  const out = { ...FALLBACK };
  for (const k of Object.keys(VARS) as Array<keyof Palette>) {
    const v = get(VARS[k]).trim();
    if (v) out[k] = v;
  }
  return out;
}

/** Line colours for the per-type and per-field charts, in order; past them, dashed repeats. */
export function seriesColors(p: Palette): string[] {
  return [p.blue, p.green, p.orange, p.purple, p.red, p.yellow];
}

const pct = (v: unknown): string => `${String(v)}%`;

function axes(p: Palette, percent: boolean, stacked = false): ChartOptions<'line'>['scales'] {
  return {
    x: { stacked, grid: { color: p.lines }, ticks: { color: p.foreground } },
    y: {
      stacked,
      beginAtZero: true,
      ...(percent ? { max: 100 } : {}),
      grid: { color: p.lines },
      ticks: { color: p.foreground, ...(percent ? { callback: pct } : { precision: 0 }) },
    },
  };
}

function common(p: Palette, title: string) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    // Room for a point at 100% or on the last cycle, drawn unclipped.
    layout: { padding: { top: 8, right: 12 } },
    color: p.foreground,
    font: { family: p.font },
    plugins: {
      title: { display: true, text: title, color: p.foreground, font: { family: p.font, size: 13 } },
      legend: { labels: { color: p.foreground, font: { family: p.font } } },
    },
  };
}

/** Stacked bars per cycle: samples kept directly, kept after rationalization, failed. */
export function yieldChart(data: ReportData, p: Palette): ChartConfiguration<'bar', number[], string> {
  const y = data.yield;
  const bar = (label: string, values: number[], color: string): ChartDataset<'bar', number[]> => ({ label, data: values, backgroundColor: color, borderColor: color, stack: 'samples' });
  return {
    type: 'bar',
    data: {
      labels: y.labels,
      datasets: [bar('kept directly', y.direct, p.green), bar('kept after rationalization', y.rationalized, p.yellow), bar('failed', y.failed, p.red)],
    },
    options: { ...common(p, 'Yield per cycle (samples)'), scales: axes(p, false, true) },
  };
}

/** Lines over the evaluated models (cycle 0 = the starting model), in percent. */
export function accuracyChart(labels: string[], series: Series[], p: Palette, title: string): ChartConfiguration<'line', Array<number | null>, string> {
  const colors = seriesColors(p);
  return {
    type: 'line',
    data: {
      labels,
      datasets: series.map((s, i) => {
        const color = colors[i % colors.length]!;
        return {
          label: s.name,
          data: s.values,
          borderColor: color,
          backgroundColor: color,
          pointRadius: 4,
          clip: false as const,
          spanGaps: true,
          ...(i >= colors.length ? { borderDash: [6, 3] } : {}),
        };
      }),
    },
    options: {
      ...common(p, title),
      scales: axes(p, true),
      plugins: {
        ...common(p, title).plugins,
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${item.formattedValue}%` } },
      },
    },
  };
}

/** The overall accuracy as one series. */
export function overallSeries(data: ReportData): Series[] {
  return [{ name: 'overall', values: data.accuracy.overall }];
}
