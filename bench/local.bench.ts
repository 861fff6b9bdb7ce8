/**
 * The `local` backend: answers/s of the tiny video-language model (models/tiny) through
 * LocalOnnxBackend.complete — prompt parsing, cached clip pixels, batched ONNX decoding
 * with temperature sampling — at concurrency 64 on real sample clips. Target: ≥ 300
 * answers/s on 2 CPU cores. Baseline in the same run: the same answers one at a time
 * (no batching), which is what a plain per-request loop would give.
 * LOCAL_BENCH_N sets the answer count (default 3,000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalOnnxBackend } from '../src/core/generate/local';
import type { MediaPart } from '../src/core/generate/backend';
import { answerPrompt, rationalizationPrompt } from '../src/core/prompts/prompts';
import { makeSampleDataset } from '../src/core/sample/dataset';
import { framesAsDataUrls, sampleFrames } from '../src/core/frames/sample';

const N = Number(process.env.LOCAL_BENCH_N ?? 3000);
const CONCURRENCY = 64;
const QUESTIONS = ['What is the shape in the video?', 'Which color does the video show?', 'Which way does the red circle move?', 'Does the circle bounce off a wall?'];

void (async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-bench-'));
  const backend = new LocalOnnxBackend({ model: path.resolve(__dirname, '../models/tiny') });
  try {
    const { records } = await makeSampleDataset({ out: dir, count: 16, seed: 9 });
    const media: MediaPart[][] = [];
    for (const r of records) {
      const f = await sampleFrames(path.join(dir, r.video), { frames: backend.frames, cacheDir: path.join(dir, 'cache') });
      media.push((await framesAsDataUrls(f)).map((url): MediaPart => ({ type: 'image_url', image_url: { url } })));
    }
    const request = (i: number) => {
      const q = QUESTIONS[i % QUESTIONS.length] as string;
      return { prompt: i % 3 === 2 ? rationalizationPrompt(q, 'left') : answerPrompt(q), media: media[i % media.length] as MediaPart[], sampling: { temperature: 0.8, seed: i } };
    };
    // Warm-up: loads the model, decodes every clip's pixels once (cached after), JIT.
    await Promise.all(Array.from({ length: 256 }, (_, i) => backend.complete(request(i))));

    let next = 0;
    let words = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < N) {
          const a = await backend.complete(request(next++));
          words += a.split(' ').length;
        }
      }),
    );
    const aps = N / ((performance.now() - t0) / 1000);

    const B = Math.min(N, 500);
    const b0 = performance.now();
    for (let i = 0; i < B; i++) await backend.complete(request(i));
    const one = B / ((performance.now() - b0) / 1000);
    console.log(`one at a time (no batching): ${one.toFixed(0)} answers/s → batched at ${(aps / one).toFixed(1)}x`);
    console.log(`local tiny model: ${N} answers at concurrency ${CONCURRENCY} = ${aps.toFixed(0)} answers/s (target ≥ 300), ${(words / N).toFixed(1)} words/answer`);
  } finally {
    await backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
})();
