import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalOnnxBackend, questionAndHint } from '../../../src/core/generate/local';
import type { MediaPart } from '../../../src/core/generate/backend';
import { TinyVocab } from '../../../src/core/generate/tinyvlm/vocab';
import { pickUniform } from '../../../src/core/generate/tinyvlm/pixels';
import { prettyAnswer } from '../../../src/core/generate/tinyvlm/text';
import { sampleToken } from '../../../src/core/generate/tinyvlm/runner';
import { answerPrompt, rationalizationPrompt } from '../../../src/core/prompts/prompts';
import { makeSampleDataset } from '../../../src/core/sample/dataset';
import { framesAsDataUrls, sampleFrames } from '../../../src/core/frames/sample';
import type { SampleRecord } from '../../../src/core/datasets/record';

// The committed starting model, built by `python -m vstar_workers.tinyvlm.train --out models/tiny`,
// run with the real onnxruntime-node on real sample clips and real ffmpeg frames.
const MODEL = path.resolve(__dirname, '../../../models/tiny');
let dir: string;
let clips: { record: SampleRecord; media: MediaPart[] }[];
let backend: LocalOnnxBackend;
let vocab: TinyVocab;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  const { records } = await makeSampleDataset({ out: dir, count: 3, seed: 5 });
  clips = await Promise.all(
    records.map(async (record) => {
      const frames = await sampleFrames(path.join(dir, record.video), { frames: 4, cacheDir: path.join(dir, 'cache') });
      return { record, media: (await framesAsDataUrls(frames)).map((url): MediaPart => ({ type: 'image_url', image_url: { url } })) };
    }),
  );
  backend = new LocalOnnxBackend({ model: MODEL });
  vocab = TinyVocab.load(path.join(MODEL, 'vocab.json'));
});
after(async () => {
  await backend?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ask = (clip: { media: MediaPart[] }, prompt: string, temperature: number, seed?: number): Promise<string> =>
  backend.complete({ prompt, media: clip.media, sampling: { temperature, ...(seed === undefined ? {} : { seed }) } });

test('tiny model: answers are sentences of vocabulary words ending in a conclusion', async () => {
  assert.equal(backend.frames, 4);
  for (const c of clips) {
    const a = await ask(c, answerPrompt('What is the shape in the video?'), 0);
    assert.match(a, /^([A-Z][a-z]*( [a-z]+)*\.)( [A-Z][a-z]*( [a-z]+)*\.)*$/, a);
    assert.ok(vocab.encode(a).every((id) => id !== vocab.meta.unk), a);
    assert.match(a, /So the shape is a (circle|square|triangle)\.$/, a);
  }
});

test('tiny model: temperature 0 is deterministic; a seed fixes a sampled answer; sampling varies', async () => {
  const c = clips[0]!;
  const p = answerPrompt('Which way does the red circle move?');
  assert.equal(await ask(c, p, 0), await ask(c, p, 0));
  assert.equal(await ask(c, p, 1.5, 7), await ask(c, p, 1.5, 7));
  const seen = new Set(await Promise.all(Array.from({ length: 12 }, (_, i) => ask(c, p, 1.5, i))));
  assert.ok(seen.size > 1, 'temperature 1.5 gives more than one answer over 12 seeds');
});

test('tiny model: the hint of a rationalization prompt steers the conclusion', async () => {
  const c = clips[1]!;
  const q = 'Which way does the blue square move?';
  const answers = await Promise.all(['left', 'right', 'up', 'down'].map((d) => ask(c, rationalizationPrompt(q, d), 0)));
  ['left', 'right', 'up', 'down'].forEach((d, i) => assert.match(answers[i]!, new RegExp(`the direction is ${d}\\.$`), answers[i]));
  assert.equal(new Set(answers).size, 4);
});

test('tiny model: a request with no frames is a clear, non-retryable error', async () => {
  await assert.rejects(backend.complete({ prompt: 'Question: x', media: [], sampling: {} }), (e: Error & { retryable?: boolean }) => /needs the clip as frames/.test(e.message) && e.retryable === false);
});

test('tiny model helpers: prompt parsing, uniform picks, pretty text, greedy and sampled tokens', () => {
  assert.deepEqual(questionAndHint(answerPrompt('What is the shape?')), { question: 'What is the shape?', hint: '' });
  assert.deepEqual(questionAndHint(rationalizationPrompt('Which way?', 'left')), { question: 'Which way?', hint: 'left' });
  assert.deepEqual(pickUniform(8, 4), [1, 3, 5, 7]);
  assert.deepEqual(pickUniform(4, 4), [0, 1, 2, 3]);
  assert.deepEqual(pickUniform(1, 4), [0, 0, 0, 0]);
  assert.equal(prettyAnswer('i see a red circle . so the shape is a circle .'), 'I see a red circle. So the shape is a circle.');
  const logits = new Float32Array([0, 0, 5, 1, 0]);
  assert.equal(sampleToken(logits, 1, 4, 0, 0.99), 1, 'greedy picks the max of its own row');
  assert.equal(sampleToken(logits, 0, 5, 1, 0), 0);
  assert.equal(sampleToken(logits, 0, 5, 1, 0.5), 2);
  // Top-p 0.5 keeps only token 2 (probability ~0.95): any draw gives it.
  for (const u of [0, 0.3, 0.99]) assert.equal(sampleToken(logits, 0, 5, 1, u, 0.5), 2);
  // Without top-p, a draw near 1 reaches the last tokens.
  assert.equal(sampleToken(logits, 0, 5, 1, 0.999), 4);
});
