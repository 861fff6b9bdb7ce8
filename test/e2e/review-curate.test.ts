// A curator's session in a real VS Code (code-server + Chromium, the packaged .vsix), on a
// cycle shaped like the demo's: 200 clips of the synthetic shapes dataset asked about
// shape, colour, direction, speed (px/s) and bounces, 1,000 direct answers checked by the
// real verifiers, and a rationalization (with its hint) for each one that failed. Checked:
// rows show the question, the label and the answer's decisive span marked; j/k move in
// under 50 ms a row (measured inside the webview: key → attempt drawn); an audit of 100
// kept and 25 rejected answers is drawn and walked from the keyboard alone, its progress
// bar full at the end; the Filter Quality view shows the same per-type precision as the
// session's report (what `vstar review report --json` prints); `?` lists the keys; the
// guidelines show; the side view fits 300 px; Open in review from a CodeLens while the
// panel is a background tab shows the asked attempt; Show Dataset Statistics draws charts.
// Screenshots: test-results/e2e/curate-*.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Frame, type FrameLocator, type Page } from 'playwright-core';
import { createCycle, type AttemptInput } from '../../src/core/cycles';
import type { FieldSchema } from '../../src/core/datasets/labels';
import { toVerdictCheck } from '../../src/core/generate';
import { toVerifyLabel } from '../../src/core/generate/labels';
import { sampleIdOf } from '../../src/core/generate/sample-id';
import { renderHint } from '../../src/core/prompts/hints';
import { answerPrompt, rationalizationPrompt } from '../../src/core/prompts/prompts';
import { ReviewSession } from '../../src/core/review';
import { verifyAll } from '../../src/core/verify';
import { recordFigures } from '../reliability/support';
import { waitFor } from './codeServer';
import { closeWorkbench, openPane, openWorkbench, prepareE2e, quickOpen, runCommand, screenshot, webviewFrame, type E2eRun } from './workbench';

const UI_TIMEOUT = 60_000;
const CLIPS = 200;
const SHAPES = ['circle', 'square', 'triangle'];
const COLORS = ['red', 'green', 'blue', 'yellow'];
const DIRS = ['left', 'right', 'up', 'down'];
const OPPOSITE: Record<string, string> = { left: 'right', right: 'left', up: 'down', down: 'up' };
/** Relative errors of the speed answers, by clip % 10: the verifier allows 0.1; the reviewer here up to 0.12. */
const SPEED_ERR = [0, 0.03, -0.05, 0.08, 0.12, -0.14, 0.02, 0.3, 0, 0.09];
const SCHEMA: Record<string, FieldSchema> = {
  shape: { type: 'class', values: SHAPES },
  color: { type: 'class', values: COLORS },
  direction: { type: 'class', values: DIRS },
  speed: { type: 'number', min: 0, unit: 'px/s' },
  bounces: { type: 'yes_no' },
} as Record<string, FieldSchema>;
const TASKS: Array<[task: string, field: string]> = [['appearance', 'shape'], ['appearance', 'color'], ['direction', 'direction'], ['motion', 'speed'], ['bounce', 'bounces']];

let run: E2eRun | undefined;
let page: Page;
let workspace: string;
let workdir: string;
let passed = false;
const shot = (name: string): Promise<Buffer> => screenshot(page, name);
/** What the reviewer decides on each attempt, seen on screen: attempt id → accept. */
const truth = new Map<string, boolean>();
const figures: Record<string, unknown> = {};

interface Clip {
  id: string;
  labels: { shape: string; color: string; direction: string; speed: number; bounces: boolean };
}

const clipOf = (i: number): Clip => ({
  id: `clip-${String(i).padStart(4, '0')}`,
  labels: { shape: SHAPES[i % 3]!, color: COLORS[(i * 7) % 4]!, direction: DIRS[(i * 5) % 4]!, speed: 40 + ((i * 37) % 160), bounces: i % 3 === 1 },
});

function question(field: string, c: Clip): string {
  switch (field) {
    case 'shape': return 'What shape moves across the frame?';
    case 'color': return `What colour is the ${c.labels.shape}?`;
    case 'direction': return `Which way does the ${c.labels.color} ${c.labels.shape} move?`;
    case 'speed': return 'How fast does the shape move, in px/s?';
    default: return `Does the ${c.labels.shape} bounce off a wall?`;
  }
}

/** A direct answer: right, or wrong in the ways the tiny model is (a rival class, a number off, a flipped yes/no). */
function directAnswer(field: string, c: Clip, i: number): { output: string; reviewerAccepts: boolean } {
  const l = c.labels;
  switch (field) {
    case 'shape': {
      const said = i % 9 === 4 ? SHAPES[(i + 1) % 3]! : l.shape;
      const look = said === 'circle' ? 'has no corners and stays round' : said === 'square' ? 'has four equal corners' : 'has three corners';
      return { output: `Looking at the outline in each frame, it ${look} as it moves.\nSo the answer is ${said}.`, reviewerAccepts: said === l.shape };
    }
    case 'color': {
      if (i % 17 === 2) {
        // Names the label in its conclusion, so the verifier keeps it, yet the reasoning says another colour.
        const other = COLORS[(COLORS.indexOf(l.color) + 1) % 4]!;
        return { output: `The fill is clearly ${other} in every frame, with a thin outline.\nSo the answer is ${l.color}.`, reviewerAccepts: false };
      }
      const said = i % 11 === 3 ? COLORS[(COLORS.indexOf(l.color) + 2) % 4]! : l.color;
      return { output: `The shape is filled with a solid ${said} colour against the grey background.\nSo the answer is ${said}.`, reviewerAccepts: said === l.color };
    }
    case 'direction': {
      const said = i % 8 === 5 ? OPPOSITE[l.direction]! : l.direction;
      return { output: `In the first frame it is near the ${OPPOSITE[said]} edge, and in the last frame near the ${said} edge.\nSo it moves ${said}.`, reviewerAccepts: said === l.direction };
    }
    case 'speed': {
      const e = SPEED_ERR[i % 10]!;
      const said = Math.round(l.speed * (1 + e));
      return { output: `The shape crosses the frame at a steady pace.\nIts speed is about ${said} px/s.`, reviewerAccepts: Math.abs(said - l.speed) / l.speed <= 0.12 + 1e-9 };
    }
    default: {
      const said = i % 13 === 6 ? !l.bounces : l.bounces;
      return { output: `${said ? 'It reaches the wall and turns back' : 'It keeps going in a straight line'} until the clip ends.\nSo the answer is ${said ? 'yes' : 'no'}.`, reviewerAccepts: said === l.bounces };
    }
  }
}

/** A rationalization: the label was the hint, so it is right. */
function rationalized(field: string, c: Clip): string {
  const l = c.labels;
  if (field === 'speed') return `Given the hint, the distance over the time fits.\nIts speed is about ${l.speed} px/s.`;
  if (field === 'bounces') return `${l.bounces ? 'It touches the wall and turns back' : 'It never touches a wall'}.\nSo the answer is ${l.bounces ? 'yes' : 'no'}.`;
  const v = l[field as 'shape' | 'color' | 'direction'];
  return `Checking every frame again, the ${field} matches.\nSo the answer is ${v}.`;
}

async function buildProject(): Promise<void> {
  workdir = path.join(workspace, 'vstar');
  const clips = path.join(workspace, 'sample');
  const ds = path.join(workdir, 'datasets', 'sample');
  fs.mkdirSync(clips, { recursive: true });
  fs.mkdirSync(ds, { recursive: true });
  const ff = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=25', '-t', '4',
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', path.join(clips, 'shapes.mp4')]);
  assert.equal(ff.status, 0, String(ff.stderr));
  const records = Array.from({ length: CLIPS }, (_, i) => clipOf(i));
  fs.writeFileSync(path.join(ds, 'records.jsonl'), records.map((c) => JSON.stringify({ id: c.id, video: 'shapes.mp4', start: 1, end: 3, split: 'train', labels: c.labels })).join('\n') + '\n');
  fs.writeFileSync(path.join(ds, 'schema.json'), JSON.stringify(SCHEMA));
  fs.writeFileSync(path.join(ds, 'report.json'), JSON.stringify({ name: 'sample', root: clips, allowRoots: [] }));
  fs.writeFileSync(path.join(workspace, 'vstar.yaml'), `version: 1
workdir: vstar
datasets:
  sample:
    format: jsonl
    annotations: sample/annotations.jsonl
    root: sample
    labels:
      shape: { type: class, values: [circle, square, triangle] }
      color: { type: class, values: [red, green, blue, yellow] }
      direction: { type: class, values: [left, right, up, down] }
      speed: { type: number, min: 0, unit: px/s }
      bounces: { type: yes_no }
tasks:
  appearance:
    dataset: sample
    fields: [shape, color]
    guidelines: |
      Accept only if the reasoning and the conclusion agree on the shape and colour.
      Reject an answer whose rationale describes another colour than it concludes.
  direction:
    dataset: sample
    field: direction
  motion:
    dataset: sample
    field: speed
    guidelines: Speeds within about 12% of the label are fine.
  bounce:
    dataset: sample
    field: bounces
`);
  const store = await createCycle(workdir, { model: 'models/cycle-3', dataset: 'sample' });
  const t = { startedAt: '2026-01-01T00:00:00.000Z', ms: 40 };
  const direct: Array<AttemptInput & { field: string; clip: Clip; accepts: boolean }> = [];
  records.forEach((c, i) => {
    for (const [task, field] of TASKS) {
      const q = question(field, c);
      const a = directAnswer(field, c, i);
      direct.push({ sampleId: sampleIdOf(c.id, task, field), stage: 'answer', try: 0, backend: 'onnx', prompt: answerPrompt(q), question: q, output: a.output, timing: t, field, clip: c, accepts: a.reviewerAccepts });
    }
  });
  const verdictOf = (output: string, field: string, c: Clip, q: string) => {
    const label = toVerifyLabel(field, SCHEMA[field]!, c.labels[field as keyof Clip['labels']]);
    const v = verifyAll(output, [label], q);
    // As the engine writes it: the verifier's own confidence, when it was unsure.
    const graded = v.confidence === undefined ? {} : { confidence: v.confidence, ...(v.uncertain ? { uncertain: true } : {}) };
    return { pass: v.pass, checks: v.checks.map((ch) => toVerdictCheck(ch, label)), graded };
  };
  const written = await store.appendAttempts(direct.map(({ field: _f, clip: _c, accepts: _a, ...a }) => a));
  const verdicts = written.map((a, k) => ({ a, d: direct[k]!, v: verdictOf(direct[k]!.output, direct[k]!.field, direct[k]!.clip, direct[k]!.question) }));
  await store.appendVerdicts(verdicts.map(({ a, v }) => ({ attemptId: a.id, pass: v.pass, verifier: 'label-match@1', checks: v.checks, ...v.graded })));
  verdicts.forEach(({ a, d }) => truth.set(a.id, d.accepts));
  const failed = verdicts.filter(({ v }) => !v.pass);
  const rats = await store.appendAttempts(failed.map(({ d }) => ({
    sampleId: d.sampleId, stage: 'rationalize' as const, try: 0, backend: 'onnx', question: d.question, timing: t,
    prompt: rationalizationPrompt(d.question, renderHint(SCHEMA[d.field]!, d.clip.labels[d.field as keyof Clip['labels']])), output: rationalized(d.field, d.clip),
  })));
  await store.appendVerdicts(rats.map((a, k) => {
    const d = failed[k]!.d;
    const v = verdictOf(a.output, d.field, d.clip, d.question);
    truth.set(a.id, true);
    return { attemptId: a.id, pass: v.pass, verifier: 'label-match@1', checks: v.checks, ...v.graded };
  }));
  figures.attempts = written.length + rats.length;
  figures.directFailed = failed.length;
  await store.close();
}

/** The panel's own frame (for performance entries). */
async function panelFrame(): Promise<Frame> {
  return waitFor('the review webview frame', async () => {
    for (const f of page.frames()) if (await f.evaluate(() => document.querySelector('review-app:not([compact])') !== null).catch(() => false)) return f;
    return undefined;
  }, UI_TIMEOUT);
}

before(async () => {
  run = prepareE2e();
  workspace = path.join(run.tmp, 'project');
  await buildProject();
  ({ page } = await openWorkbench(run, workspace));
});

after(() => {
  if (Object.keys(figures).length) recordFigures('review-curate', { ...figures, note: 'code-server + headless Chromium on a shared 2-core machine' });
  return closeWorkbench(run, passed, 'curate-failure');
});

test('a curator scans rows, moves with j/k, audits 125 answers from the keyboard and reads the filter quality', { timeout: 420_000 }, async () => {
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await runCommand(page, 'Video-STaR: Open Review', UI_TIMEOUT);
  const frame: FrameLocator = webviewFrame(page);
  const counts = frame.locator('[data-testid="counts"]');
  const total = figures.attempts as number;
  await waitFor('the counts', async () => (await counts.innerText().catch(() => '')).includes(`${total} attempts`), UI_TIMEOUT);
  // Counted by sample too: 1,000 questions, each failed one passed after rationalization.
  const sampleCounts = await frame.locator('[data-testid="sample-counts"]').innerText();
  assert.match(sampleCounts, new RegExp(`samples:\\s*${CLIPS * 5} samples\\s*${CLIPS * 5 - (figures.directFailed as number)} passed directly\\s*${figures.directFailed} passed after rationalization\\s*0 never passed`));

  // Rows: question, label, the answer's decisive span marked.
  const first = frame.locator('review-list .row[data-id]').first();
  await first.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  assert.equal(await first.locator('[data-testid="row-question"]').innerText(), 'What shape moves across the frame?');
  assert.equal(await first.locator('[data-testid="row-label"]').innerText(), 'circle');
  assert.equal(await first.locator('[data-testid="row-snippet"] mark').innerText(), 'circle');
  const speedRow = frame.locator('review-list .row[data-id="c1/answer/0/clip-0000#motion.speed"]');
  assert.equal(await speedRow.locator('[data-testid="row-label"]').innerText(), '40');
  assert.equal(await speedRow.locator('[data-testid="row-snippet"] mark').innerText(), '40');
  await shot('curate-01-rows');

  // Sorted by sample: the failed direct answer, then the rationalization with its hint.
  await frame.locator('vscode-single-select[aria-label="sort"]').evaluate((el) => {
    (el as HTMLInputElement).value = 'sample';
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  const ratRow = frame.locator('review-list .row[data-id="c1/rationalize/0/clip-0004#appearance.shape"]');
  // clip-0004's shape is the 21st sample: scroll down to it.
  await waitFor('clip-0004\'s rationalization in the list', async () => {
    if ((await ratRow.count()) > 0) return true;
    await frame.locator('review-list').evaluate((el) => (el.scrollTop += 200));
    return false;
  }, UI_TIMEOUT, 250);
  await ratRow.scrollIntoViewIfNeeded();
  assert.equal(await ratRow.locator('[data-testid="row-hint"]').innerText(), 'hint “square” →');
  assert.equal(await ratRow.evaluate((el) => (el.previousElementSibling as HTMLElement | null)?.dataset.id), 'c1/answer/0/clip-0004#appearance.shape');
  await ratRow.click();
  await frame.locator('[data-testid="direct"]').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  assert.match(await frame.locator('[data-testid="hint"]').innerText(), /square/);
  await shot('curate-02-rationalized-pair');

  // j/k: 20 moves at a reviewer's pace, each measured inside the webview.
  const panel = await panelFrame();
  await panel.evaluate(() => performance.clearMeasures('vstar:row'));
  await frame.locator('[data-testid="rationale"]').click();
  for (let k = 0; k < 20; k++) {
    await page.keyboard.press(k < 15 ? 'j' : 'k');
    await new Promise((r) => setTimeout(r, 150));
  }
  const moves = await waitFor('20 measured moves', async () => {
    const d = await panel.evaluate(() => performance.getEntriesByName('vstar:row').map((e) => e.duration));
    return d.length >= 20 ? d : undefined;
  }, UI_TIMEOUT);
  const sorted = [...moves].sort((a, b) => a - b);
  const jk = { moves: moves.length, medianMs: Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10, p90Ms: Math.round(sorted[Math.floor(sorted.length * 0.9)]! * 10) / 10, maxMs: Math.round(sorted.at(-1)! * 10) / 10 };
  figures.jk = jk;
  console.log(`# j/k: ${JSON.stringify(jk)}`);
  assert.ok(jk.medianMs <= 50, `j/k median ${jk.medianMs} ms (bound 50 ms): ${JSON.stringify(moves)}`);

  // The audit: 100 kept and 25 rejected, drawn per label type and value, walked with a and r.
  await frame.locator('[data-testid="audit-open"]').click();
  await frame.locator('[data-testid="audit-draw"]').click();
  const progress = frame.locator('[data-testid="audit-progress"]');
  await waitFor('the audit drawn', async () => (await progress.innerText().catch(() => '')).includes('of 125 decided'), UI_TIMEOUT);
  await waitFor('the audit list', async () => (await counts.innerText().catch(() => '')).includes('showing 125'), UI_TIMEOUT);
  await frame.locator('[data-testid="rationale"]').click();
  await panel.evaluate(() => {
    const w = window as unknown as { vstarKeys: string[] };
    w.vstarKeys = [];
    window.addEventListener('keydown', (e) => w.vstarKeys.push(`${e.key}@${(document.querySelector('review-app')!.shadowRoot!.querySelector('review-list') as unknown as { selected: number }).selected}`), true);
  });
  const tWalk = Date.now();
  let last = '';
  for (let k = 0; k < 125; k++) {
    const selectedId = async (): Promise<string | undefined> => {
      const v = await frame.locator('review-list .row.sel').getAttribute('data-id', { timeout: 1000 }).catch(() => null);
      return v && v !== last ? v : undefined;
    };
    const id = await waitFor(`audit row ${k} selected`, selectedId, 10_000, 10).catch(async (err) => {
      // Tell what the webview shows before failing.
      const state = await frame.locator('review-app').evaluate((app) => {
        const list = app.shadowRoot!.querySelector('review-list') as unknown as { selected: number; total: number; rows: Map<number, { id: string }> };
        return { selected: list.selected, total: list.total, rows: list.rows.size, hasSelected: list.rows.has(list.selected), active: document.activeElement?.tagName, focus: document.hasFocus(),
          keys: (window as unknown as { vstarKeys: string[] }).vstarKeys.join(' ') };
      }).catch((e: Error) => e.message);
      await shot('curate-stuck');
      throw new Error(`${(err as Error).message}; webview: ${JSON.stringify(state)}`);
    });
    if (k === 60) await shot('curate-03-audit-walk');
    last = id;
    assert.ok(truth.has(id), `audit row ${id} is an attempt of the cycle`);
    await page.keyboard.press(truth.get(id) ? 'a' : 'r');
  }
  await waitFor('the audit complete', async () => (await progress.innerText().catch(() => '')).includes('125 of 125 decided'), UI_TIMEOUT);
  figures.auditWalkMs = Date.now() - tWalk;
  assert.equal(await frame.locator('[data-testid="audit-progress"] progress').evaluate((p) => (p as HTMLProgressElement).value), 125);
  await shot('curate-04-audit-done');

  // Filter Quality: the same figures as the report the CLI prints (vstar review report --json).
  const session = await ReviewSession.open(workdir, 1);
  const report = await session.report();
  await session.close();
  assert.equal(report.audit?.reviewed, 125);
  await page.keyboard.press('q');
  const byType = frame.locator('[data-testid="quality-by-type"]');
  await byType.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const shown = await byType.innerText();
  for (const [type, g] of Object.entries(report.byLabelType)) {
    if (g.keptPrecision) assert.ok(shown.includes(`${pct(g.keptPrecision.value)}`) && shown.includes(`(${g.keptPrecision.x}/${g.keptPrecision.n})`) && shown.includes(`95% CI ${pct(g.keptPrecision.low)}–${pct(g.keptPrecision.high)}`), `${type}: ${shown}`);
  }
  // Every disagreement of the report is listed, each a link to its attempt.
  const n = report.disagreements.length;
  await frame.locator('quality-view h3', { hasText: `Disagreements (${n})` }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  if (n > 0) assert.equal(await frame.locator('[data-testid="quality-disagreements"] li').count(), Math.min(200, n));
  figures.report = { byLabelType: Object.fromEntries(Object.entries(report.byLabelType).map(([k, g]) => [k, { reviewed: g.reviewed, keptPrecision: g.keptPrecision && [g.keptPrecision.x, g.keptPrecision.n], rejectedAccepted: g.rejectedAccepted && [g.rejectedAccepted.x, g.rejectedAccepted.n] }])) };
  await shot('curate-05-filter-quality');
  await page.keyboard.press('q');

  // `?` lists every key; g shows the guidelines.
  await page.keyboard.press('?');
  const keys = frame.locator('keys-overlay [data-testid="keys"]');
  await keys.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  assert.equal(await keys.locator('tr').count(), 13);
  await shot('curate-06-keys');
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  const guide = frame.locator('[data-testid="guidelines"]');
  await guide.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  assert.match(await guide.first().innerText(), /Reject an answer whose rationale describes another colour/);
  await shot('curate-07-guidelines');
  assert.deepEqual(run!.cspViolations, [], 'the review webview broke its own CSP');
  passed = true;
});

test('the side view fits 300 px; Open in review from a CodeLens with the panel in the background shows that attempt', { timeout: 240_000 }, async () => {
  passed = false;
  await page.locator('.part.activitybar a.action-label[aria-label^="Video-STaR"]').click();
  await openPane(page, 'Review', UI_TIMEOUT);
  const side = await waitFor('the compact review in the side bar', async () => {
    const n = await page.locator('iframe.webview.ready').count();
    for (let k = 0; k < n; k++) {
      const f = page.frameLocator('iframe.webview.ready').nth(k).frameLocator('#active-frame');
      if ((await f.locator('review-app[compact] attempt-view [data-testid="rationale"]').count()) > 0) return f;
    }
    return undefined;
  }, UI_TIMEOUT);
  const fit = await side.locator('review-app').evaluate((app) => {
    const doc = document.documentElement;
    const accept = app.shadowRoot!.querySelector('attempt-view')!.shadowRoot!.querySelector('vscode-button')!.getBoundingClientRect();
    return { width: doc.clientWidth, scrollWidth: doc.scrollWidth, acceptRight: accept.right };
  });
  figures.sideView = fit;
  assert.ok(fit.width <= 340, `the side bar is ${fit.width} px wide`);
  assert.ok(fit.scrollWidth <= fit.width + 1, `the side view scrolls sideways: ${JSON.stringify(fit)}`);
  assert.ok(fit.acceptRight <= fit.width, `Accept is off to the right: ${JSON.stringify(fit)}`);
  await shot('curate-08-side-view');

  // The editor comes to the front of the panel's group; the panel is a background tab.
  await quickOpen(page, 'attempts.jsonl');
  await page.locator('.editor-instance .monaco-editor').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const lens = page.locator('.monaco-editor .codelens-decoration').filter({ hasText: 'Open in review' });
  await waitFor('CodeLens rows', async () => (await lens.count()) >= 6, UI_TIMEOUT);
  // The sixth record: clip-0001's shape question.
  await lens.nth(5).locator('a', { hasText: 'Open in review' }).click();
  const panel = webviewFrame(page);
  await waitFor('clip-0001 shape shown in the panel', async () => {
    const tab = await page.locator('.tabs-container .tab.active').innerText().catch(() => '');
    if (!tab.includes('Review: cycle 1')) return false;
    for (let k = 0; k < (await page.locator('iframe.webview.ready').count()); k++) {
      const f = page.frameLocator('iframe.webview.ready').nth(k).frameLocator('#active-frame');
      if ((await f.locator('review-app:not([compact])').count()) === 0) continue;
      return (await f.locator('[data-testid="sample"]').innerText().catch(() => '')).includes('clip-0001#appearance.shape');
    }
    return false;
  }, UI_TIMEOUT).catch(async (err) => {
    await shot('curate-09-failed');
    throw err;
  });
  void panel;
  await shot('curate-09-open-in-review');
  passed = true;
});

test('Show Dataset Statistics draws each label field as a chart (Chart.js), numbers as their summary', { timeout: 180_000 }, async () => {
  passed = false;
  await runCommand(page, 'Video-STaR: Show Dataset Statistics', UI_TIMEOUT);
  await page.locator('.tabs-container .tab', { hasText: 'Dataset Statistics' }).click();
  const stats = await waitFor('the statistics webview with its charts', async () => {
    const n = await page.locator('iframe.webview.ready').count();
    for (let k = 0; k < n; k++) {
      const f = page.frameLocator('iframe.webview.ready').nth(k).frameLocator('#active-frame');
      if ((await f.locator('dataset-stats canvas').count()) > 0) return f;
    }
    return undefined;
  }, UI_TIMEOUT);
  // The splits and the four fields with counted values (shape, colour, direction, bounces) are charts; speed is a summary.
  assert.equal(await stats.locator('dataset-stats canvas').count(), 5);
  const cards = await stats.locator('[data-testid="stats-field"]').allInnerTexts();
  assert.equal(cards.length, 5);
  const speed = cards.find((c) => c.startsWith('speed'))!;
  assert.match(speed, /min 40\b/);
  assert.match(speed, /max 199\b/);
  // Chart.js drew on its canvases (not blank): some pixel of the shape chart is painted.
  const painted = await stats.locator('dataset-stats canvas').nth(1).evaluate((c) => {
    const cv = c as HTMLCanvasElement;
    const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) return true;
    return false;
  });
  assert.ok(painted, 'the chart canvas is blank');
  await shot('curate-10-dataset-statistics');
  assert.deepEqual(run!.cspViolations, [], 'a webview broke its CSP');
  passed = true;
});
