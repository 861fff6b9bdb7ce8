// The Datasets and Cycles trees and the palette commands in a real VS Code (code-server +
// headless Chromium, the packaged .vsix): a project with the synthetic sample dataset
// (real H.264 clips made by ffmpeg, imported by the core), a 1000-clip dataset and a
// cycle built with the store API. The Datasets tree shows dataset → label field → value
// (clip counts) → clips, a page at a time with "Show more…", and a clip opens in an
// editor; the Cycles tree shows the stages with counts and pass rates. From the palette:
// "New Cycle" writes cycle 2 on disk; "Set API Token" stores a token in SecretStorage;
// "Generate Answers" runs the core engine in the extension host against a local
// OpenAI-compatible server (the real protocol on loopback, test/support/chatServer.ts),
// which receives the stored token; the attempts land in cycle 2 and the tree counts them.
// Needs `npm run package` and `bash scripts/setup-e2e.sh`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Locator, type Page } from 'playwright-core';
import { createCycle } from '../../src/core/cycles';
import { importDataset, writeDataset } from '../../src/core/datasets';
import { makeSampleDataset } from '../../src/core/sample/dataset';
import { startChatServer, type ChatServer } from '../support/chatServer';
import { waitFor } from './codeServer';
import { closeWorkbench, openPane, openWorkbench, prepareE2e, runCommand, screenshot, type E2eRun } from './workbench';

const UI_TIMEOUT = 60_000;
const TOKEN = 'e2e-secret-token';

let run: E2eRun | undefined;
let chat: ChatServer | undefined;
let page: Page;
let workspace: string;
let passed = false;

const shot = async (name: string) => {
  await page.mouse.move(900, 600); // no hover tooltip over the tree
  await page.waitForTimeout(300);
  await screenshot(page, name);
};
const pane = (title: string): Locator => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: title }) });
const row = (title: string, text: string | RegExp): Locator => pane(title).locator('.monaco-list-row', { hasText: text }).first();
const clean = (s: string): string => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
/** A row's label and description, space-separated (innerText runs them together). */
async function rowText(r: Locator): Promise<string> {
  const label = await r.locator('.label-name').first().innerText({ timeout: 1000 }).catch(() => '');
  const description = await r.locator('.label-description').first().innerText({ timeout: 1000 }).catch(() => '');
  return clean(`${label} ${description}`);
}
const textOf = (title: string, text: string | RegExp): Promise<string> => rowText(row(title, text));

async function buildProject(chatUrl: string): Promise<void> {
  const workdir = path.join(workspace, 'vstar');
  await makeSampleDataset({ out: path.join(workspace, 'sample'), count: 12, seed: 1 });
  // 1000 records of two classes over one real clip: a value list long enough to page
  const many = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ id: `m${i}`, video: 'clips/clip-0001.mp4', split: 'train', kind: i % 4 === 0 ? 'rare' : 'common' }));
  fs.writeFileSync(path.join(workspace, 'sample', 'many.jsonl'), many.join('\n') + '\n');
  fs.writeFileSync(path.join(workspace, 'vstar.yaml'), [
    '# e2e project',
    'version: 1',
    'workdir: vstar',
    'datasets:',
    '  sample:',
    '    format: jsonl',
    '    annotations: sample/annotations.jsonl',
    '    root: sample',
    '  many:',
    '    format: jsonl',
    '    annotations: sample/many.jsonl',
    '    root: sample',
    'tasks:',
    '  shape:',
    '    dataset: sample',
    '    field: shape',
    'backends:',
    '  fake:',
    '    type: openai',
    `    url: ${chatUrl}`,
    '    model: fake-vlm',
    '    frames: 2',
    'cycles:',
    '  backend: fake',
    '  concurrency: 2',
    '',
  ].join('\n'));
  for (const name of ['sample', 'many']) {
    const result = await importDataset({ name, format: 'jsonl', annotations: path.join(workspace, 'sample', `${name === 'sample' ? 'annotations' : 'many'}.jsonl`), root: path.join(workspace, 'sample') });
    assert.equal(result.problems.length, 0, JSON.stringify(result.problems));
    await writeDataset(path.join(workdir, 'datasets'), name, result);
  }
  // cycle 1: three answers about the sample clips, two passed, one failed
  const store = await createCycle(workdir, { model: 'fake-vlm', dataset: 'sample' });
  const attempts = await store.appendAttempts(['clip-0001', 'clip-0002', 'clip-0003'].map((sampleId) => ({
    sampleId, stage: 'answer' as const, try: 0, backend: 'openai-compatible', prompt: 'Question: Which shape is shown?', question: 'Which shape is shown?',
    output: 'So the answer is circle.', timing: { startedAt: '2025-01-01T00:00:00.000Z', ms: 10 },
  })));
  await store.appendVerdicts(attempts.map((a, i) => ({ attemptId: a.id, pass: i !== 2, verifier: 'label-match@1', checks: [] })));
  await store.close();
}

before(async () => {
  run = prepareE2e();
  workspace = path.join(run.tmp, 'project');
  // The "model": names the hinted label when the prompt gives one, else says circle.
  chat = await startChatServer((req) => {
    const hint = /Answer: ([^.\n]+)\./.exec(req.prompt)?.[1];
    return { content: `It has a clear outline and moves steadily. So the answer is ${hint ?? 'circle'}.` };
  });
  await buildProject(chat.url);
  ({ page } = await openWorkbench(run, workspace, { settings: { 'vstar.trees.pageSize': 10 }, viewport: { width: 1400, height: 1400 } }));
});

after(async () => {
  await closeWorkbench(run, passed, 'trees-failure');
  await chat?.close();
});

async function expand(title: string, text: string | RegExp): Promise<void> {
  const r = row(title, text);
  await r.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  await waitFor(`${String(text)} expanded`, async () => (await r.getAttribute('aria-expanded')) === 'true', UI_TIMEOUT);
}

async function closePane(title: string): Promise<void> {
  const header = page.locator('.part.sidebar .pane-header', { hasText: title }).first();
  if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
}

test('Datasets tree: dataset → field → value with counts → clips, paged, and a clip opens', { timeout: 240_000 }, async () => {
  const icon = page.locator('.part.activitybar a.action-label[aria-label^="Video-STaR"]');
  await icon.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  if (!(await page.locator('.part.sidebar .pane-header', { hasText: 'Datasets' }).first().isVisible().catch(() => false))) await icon.click();
  await closePane('Jobs');
  await closePane('Review');
  await closePane('Cycles'); // tree rows are virtualized: the pane needs the height
  await openPane(page, 'Datasets', UI_TIMEOUT);
  await waitFor('the sample dataset with its clip count', async () => /sample 12 clips/.test(await textOf('Datasets', /^\s*sample/)), UI_TIMEOUT);
  assert.match(await textOf('Datasets', /^\s*many/), /many 1,000 clips/);

  await expand('Datasets', /^\s*sample/);
  await waitFor('the shape field', async () => /shape class · 3 values/.test(await textOf('Datasets', /^\s*shape/)), UI_TIMEOUT);
  await expand('Datasets', /^\s*shape/);
  const values = await waitFor('value rows with clip counts', async () => {
    // Tree rows are virtualized: keep the other panes closed (a view that opens itself, e.g.
    // the review side view when it gets its first cycle, would take the rows' height).
    for (const other of ['Jobs', 'Review', 'Cycles']) await closePane(other);
    const rows = pane('Datasets').locator('.monaco-list-row');
    const texts: string[] = [];
    for (let i = 0; i < (await rows.count()); i++) texts.push(await rowText(rows.nth(i)));
    const v = texts.filter((t) => /^(circle|square|triangle) \d+ clips?$/.test(t));
    return v.length === 3 ? v : undefined;
  }, UI_TIMEOUT);
  const total = values.reduce((n, t) => n + Number(/(\d+) clips?$/.exec(t)![1]), 0);
  assert.equal(total, 12, `the values' counts add up to the dataset: ${values.join(' | ')}`);
  const first = values[0]!.split(' ')[0]!;
  await expand('Datasets', new RegExp(`^\\s*${first}`));
  const clip = row('Datasets', /clip-\d{4}/);
  await clip.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const clipId = /clip-\d{4}/.exec(await clip.innerText())![0];
  await shot('trees-01-datasets');
  await clip.click();
  await page.locator('.tabs-container .tab', { hasText: `${clipId}.mp4` }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await shot('trees-02-clip-opened');

  // 750 "common" clips at 10 per page: ten rows, then Show more… grows the list by a page
  await expand('Datasets', /^\s*sample/); // collapse sample again to make room
  await row('Datasets', /^\s*sample/).click();
  await expand('Datasets', /^\s*many/);
  await expand('Datasets', /^\s*kind/);
  await waitFor('kind values', async () => /common 750 clips/.test(await textOf('Datasets', /^\s*common/)), UI_TIMEOUT);
  await expand('Datasets', /^\s*common/);
  const more = row('Datasets', /Show more/);
  await waitFor('Show more… after the first page', async () => /Show more… 740 more/.test(await rowText(more)), UI_TIMEOUT);
  // A notification toast left by an earlier step can cover the bottom rows of the tree.
  await runCommand(page, 'Notifications: Clear All Notifications', UI_TIMEOUT).catch(() => undefined);
  await more.click();
  // A click that lands while the tree re-renders the row is lost (the row still says 740):
  // click again then, never once the second page is there.
  let clicked = Date.now();
  await waitFor('the second page', async () => {
    const text = await rowText(more);
    if (/Show more… 730 more/.test(text)) return true;
    if (/Show more… 740 more/.test(text) && Date.now() - clicked > 5000) {
      await more.click().catch(() => undefined);
      clicked = Date.now();
    }
    return false;
  }, UI_TIMEOUT);
  await shot('trees-03-show-more');
  await row('Datasets', /^\s*many/).click(); // collapse
  passed = true;
});

test('Cycles tree: stages with counts and pass rates; New Cycle from the palette writes cycle 2', { timeout: 240_000 }, async () => {
  passed = false;
  await closePane('Datasets');
  await openPane(page, 'Cycles', UI_TIMEOUT);
  await waitFor('cycle 1 with its pass rate', async () => /Cycle 1 fake-vlm · sample · 3 attempts · pass 66.7%/.test(await textOf('Cycles', 'Cycle 1')), UI_TIMEOUT);
  await expand('Cycles', 'Cycle 1');
  await waitFor('the generate stage', async () => /Generate 3 answers · 3 samples · pass 66.7%/.test(await textOf('Cycles', /^\s*Generate/)), UI_TIMEOUT);
  assert.match(await textOf('Cycles', /^\s*Verify/), /3\/3 verified · pass 66.7%/);
  assert.match(await textOf('Cycles', /^\s*Review/), /0 accepted · 0 rejected · 2 to review/);
  assert.match(await textOf('Cycles', /^\s*Evaluate/), /not started/);
  await expand('Cycles', /^\s*Verify/);
  await expand('Cycles', /^\s*Failed/);
  await waitFor('the failed attempt', async () => /clip-0003 answer #0 · failed/.test(await textOf('Cycles', 'clip-0003')), UI_TIMEOUT);
  await shot('trees-04-cycles');

  await runCommand(page, 'Video-STaR: New Cycle', UI_TIMEOUT);
  const input = page.locator('.quick-input-widget input');
  // dataset: the previous cycle's is first; model: the previous cycle's, pre-filled
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'sample' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.press('Enter');
  await waitFor('the model input', async () => (await input.inputValue()) === 'fake-vlm', UI_TIMEOUT);
  await input.press('Enter');
  const state = path.join(workspace, 'vstar', 'cycles', '2', 'state.json');
  await waitFor('cycle 2 on disk', () => fs.existsSync(state), UI_TIMEOUT);
  assert.deepEqual((({ cycle, model, dataset }) => ({ cycle, model, dataset }))(JSON.parse(fs.readFileSync(state, 'utf8')) as Record<string, unknown>), { cycle: 2, model: 'fake-vlm', dataset: 'sample' });
  await waitFor('cycle 2 in the tree', async () => /Cycle 2 fake-vlm · sample · 0 attempts/.test(await textOf('Cycles', 'Cycle 2')), UI_TIMEOUT);
  await shot('trees-05-new-cycle');
  passed = true;
});

test('Set API Token, then Generate Answers runs the engine in the extension host with the stored token', { timeout: 300_000 }, async () => {
  passed = false;
  const input = page.locator('.quick-input-widget input');
  await runCommand(page, 'Video-STaR: Set API Token…', UI_TIMEOUT);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'fake' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.press('Enter');
  await waitFor('the token input', async () => (await input.getAttribute('type')) === 'password', UI_TIMEOUT);
  await input.fill(TOKEN);
  await input.press('Enter');
  await page.locator('.notification-toast', { hasText: 'stored' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });

  await runCommand(page, 'Video-STaR: Generate Answers', UI_TIMEOUT);
  // two cycles: the newest is offered first
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Cycle 2' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.press('Enter');
  const attemptsFile = path.join(workspace, 'vstar', 'cycles', '2', 'attempts.jsonl');
  const state = path.join(workspace, 'vstar', 'cycles', '2', 'state.json');
  await waitFor('generation done in state.json', () => {
    const s = JSON.parse(fs.readFileSync(state, 'utf8')) as { stages: Record<string, { status: string }> };
    return s.stages.generate?.status === 'done';
  }, 180_000, 250);
  const attempts = fs.readFileSync(attemptsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { sampleId: string; stage: string; output: string });
  const trainIds = fs.readFileSync(path.join(workspace, 'vstar', 'datasets', 'sample', 'records.jsonl'), 'utf8').trim().split('\n')
    .map((l) => JSON.parse(l) as { id: string; split: string; labels: { shape: string } }).filter((r) => r.split === 'train');
  const direct = attempts.filter((a) => a.stage === 'answer');
  assert.deepEqual(direct.map((a) => a.sampleId).sort(), trainIds.map((r) => r.id).sort(), 'one direct answer per train clip');
  const notCircle = trainIds.filter((r) => r.labels.shape !== 'circle').map((r) => r.id).sort();
  assert.deepEqual(attempts.filter((a) => a.stage === 'rationalize').map((a) => a.sampleId).sort(), notCircle, 'the failures were rationalized with the hint');
  assert.ok(chat!.requests.length >= attempts.length);
  assert.ok(chat!.requests.every((r) => r.authorization === `Bearer ${TOKEN}`), 'every request carried the token from SecretStorage');
  assert.ok(chat!.requests.some((r) => r.body.messages.some((m) => Array.isArray(m.content) && m.content.some((p) => p.type === 'image_url'))), 'frames were sent');

  await waitFor('cycle 2 counted in the tree', async () => new RegExp(`Cycle 2 fake-vlm · sample · ${attempts.length} attempts · pass 100%`).test(await textOf('Cycles', 'Cycle 2')), UI_TIMEOUT);
  await row('Cycles', 'Cycle 1').click(); // collapse cycle 1: its stages have the same names
  await expand('Cycles', 'Cycle 2');
  await waitFor('cycle 2 stages', async () => /Rationalize \d+ hinted answers · recovered (\d+)\/\1 \(100%\)/.test(await textOf('Cycles', /^\s*Rationalize/)), UI_TIMEOUT);
  await shot('trees-06-generated');
  const errors = await page.locator('.notification-toast', { has: page.locator('.codicon-error') }).allInnerTexts();
  assert.deepEqual(errors, [], 'no error notification');
  passed = true;
});
