// The Cycle Report without VS Code: cycles built with the real store (attempts, verdicts,
// the loop's evaluation and baseline in state.json) turned into chart series; the summary
// line; the Chart.js configurations coloured from a VS Code theme's variables; the CSP.
// Accuracies are the demo's measured run from the README (held-out %, cycles 0–2;
// test/support/loopCycles.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listCycles } from '../../../src/core/cycles';
import type { Evaluation } from '../../../src/core/cycles/records';
import { reportCsp, reportHtml } from '../../../src/extension/report/html';
import { accuracySummary, buildReport, percentText, reportInput, type ReportCycleInput } from '../../../src/extension/report/model';
import { cycleWithYield, DEMO_EVALUATIONS } from '../../support/loopCycles';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-report-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const [BASE, C1, C2] = DEMO_EVALUATIONS as [Evaluation, Evaluation, Evaluation];

test('buildReport: yield per cycle and held-out accuracy per model from real cycle stores', async (t) => {
  const workdir = tempDir(t);
  const stores = [
    await cycleWithYield(workdir, { direct: 7, rationalized: 3, failed: 2 }),
    await cycleWithYield(workdir, { direct: 9, rationalized: 2, failed: 1 }),
    await cycleWithYield(workdir, { direct: 10, rationalized: 1, failed: 1 }),
  ];
  t.after(() => Promise.all(stores.map((s) => s.close())));
  await stores[0]!.updateState((s) => ({ ...s, baseline: BASE, evaluation: C1 }));
  await stores[1]!.updateState((s) => ({ ...s, evaluation: C2 }));
  // cycle 3 is still running: no evaluation yet, and it stays off the accuracy axis

  const inputs: ReportCycleInput[] = [];
  for (const entry of (await listCycles(workdir)).reverse()) {
    const store = stores[entry.cycle - 1]!;
    inputs.push(reportInput(entry.cycle, entry.state, (await store.status()).counts.samples));
  }
  const r = buildReport('shapes-demo', inputs);
  assert.equal(r.project, 'shapes-demo');
  assert.deepEqual(r.yield, { labels: ['Cycle 1', 'Cycle 2', 'Cycle 3'], direct: [7, 9, 10], rationalized: [3, 2, 1], failed: [2, 1, 1] });
  assert.deepEqual(r.accuracy.labels, ['Cycle 0 (base)', 'Cycle 1', 'Cycle 2']);
  assert.deepEqual(r.accuracy.models, ['models/cycle-0', 'models/cycle-1', 'models/cycle-2']);
  assert.deepEqual(r.accuracy.overall, [67.3, 72.7, 76.9]);
  assert.deepEqual(r.accuracy.byLabelType, [
    { name: 'class', values: [60, 66.9, 70.8] },
    { name: 'yes_no', values: [89.2, 90, 95] },
  ]);
  assert.deepEqual(r.accuracy.byField.map((s) => s.name), ['bounces', 'color', 'direction', 'shape']);
  assert.deepEqual(r.accuracy.byField.find((s) => s.name === 'color')!.values, [100, 100, 100]);
  assert.deepEqual(r.accuracy.byField.find((s) => s.name === 'direction')!.values, [24.2, 46.7, 55]);
  assert.equal(accuracySummary(inputs), 'held-out 67.3% (base) → 76.9% (cycle 2)');
});

test('buildReport: a cycle whose evaluation is missing between two evaluated ones is a gap; a field one model lacks is null', () => {
  const partial: Evaluation = { ...C2, byField: { direction: 0.55 }, byLabelType: { class: 0.708 } };
  const r = buildReport('p', [
    { cycle: 3, evaluation: partial },
    { cycle: 1, evaluation: C1 },
    { cycle: 2 },
  ]);
  assert.deepEqual(r.accuracy.labels, ['Cycle 1', 'Cycle 2', 'Cycle 3']);
  assert.deepEqual(r.accuracy.overall, [72.7, null, 76.9]);
  assert.deepEqual(r.accuracy.byField.find((s) => s.name === 'shape')!.values, [54.2, null, null]);
  assert.deepEqual(r.yield.direct, [0, 0, 0], 'cycles without counts draw as empty bars');
  assert.equal(accuracySummary([{ cycle: 1, evaluation: C1 }, { cycle: 3, evaluation: partial }]), 'held-out 72.7% (cycle 1) → 76.9% (cycle 3)');
});

test('buildReport and the summary before anything was evaluated, and with no cycles', () => {
  const r = buildReport('p', [{ cycle: 1, yield: { passedDirect: 3, passedAfterRationalization: 1, failed: 0 } }]);
  assert.deepEqual(r.accuracy, { labels: [], models: [], overall: [], byLabelType: [], byField: [] });
  assert.equal(accuracySummary([{ cycle: 1 }]), undefined);
  assert.equal(accuracySummary([{ cycle: 1, baseline: BASE }]), 'held-out 67.3% (base)');
  assert.deepEqual(buildReport('p', []).yield.labels, []);
  assert.equal(percentText(0.7272727), '72.7%');
  assert.equal(percentText(1), '100%');
});

// The dark-theme values VS Code 1.95's "Dark Modern" gives the chart colours.
const DARK: Record<string, string> = {
  '--vscode-charts-foreground': '#cccccc',
  '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-font-family': ' system-ui, "Ubuntu", sans-serif',
};

// The webview bundle is ESM (webview-ui/package.json): loaded as the browser would, with import().
const charts = () => import('../../../webview-ui/src/report/charts.js');

test('charts: stacked yield bars and percent lines coloured from the theme variables', async () => {
  const { accuracyChart, overallSeries, paletteFrom, seriesColors, yieldChart } = await charts();
  const p = paletteFrom((name) => DARK[name] ?? '');
  assert.equal(p.font, 'system-ui, "Ubuntu", sans-serif');
  const data = buildReport('p', [
    { cycle: 1, yield: { passedDirect: 771, passedAfterRationalization: 331, failed: 98 }, baseline: BASE, evaluation: C1 },
    { cycle: 2, yield: { passedDirect: 911, passedAfterRationalization: 205, failed: 84 }, evaluation: C2 },
  ]);
  const y = yieldChart(data, p);
  assert.equal(y.type, 'bar');
  assert.deepEqual(y.data.datasets.map((d) => [d.label, d.backgroundColor, d.data]), [
    ['kept directly', '#89d185', [771, 911]],
    ['kept after rationalization', '#cca700', [331, 205]],
    ['failed', '#f14c4c', [98, 84]],
  ]);
  assert.equal(y.options?.scales?.y?.stacked, true);
  assert.equal(y.options?.scales?.x?.grid?.color, 'rgba(204, 204, 204, 0.5)');

  const overall = accuracyChart(data.accuracy.labels, overallSeries(data), p, 'Held-out accuracy (%)');
  assert.deepEqual(overall.data.labels, ['Cycle 0 (base)', 'Cycle 1', 'Cycle 2']);
  assert.deepEqual(overall.data.datasets[0]!.data, [67.3, 72.7, 76.9]);
  assert.equal(overall.data.datasets[0]!.borderColor, '#3794ff');
  const yScale = overall.options?.scales?.y as { max?: number; ticks?: { callback?: (v: number) => string } };
  assert.equal(yScale.max, 100);
  assert.equal(yScale.ticks?.callback?.(50), '50%');

  // More series than theme colours: the colours repeat, dashed.
  const many = Array.from({ length: 8 }, (_, i) => ({ name: `field${i}`, values: [i] }));
  const lines = accuracyChart(['Cycle 1'], many, p, 'per field').data.datasets;
  assert.equal(seriesColors(p).length, 6);
  assert.equal(lines[6]!.borderColor, lines[0]!.borderColor);
  assert.deepEqual(lines[6]!.borderDash, [6, 3]);
  assert.equal(lines[5]!.borderDash, undefined);
});

test('charts: a theme variable the host did not set falls back to a readable default', async () => {
  const { paletteFrom } = await charts();
  const p = paletteFrom(() => '  ');
  assert.match(p.foreground, /^#/);
  assert.match(p.green, /^#/);
});

test('report HTML: strict CSP (one nonce\'d script, no inline, no network) and escaped values', () => {
  const csp = reportCsp('https://file+.vscode-resource.vscode-cdn.net', 'bm9uY2U=');
  assert.match(csp, /^default-src 'none'; script-src 'nonce-bm9uY2U='; /);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/\*|connect-src|media-src/);
  const html = reportHtml({ cspSource: 'vscode-webview:', nonce: 'bm9uY2U=', scriptUri: 'vscode-webview://x/report.js?a=1&b="2"', title: 'Cycle Report: <demo>' });
  assert.match(html, /<script type="module" nonce="bm9uY2U=" src="vscode-webview:\/\/x\/report\.js\?a=1&amp;b=&quot;2&quot;"><\/script>/);
  assert.match(html, /<title>Cycle Report: &lt;demo&gt;<\/title>/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
});
