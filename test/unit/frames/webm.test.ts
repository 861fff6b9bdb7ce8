import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePreview, needsPreview, webviewPlayable } from '../../../src/core/frames/preview';
import { probeVideo } from '../../../src/core/frames/run';

// SSv2 ships VP9 in WebM, which VS Code's webview cannot play: it gets an H.264 preview.
// The fixture clip is a real 1 s VP9 WebM (ffmpeg testsrc, libvpx-vp9).
const VP9 = path.resolve(__dirname, '../../fixtures/datasets/ssv2/20bn-something-something-v2/42326.webm');

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('webview playability: H.264 and VP8 play as they are; VP9, AV1, HEVC do not', () => {
  assert.equal(webviewPlayable({ format: 'mov,mp4,m4a,3gp,3g2,mj2', codec: 'h264', pixFmt: 'yuv420p' }), true);
  assert.equal(webviewPlayable({ format: 'matroska,webm', codec: 'vp8', pixFmt: 'yuv420p' }), true);
  assert.equal(webviewPlayable({ format: 'matroska,webm', codec: 'vp9', pixFmt: 'yuv420p' }), false);
  assert.equal(webviewPlayable({ format: 'matroska,webm', codec: 'av1', pixFmt: 'yuv420p' }), false);
  assert.equal(webviewPlayable({ format: 'mov,mp4,m4a,3gp,3g2,mj2', codec: 'hevc', pixFmt: 'yuv420p' }), false);
});

test('an SSv2 VP9 webm clip gets an H.264 mp4 preview and a poster; a VP8 webm plays as it is', async () => {
  assert.equal((await probeVideo(VP9)).codec, 'vp9');
  assert.equal(await needsPreview(VP9), true);
  const p = await makePreview(VP9, { cacheDir: dir });
  const info = await probeVideo(p.video);
  assert.equal(info.codec, 'h264');
  assert.equal(info.pixFmt, 'yuv420p');
  assert.ok(fs.statSync(p.poster).size > 100);
  const vp8 = path.join(dir, 'vp8.webm');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=10:duration=0.5', '-c:v', 'libvpx', '-pix_fmt', 'yuv420p', vp8]);
  assert.equal(await needsPreview(vp8), false);
});
