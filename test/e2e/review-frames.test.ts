// FineDiving as shipped, in the review panel of a real VS Code (code-server + Chromium): the
// dataset is imported from the release's pickles with clips as frame folders
// (FINADiving_MTL_256s/<video>/<clip>/00000.jpg…), a cycle of two attempts is written with
// the store API, and "Video-STaR: Open Review" must play the first clip — an H.264 preview
// made from the frame folder by ffmpeg's image-sequence input — in the webview's <video>;
// the Datasets tree names the missing clip folder with the path it looked for.
// Needs `npm run package` and `bash scripts/setup-e2e.sh`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Locator, type Page } from 'playwright-core';
import { createCycle } from '../../src/core/cycles';
import { importDataset, writeDataset } from '../../src/core/datasets';
import { waitFor } from './codeServer';
import { closeWorkbench, openPane, openWorkbench, prepareE2e, runCommand, screenshot, webviewFrame, type E2eRun } from './workbench';

const UI_TIMEOUT = 60_000;
const FIXTURE = path.resolve(__dirname, '../fixtures/datasets/finediving');
let run: E2eRun | undefined;
let page: Page;
let workspace: string;
let passed = false;

async function buildProject(): Promise<void> {
  const data = path.join(workspace, 'FineDiving');
  fs.cpSync(FIXTURE, data, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'vstar.yaml'), [
    'version: 1',
    'datasets:',
    '  diving:',
    '    format: finediving',
    '    annotations: FineDiving/Annotations/FineDiving_fine-grained_annotation.pkl',
    '    root: FineDiving/FINADiving_MTL_256s',
    '    fps: 25',
    '',
  ].join('\n'));
  const workdir = path.join(workspace, 'vstar');
  const r = await importDataset({ name: 'diving', format: 'finediving', annotations: path.join(data, 'Annotations', 'FineDiving_fine-grained_annotation.pkl'), root: path.join(data, 'FINADiving_MTL_256s'), fps: 25 });
  assert.deepEqual(r.problems, []);
  await writeDataset(path.join(workdir, 'datasets'), 'diving', r);
  const store = await createCycle(workdir, { model: 'tiny-vlm', dataset: 'diving' });
  const out = 'The diver faces the board, turns inward and tucks for three and a half somersaults. So the dive is 407C.';
  const attempts = await store.appendAttempts(['01-1', '01-2'].map((sampleId) => ({
    sampleId, stage: 'answer' as const, try: 0, backend: 'openai-compatible', prompt: 'Question: Which dive does the diver perform?',
    question: 'Which dive does the diver perform? Give its dive number.', output: out, timing: { startedAt: '2025-01-01T00:00:00.000Z', ms: 10 },
  })));
  const at = out.lastIndexOf('407C');
  await store.appendVerdicts(attempts.map((a, i) => ({ attemptId: a.id, pass: i === 0, verifier: 'label-match@1', checks: [{
    field: 'action_type', pass: i === 0, kind: 'class', expected: i === 0 ? '407C' : '5253B', extracted: '407C', span: [at, at + 4] as [number, number],
    score: i === 0 ? 1 : 0, threshold: 1, note: i === 0 ? 'label named' : 'another class named' }] })));
  await store.close();
}

before(async () => {
  run = prepareE2e();
  workspace = path.join(run.tmp, 'project');
  fs.mkdirSync(workspace, { recursive: true });
  await buildProject();
  ({ page } = await openWorkbench(run, workspace));
});

after(() => closeWorkbench(run, passed, 'review-frames-failure'));

test('a FineDiving clip that is a folder of frames plays in the review panel as an H.264 preview', { timeout: 240_000 }, async () => {
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await runCommand(page, 'Video-STaR: Open Review', UI_TIMEOUT);
  const frame = webviewFrame(page);
  await waitFor('counts in the review panel', async () => (await frame.locator('[data-testid="counts"]').innerText().catch(() => '')).includes('2 attempts'), UI_TIMEOUT);
  const video = frame.locator('video');
  await video.waitFor({ state: 'attached', timeout: UI_TIMEOUT });
  // Loaded and decodable: 12 frames at 25 fps.
  const state = await waitFor('the preview loaded in the <video>', async () => {
    const s = await video.evaluate((v: HTMLVideoElement) => ({ ready: v.readyState, duration: v.duration, src: v.currentSrc, error: v.error?.code ?? null, w: v.videoWidth })).catch(() => undefined);
    return s && s.ready >= 2 ? s : undefined;
  }, UI_TIMEOUT).catch(async (err) => {
    await screenshot(page, 'review-frames-failed');
    throw err;
  });
  assert.equal(state.error, null);
  assert.match(state.src, /\.mp4$/);
  assert.ok(Math.abs(state.duration - 0.48) < 0.05, `duration ${state.duration}`);
  assert.equal(state.w, 64);
  await screenshot(page, 'review-frames-01-finediving');
  assert.deepEqual(run!.cspViolations, [], 'the review webview broke its own CSP');
  passed = true;
});

test('the Datasets tree names a missing clip folder with the path looked for, and opens a frame folder at its first frame', { timeout: 180_000 }, async () => {
  passed = false;
  await page.keyboard.press('Escape');
  await page.locator('.part.activitybar a.action-label[aria-label^="Video-STaR"]').click();
  await openPane(page, 'Datasets', UI_TIMEOUT);
  const rows = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) }).locator('.monaco-list-row');
  const row = (text: RegExp): Locator => rows.filter({ hasText: text }).first();
  const expand = async (text: RegExp): Promise<void> => {
    const r = row(text);
    await r.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
    await waitFor(`${String(text)} expanded`, async () => (await r.getAttribute('aria-expanded')) === 'true', UI_TIMEOUT);
  };
  await expand(/^\s*diving/);
  await expand(/^\s*action_type/);
  await expand(/^\s*626C/);
  const missing = row(/FINADivingWorldCup2021_Men3m_final_r1-9/);
  const looked = path.join(workspace, 'FineDiving', 'FINADiving_MTL_256s', 'FINADivingWorldCup2021_Men3m_final_r1', '9');
  await waitFor('the missing clip named with its path', async () => (await missing.innerText().catch(() => '')).replace(/\s+/g, ' ').includes(`missing: ${looked}`), UI_TIMEOUT);
  // Widen the side bar so the row's description (the path) shows in the screenshot.
  await page.mouse.move(350, 400);
  await page.mouse.down();
  await page.mouse.move(1100, 400, { steps: 5 });
  await page.mouse.up();
  await missing.scrollIntoViewIfNeeded();
  await page.mouse.move(1200, 700);
  await screenshot(page, 'review-frames-02-datasets-tree');
  await row(/^\s*626C/).click(); // collapse: room for 407C's clip
  await expand(/^\s*407C/);
  const clip = row(/01-1\s*train/); // label and description run together in innerText
  await clip.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await clip.click();
  await page.locator('.tabs-container .tab', { hasText: '00000.jpg' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  passed = true;
});
