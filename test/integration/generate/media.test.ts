import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeSampleDataset } from '../../../src/core/sample/dataset';
import { clipMedia } from '../../../src/core/generate/media';
import type { GenerationBackend } from '../../../src/core/generate/backend';
import type { GenerationItem } from '../../../src/core/generate/engine';

// Real ffmpeg on a real sample clip.
let dir = '';
let clip = '';
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  const r = await makeSampleDataset({ out: path.join(dir, 's'), count: 1, seed: 2, width: 96, height: 64 });
  clip = path.join(dir, 's', r.records[0]!.video);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const backend = (video: 'frames' | 'video_url', frames = 3): GenerationBackend => ({ kind: 'x', model: 'm', video, frames, complete: async () => '' });
const item = (v: GenerationItem['video']): GenerationItem => ({ sampleId: 's', question: 'q', hint: 'h', labels: [], ...(v ? { video: v } : {}) });

test('frames mode: N image_url parts with JPEG data URLs', async () => {
  const parts = await clipMedia({ cacheDir: path.join(dir, 'c') })(item({ path: clip }), backend('frames', 3), undefined);
  assert.equal(parts.length, 3);
  for (const p of parts) assert.ok(p.type === 'image_url' && p.image_url.url.startsWith('data:image/jpeg;base64,'));
});

test('video_url mode: the clip (cut to its range) as one video_url part', async () => {
  const whole = await clipMedia({ cacheDir: path.join(dir, 'c') })(item({ path: clip }), backend('video_url'), undefined);
  assert.equal(whole.length, 1);
  assert.ok(whole[0]!.type === 'video_url');
  assert.equal(whole[0]!.video_url.url, `data:video/mp4;base64,${fs.readFileSync(clip).toString('base64')}`);
  const cut = await clipMedia({ cacheDir: path.join(dir, 'c') })(item({ path: clip, start: 0.5, end: 1.5 }), backend('video_url'), undefined);
  assert.ok(cut[0]!.type === 'video_url' && cut[0]!.video_url.url.startsWith('data:video/mp4;base64,'));
  assert.notEqual(cut[0]!.video_url.url, whole[0]!.video_url.url);
  assert.deepEqual(await clipMedia()(item(undefined), backend('frames'), undefined), []);
});
