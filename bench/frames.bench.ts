/**
 * Frame sampling (sampleFrames, cold cache) against plain ffmpeg extracting the same
 * frames (the same argv, spawned directly) in the same run, on the project's sample
 * clips. Target: ≤ 1.5× ffmpeg's own time. Wall-clock, rounds interleaved so machine
 * noise hits both sides alike. FRAMES_BENCH_CLIPS / FRAMES_BENCH_N set the size.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeSampleDataset } from '../src/core/sample/dataset';
import { frameArgs, sampleFrames, uniformTimes } from '../src/core/frames/sample';
import { probeDuration } from '../src/core/frames/run';

const CLIPS = Number(process.env.FRAMES_BENCH_CLIPS ?? 8);
const N = Number(process.env.FRAMES_BENCH_N ?? 8);
const ROUNDS = 3;
const MAX_SIDE = 224;

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn('ffmpeg', args, { stdio: 'ignore' });
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}`))));
  });
}

void (async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-bench-'));
  try {
    const sample = await makeSampleDataset({ out: path.join(dir, 'sample'), count: CLIPS, seed: 7, width: 320, height: 240, seconds: 4 });
    const clips = sample.records.map((r) => path.join(dir, 'sample', r.video));
    const durations = await Promise.all(clips.map((c) => probeDuration(c)));
    let ours = 0;
    let plain = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < clips.length; i++) {
        const out = path.join(dir, `plain-${round}-${i}`);
        fs.mkdirSync(out);
        let t0 = performance.now();
        await ffmpeg(frameArgs(clips[i]!, uniformTimes(0, durations[i]!, N), MAX_SIDE, out));
        plain += performance.now() - t0;
        t0 = performance.now();
        const r = await sampleFrames(clips[i]!, { frames: N, maxSide: MAX_SIDE, cacheDir: path.join(dir, `cache-${round}`) });
        ours += performance.now() - t0;
        if (r.cached || r.files.length !== N) throw new Error('expected a cold, complete sample');
      }
    }
    const n = ROUNDS * clips.length;
    console.log(`frames: ${N} frames/clip, ${n} clips: sampleFrames ${(ours / n).toFixed(1)} ms/clip, plain ffmpeg ${(plain / n).toFixed(1)} ms/clip → ${(ours / plain).toFixed(2)}× (target ≤ 1.5×)`);
    const t0 = performance.now();
    for (const c of clips) await sampleFrames(c, { frames: N, maxSide: MAX_SIDE, cacheDir: path.join(dir, 'cache-0') });
    console.log(`frames: warm cache ${((performance.now() - t0) / clips.length).toFixed(2)} ms/clip`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
})();
