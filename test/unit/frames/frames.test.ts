import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeSampleDataset } from '../../../src/core/sample/dataset';
import { sampleFrames, uniformTimes, framesAsDataUrls } from '../../../src/core/frames/sample';
import { makePreview, needsPreview } from '../../../src/core/frames/preview';
import { FfmpegMissingError, probeDuration, probeVideo } from '../../../src/core/frames/run';
import { mp4Duration } from '../../../src/core/frames/mp4';

// Real ffmpeg on the project's sample clips (makeSampleDataset renders and encodes them).

let dir = '';
let clip = '';

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  const r = await makeSampleDataset({ out: path.join(dir, 'sample'), count: 1, seed: 1, width: 160, height: 96 });
  clip = path.join(dir, 'sample', r.records[0]!.video);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function jpegSize(file: string): [number, number] {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]).toString().trim();
  const [w, h] = out.split(',').map(Number);
  return [w!, h!];
}

test('uniform times are the centres of N equal parts', () => {
  assert.deepEqual(uniformTimes(0, 4, 4), [0.5, 1.5, 2.5, 3.5]);
  assert.deepEqual(uniformTimes(2, 3, 2), [2.25, 2.75]);
});

test('samples N JPEG frames at most maxSide, then serves them from the cache', async () => {
  const cacheDir = path.join(dir, 'cache');
  const a = await sampleFrames(clip, { frames: 4, maxSide: 80, cacheDir });
  assert.equal(a.cached, false);
  assert.equal(a.files.length, 4);
  for (const f of a.files) {
    assert.equal(fs.readFileSync(f).subarray(0, 2).toString('hex'), 'ffd8', 'a JPEG');
    const [w, h] = jpegSize(f);
    assert.ok(Math.max(w, h) <= 80 && w === 80, `${w}x${h}`);
  }
  assert.ok(a.times.every((t, i) => i === 0 || t > a.times[i - 1]!));
  const b = await sampleFrames(clip, { frames: 4, maxSide: 80, cacheDir });
  assert.equal(b.cached, true);
  assert.deepEqual(b.files, a.files);
  const c = await sampleFrames(clip, { frames: 2, maxSide: 80, cacheDir, start: 0.5, end: 1.5 });
  assert.equal(c.cached, false, 'another range and N is another entry');
  assert.deepEqual(c.times, [0.75, 1.25]);
  // A touched file is a new entry (mtime is in the key).
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(clip, later, later);
  assert.equal((await sampleFrames(clip, { frames: 4, maxSide: 80, cacheDir })).cached, false);
  const urls = await framesAsDataUrls(c);
  assert.match(urls[0]!, /^data:image\/jpeg;base64,\/9j\//);
});

test('a missing ffmpeg is a clear error naming how to install it', async () => {
  await assert.rejects(
    sampleFrames(clip, { frames: 2, end: 1, ffmpeg: path.join(dir, 'no-such-ffmpeg'), cacheDir: path.join(dir, 'c2') }),
    (e: unknown) => e instanceof FfmpegMissingError && /apt-get install ffmpeg/.test(e.message),
  );
});

test('preview: an MPEG-4 AVI becomes H.264 MP4 (yuv420p, faststart, no audio) with a poster', async () => {
  const avi = path.join(dir, 'clip.avi');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', clip, '-f', 'lavfi', '-i', 'sine=d=1', '-shortest', '-c:v', 'mpeg4', '-c:a', 'pcm_s16le', avi]);
  assert.equal(await needsPreview(avi), true);
  assert.equal(await needsPreview(clip), false);
  const p = await makePreview(avi, { cacheDir: path.join(dir, 'prev') });
  const info = await probeVideo(p.video);
  assert.equal(info.codec, 'h264');
  assert.equal(info.pixFmt, 'yuv420p');
  assert.match(info.format, /mp4/);
  const streams = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', p.video]).toString().trim();
  assert.equal(streams, 'video', 'no audio');
  const head = fs.readFileSync(p.video).subarray(0, 64 * 1024);
  assert.ok(head.indexOf('moov') !== -1 && head.indexOf('moov') < head.indexOf('mdat'), 'moov before mdat (+faststart)');
  assert.equal(fs.readFileSync(p.poster).subarray(0, 2).toString('hex'), 'ffd8');
  assert.equal((await makePreview(avi, { cacheDir: path.join(dir, 'prev') })).cached, true);
});

test('the MP4 duration read from mvhd agrees with ffprobe; other containers fall back', async () => {
  const d = await mp4Duration(clip);
  assert.ok(d !== undefined && Math.abs(d - (await probeDuration(clip))) < 0.05, `${d}`);
  const notMp4 = path.join(dir, 'x.bin');
  fs.writeFileSync(notMp4, Buffer.from('not a video at all, just text'));
  assert.equal(await mp4Duration(notMp4), undefined);
});
