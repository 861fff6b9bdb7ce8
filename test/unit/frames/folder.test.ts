import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleFrames } from '../../../src/core/frames/sample';
import { makePreview, needsPreview } from '../../../src/core/frames/preview';
import { probeVideo } from '../../../src/core/frames/run';
import { frameRange, listFrames, sequencePattern } from '../../../src/core/frames/folder';

// A clip that is a folder of frames, as FineDiving ships them (the fixture's real JPEGs, 64x36).
const FOLDER = path.resolve(__dirname, '../../fixtures/datasets/finediving/FINADiving_MTL_256s/01/2'); // 14 frames

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const frameCount = (file: string): number =>
  Number(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file]).toString().trim());

test('frame folders: names in number order, the image-sequence pattern, frame ranges', async () => {
  assert.deepEqual(sequencePattern(['00000.jpg', '00001.jpg', '00002.jpg']), { pattern: '%05d.jpg', start: 0 });
  assert.deepEqual(sequencePattern(['img_1.jpg']), undefined);
  assert.deepEqual(sequencePattern(['7.png', '8.png', '9.png', '10.png']), { pattern: '%d.png', start: 7 });
  assert.equal(sequencePattern(['00001.jpg', '00003.jpg']), undefined); // a gap
  const names = await listFrames(FOLDER);
  assert.equal(names?.length, 14);
  assert.equal(names?.[13], '00013.jpg');
  assert.equal(await listFrames(path.join(FOLDER, '00000.jpg')), undefined);
  assert.deepEqual(frameRange(14, 25, 0.12, 0.28), { from: 3, to: 7 });
  assert.deepEqual(frameRange(14, 25), { from: 0, to: 14 });
});

test('frame folders: sampled frames come from the range at fps, each the frame shown at its time', async () => {
  const cacheDir = path.join(dir, 'frames');
  const all = await sampleFrames(FOLDER, { frames: 4, cacheDir, fps: 25 });
  assert.equal(all.files.length, 4);
  // centres of 4 parts of 0.56 s = 0.07, 0.21, 0.35, 0.49 s → frames 1, 5, 8, 12
  assert.deepEqual(all.times, [0.04, 0.2, 0.32, 0.48]);
  for (const f of all.files) assert.ok(fs.statSync(f).size > 100);
  const step = await sampleFrames(FOLDER, { frames: 2, cacheDir, fps: 25, start: 0.12, end: 0.28 });
  assert.deepEqual(step.times, [0.16, 0.24]); // centres 0.16, 0.24 s → frames 4, 6
  const again = await sampleFrames(FOLDER, { frames: 2, cacheDir, fps: 25, start: 0.12, end: 0.28 });
  assert.equal(again.cached, true);
  await assert.rejects(sampleFrames(FOLDER, { frames: 2, cacheDir, fps: 25, start: 3 }), /past the end of its 14 frames at 25 fps/);
});

test('frame folders: an H.264 preview a webview plays, with a poster, for the whole folder or a range', async () => {
  const cacheDir = path.join(dir, 'previews');
  assert.equal(await needsPreview(FOLDER), true);
  const p = await makePreview(FOLDER, { cacheDir, fps: 25 });
  const info = await probeVideo(p.video);
  assert.equal(info.codec, 'h264');
  assert.equal(info.pixFmt, 'yuv420p');
  assert.equal(await needsPreview(p.video), false);
  assert.equal(frameCount(p.video), 14);
  assert.ok(fs.statSync(p.poster).size > 100);
  const part = await makePreview(FOLDER, { cacheDir, fps: 25, start: 0.12, end: 0.28 });
  assert.equal(frameCount(part.video), 4);
  assert.equal((await makePreview(FOLDER, { cacheDir, fps: 25 })).cached, true);
  // As released, frames are named by their number in the untrimmed video (01400.jpg…).
  const numbered = path.resolve(FOLDER, '../../FINADivingWorldCup2021_Men3m_final_r1/8');
  assert.deepEqual(sequencePattern((await listFrames(numbered))!), { pattern: '%05d.jpg', start: 1400 });
  assert.equal(frameCount((await makePreview(numbered, { cacheDir, fps: 25 })).video), 12);
  assert.equal(frameCount((await makePreview(numbered, { cacheDir, fps: 25, start: 0.08, end: 0.32 })).video), 6);
});

test('frame folders: frames not numbered in a run play through a concat list; an empty folder is an error naming it', async () => {
  const odd = path.join(dir, "it's odd");
  fs.mkdirSync(odd);
  for (const [i, n] of ['frame_a.jpg', 'frame_b.jpg', 'frame_c.jpg'].entries()) fs.copyFileSync(path.join(FOLDER, `0000${i}.jpg`), path.join(odd, n));
  const p = await makePreview(odd, { cacheDir: path.join(dir, 'previews'), fps: 25 });
  assert.equal(frameCount(p.video), 3);
  const s = await sampleFrames(odd, { frames: 3, cacheDir: path.join(dir, 'frames'), fps: 25 });
  assert.equal(s.files.length, 3);
  const empty = path.join(dir, 'empty');
  fs.mkdirSync(empty);
  await assert.rejects(makePreview(empty, { cacheDir: path.join(dir, 'previews') }), /empty: the frame folder holds no frames/);
  await assert.rejects(sampleFrames(empty, { frames: 2, cacheDir: path.join(dir, 'frames') }), /empty: the frame folder holds no frames/);
});
