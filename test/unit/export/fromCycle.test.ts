import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCycle, type AttemptInput } from '../../../src/core/cycles';
import type { SampleRecord } from '../../../src/core/datasets/record';
import { exportSamples } from '../../../src/core/export/export';
import { cycleExportDir, samplesFromCycle } from '../../../src/core/export/fromCycle';
import { LeakError } from '../../../src/core/export/leak';
import { answerPrompt, rationalizationPrompt } from '../../../src/core/prompts/prompts';
import { storeDataset, tempDir } from './helpers';

const root = path.join(__dirname, '..', '..', '..');
const Q = 'What activity is shown in the video?';
const LABELS: Record<string, string> = { s1: 'dancing', s2: 'skateboarding', s3: 'swimming', s4: 'juggling', s5: 'surfing', s6: 'rowing' };

function vstar(args: string[]) {
  const code = "require('./src/cli/main').run(process.argv.slice(1)).then((c) => { process.exitCode = c; })";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code, '--', ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function writeActs(workdir: string, videos: string): Promise<void> {
  const records: SampleRecord[] = Object.entries(LABELS).map(([id, label]) => ({ id, video: `clips/${id}.mp4`, split: 'train', labels: { action: label } }));
  await storeDataset(workdir, 'acts', videos, records, { action: { type: 'class', values: Object.values(LABELS) } });
}

function attempt(sampleId: string, stage: 'answer' | 'rationalize', tryNo: number, over: Partial<AttemptInput> = {}): AttemptInput {
  const label = LABELS[sampleId] ?? 'something';
  return {
    sampleId,
    stage,
    try: tryNo,
    backend: 'openai-compatible',
    prompt: stage === 'answer' ? answerPrompt(Q) : rationalizationPrompt(Q, label),
    question: Q,
    output: `The person moves rhythmically (${sampleId}, ${stage} ${tryNo}). Therefore, the activity is ${label}.`,
    timing: { startedAt: '2026-01-01T00:00:00.000Z', ms: 100 },
    ...over,
  };
}

const id = (cycle: number, sampleId: string, stage: string, t: number) => `c${cycle}/${stage}/${t}/${sampleId}`;

/** Cycle 1 of a workdir: every way a sample can end up in, or out of, the export. */
async function buildCycle(workdir: string): Promise<void> {
  const store = await createCycle(workdir, { model: 'tiny-vlm@c1', dataset: 'acts' });
  try {
    await store.appendAttempts([
      attempt('s1', 'answer', 0),
      attempt('s2', 'answer', 0, { output: 'Therefore, the person is walking.' }),
      attempt('s2', 'rationalize', 0),
      attempt('s3', 'answer', 0),
      attempt('s4', 'answer', 0),
      // Log order is not preference order: the rationalization and the second try come first.
      attempt('s5', 'rationalize', 0),
      attempt('s5', 'answer', 1),
      attempt('s5', 'answer', 0),
      attempt('s6', 'answer', 0),
    ]);
    const v = (cycle: number, s: string, stage: string, t: number, pass: boolean) => ({
      attemptId: id(cycle, s, stage, t),
      pass,
      verifier: 'label-match@1',
      checks: [{ field: 'action', pass, kind: 'class-named', expected: LABELS[s] }],
    });
    await store.appendVerdicts([
      v(1, 's1', 'answer', 0, false), // re-verified below: the last verdict wins
      v(1, 's2', 'answer', 0, false),
      v(1, 's2', 'rationalize', 0, true),
      v(1, 's3', 'answer', 0, true),
      v(1, 's4', 'answer', 0, false),
      v(1, 's5', 'rationalize', 0, true),
      v(1, 's5', 'answer', 1, true),
      v(1, 's5', 'answer', 0, true),
      v(1, 's1', 'answer', 0, true),
    ]);
    await store.appendReviews([
      { attemptId: id(1, 's3', 'answer', 0), decision: 'reject' },
      { attemptId: id(1, 's4', 'answer', 0), decision: 'accept' },
      { attemptId: id(1, 's1', 'answer', 0), decision: 'reject' },
      { attemptId: id(1, 's1', 'answer', 0), decision: 'clear' }, // cleared: the verdict decides again
    ]);
  } finally {
    await store.close();
  }
}

test('samples from a cycle: one kept attempt per sample, answers before rationalizations, joined with the dataset', async () => {
  const t = tempDir();
  try {
    const workdir = path.join(t.dir, 'vstar');
    const videos = path.join(t.dir, 'videos');
    await writeActs(workdir, videos);
    await buildCycle(workdir);
    const got = await samplesFromCycle(workdir, 1);
    assert.deepEqual(got.problems, []);
    assert.equal(got.dataset, 'acts');
    assert.deepEqual(
      got.samples.map((s) => [s.sampleId, s.id, s.stage, s.review ?? null, s.verdict.pass]),
      [
        ['s1', id(1, 's1', 'answer', 0), 'answer', null, true],
        ['s2', id(1, 's2', 'rationalize', 0), 'rationalize', null, true],
        ['s4', id(1, 's4', 'answer', 0), 'answer', 'accept', false],
        ['s5', id(1, 's5', 'answer', 0), 'answer', null, true],
      ],
    );
    assert.deepEqual(got.unpicked, [
      { sampleId: 's3', attempts: 1, reason: 'review-reject' },
      { sampleId: 's6', attempts: 1, reason: 'not-verified' },
    ]);
    const s2 = got.samples[1]!;
    assert.equal(s2.video, path.join(videos, 'clips', 's2.mp4'));
    assert.equal(s2.question, Q);
    assert.equal(s2.hintPrompt, rationalizationPrompt(Q, 'skateboarding'));
    assert.equal(got.samples[0]!.hintPrompt, undefined);
    assert.equal(s2.model, 'tiny-vlm@c1');
    assert.deepEqual(s2.verdict.checks, [{ field: 'action', pass: true, kind: 'class-named', expected: 'skateboarding' }]);

    // Relative clip paths for a trainer with its own video folder; a clip outside it is refused.
    const rel = await samplesFromCycle(workdir, 1, { videoRoot: videos });
    assert.deepEqual(rel.samples.map((s) => s.video), ['clips/s1.mp4', 'clips/s2.mp4', 'clips/s4.mp4', 'clips/s5.mp4']);
    const outside = await samplesFromCycle(workdir, 1, { videoRoot: path.join(videos, 'clips', 'none') });
    assert.equal(outside.problems.length, 4);
    assert.match(outside.problems[0]!.message, /outside --video-root/);

    // The export itself: into the cycle's exports folder, bare questions only.
    const result = await exportSamples(got.samples, 'llava', cycleExportDir(workdir, 1));
    assert.deepEqual(result.files, [path.join(workdir, 'cycles', '1', 'exports', 'vstar.llava.json')]);
    const llava = JSON.parse(fs.readFileSync(result.files[0]!, 'utf8')) as { id: string; video: string; conversations: { from: string; value: string }[] }[];
    assert.equal(llava.length, 4);
    for (const r of llava) {
      assert.doesNotMatch(r.conversations[0]!.value, /Answer:|skateboarding/);
      assert.match(r.conversations[0]!.value, /What activity is shown in the video\?/);
    }
  } finally {
    t.cleanup();
  }
});

test('a rationalized attempt whose question holds its hint fails the export loudly, writing nothing', async () => {
  const t = tempDir();
  try {
    const workdir = path.join(t.dir, 'vstar');
    await writeActs(workdir, path.join(t.dir, 'videos'));
    const store = await createCycle(workdir, { model: 'tiny-vlm@c1', dataset: 'acts' });
    try {
      await store.appendAttempts([
        attempt('s1', 'answer', 0),
        // A worker bug: the prompt (with its "Answer: …" hint) stored as the question.
        attempt('s2', 'rationalize', 0, { question: `${Q}\nAnswer: skateboarding.` }),
      ]);
      await store.appendVerdicts([
        { attemptId: id(1, 's1', 'answer', 0), pass: true, verifier: 'v', checks: [] },
        { attemptId: id(1, 's2', 'rationalize', 0), pass: true, verifier: 'v', checks: [] },
      ]);
    } finally {
      await store.close();
    }
    const got = await samplesFromCycle(workdir, 1);
    assert.deepEqual(got.problems, []);
    const outDir = cycleExportDir(workdir, 1);
    await assert.rejects(exportSamples(got.samples, 'llama-factory', outDir), (err: unknown) => {
      assert.ok(err instanceof LeakError);
      assert.equal(err.sampleId, 's2');
      assert.match(err.message, /Answer: skateboarding/);
      return true;
    });
    assert.deepEqual(fs.readdirSync(outDir), []);

    // The CLI says so and exits non-zero, with nothing written either.
    const r = vstar(['export', '--cycle', '1', '--format', 'metadata', '--workdir', workdir]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /hint leak in sample s2/);
    assert.deepEqual(fs.readdirSync(outDir), []);
  } finally {
    t.cleanup();
  }
});

test('vstar export --cycle: default output folder, summary, and refusal when an attempt has no dataset record', async () => {
  const t = tempDir();
  try {
    const workdir = path.join(t.dir, 'vstar');
    const videos = path.join(t.dir, 'videos');
    await writeActs(workdir, videos);
    await buildCycle(workdir);
    const r = vstar(['--json', 'export', '--cycle', '1', '--format', 'metadata', '--workdir', workdir, '--video-root', videos]);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout) as { ok: boolean; files: string[]; counts: { exported: number }; unpicked: Record<string, number> };
    assert.equal(res.ok, true);
    assert.deepEqual(res.files, [path.join(workdir, 'cycles', '1', 'exports', 'vstar.metadata.jsonl')]);
    assert.equal(res.counts.exported, 4);
    assert.deepEqual(res.unpicked, { 'review-reject': 1, 'verdict-fail': 0, 'not-verified': 1 });
    const lines = fs.readFileSync(res.files[0]!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { sampleId: string; video: string; stage: string });
    assert.deepEqual(lines.map((l) => l.sampleId), ['s1', 's2', 's4', 's5']);
    assert.deepEqual(lines.map((l) => l.video), ['clips/s1.mp4', 'clips/s2.mp4', 'clips/s4.mp4', 'clips/s5.mp4']);

    const usage = vstar(['export', '--cycle', '1', '--input', res.files[0]!, '--format', 'llava', '--workdir', workdir]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /exactly one of --input/);

    const store = await createCycle(workdir, { model: 'tiny-vlm@c2', dataset: 'acts' });
    try {
      await store.appendAttempts([attempt('ghost', 'answer', 0)]);
      await store.appendVerdicts([{ attemptId: id(2, 'ghost', 'answer', 0), pass: true, verifier: 'v', checks: [] }]);
    } finally {
      await store.close();
    }
    const bad = vstar(['export', '--cycle', '2', '--format', 'llava', '--workdir', workdir]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /sample "ghost" .* is not a valid record of dataset "acts"/);
    assert.deepEqual(fs.readdirSync(cycleExportDir(workdir, 2)), []);
  } finally {
    t.cleanup();
  }
});
