import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabelSchema } from '../../../src/core/datasets/labels';
import { SampleRecord } from '../../../src/core/datasets/record';
import { SAMPLE_LABEL_SCHEMA, makeSampleDataset, planSample } from '../../../src/core/sample/dataset';
import { FfmpegMissingError } from '../../../src/core/sample/ffmpeg';
import { COLORS, type Color } from '../../../src/core/sample/raster';
import { decodeFrames, ffprobe, findColour, iou, pixel } from './decode';

const W = 96;
const H = 96;
const FPS = 10;

test('real clips: H.264 yuv420p, no audio, right size and length; labels match the pixels', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-'));
  try {
    // 5 clips cover the five motion kinds (stay, enter, leave, cross, bounce). Batches of 2
    // cover both encodes (several clips cut by the segment muxer, and a single clip), and
    // the `%` in the folder name the segment muxer's pattern escaping.
    const out = join(dir, '100% synthetic');
    const res = await makeSampleDataset({ out, count: 5, seed: 7, batchSize: 2 });
    const lines = readFileSync(join(out, 'annotations.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 5);
    assert.deepEqual(JSON.parse(readFileSync(join(out, 'schema.json'), 'utf8')), LabelSchema.parse(SAMPLE_LABEL_SCHEMA));
    assert.deepEqual(readdirSync(join(out, 'clips')).sort(), res.records.map((r) => `${r.id}.mp4`).sort(), 'no temp files left behind');

    for (const line of lines) {
      const rec = SampleRecord.parse(JSON.parse(line));
      const L = rec.labels as {
        shape: string; color: Color; direction: string; speed: number; visible: [number, number];
        end_box: number[]; events: string[]; bounces: boolean;
      };
      const file = join(out, rec.video);
      const probe = ffprobe(file);
      assert.deepEqual(probe.streams.map((s) => s.codec_type), ['video'], `${rec.id}: one video stream, no audio`);
      const v = probe.streams[0]!;
      assert.equal(v.codec_name, 'h264');
      assert.equal(v.pix_fmt, 'yuv420p');
      assert.equal(v.width, W);
      assert.equal(v.height, H);
      assert.ok(Math.abs(Number(probe.format.duration) - 3) < 0.15, `${rec.id}: duration ${probe.format.duration}`);

      const frames = decodeFrames(file, W, H);
      assert.equal(frames.length, 30);
      const blobs = frames.map((f) => findColour(f, W, L.color));
      for (const other of COLORS.filter((c) => c !== L.color)) {
        assert.ok(frames.every((f) => findColour(f, W, other, 40) === null), `${rec.id}: no ${other} pixels in a ${L.color} clip`);
      }

      // visible: the frames showing at least a quarter of the shape's size are the labelled
      // range (±2 frames: encoding blurs the slivers at the edges).
      const quarter = ((L.end_box[2]! - L.end_box[0]!) * W) / 4;
      const shown = blobs.flatMap((b, i) => (b && b.box[2] - b.box[0] + 1 >= quarter && b.box[3] - b.box[1] + 1 >= quarter ? [i] : []));
      assert.ok(shown.length > 0, `${rec.id}: shape never seen`);
      assert.ok(Math.abs(shown[0]! - Math.round(L.visible[0] * FPS)) <= 2, `${rec.id}: first seen ${shown[0]} vs ${L.visible[0]}s`);
      assert.ok(Math.abs(shown.at(-1)! + 1 - Math.round(L.visible[1] * FPS)) <= 2, `${rec.id}: last seen ${shown.at(-1)} vs ${L.visible[1]}s`);
      assert.equal(L.visible[0] > 0, L.events[0]!.startsWith('enters'), `${rec.id}: enters iff not visible at 0`);
      assert.equal(L.visible[1] < 3, L.events.at(-1)!.startsWith('exits'), `${rec.id}: exits iff gone before the end`);

      // end_box: the last frame showing the whole shape has the shape's colour in that box.
      // (whole = clear of every frame edge; a shape cut by an edge touches it.) Encoding can
      // bleed a pixel onto the edge or lose the edge pixel, so the labelled frame is the last
      // whole one seen after decoding, or a neighbour of it.
      const isWhole = (b: (typeof blobs)[number]) => b !== null && b.box[0] > 0 && b.box[1] > 0 && b.box[2] < W - 1 && b.box[3] < H - 1;
      const wholeFrames = blobs.flatMap((b, i) => (isWhole(b) ? [i] : []));
      const lastWhole = wholeFrames.at(-1)!;
      const [ex1, ey1, ex2, ey2] = [L.end_box[0]! * W, L.end_box[1]! * H, L.end_box[2]! * W - 1, L.end_box[3]! * H - 1];
      const fits = (i: number): boolean => {
        const d = blobs[i]?.box;
        if (!d) return false;
        const inside = d[0] >= ex1 - 1.01 && d[1] >= ey1 - 1.01 && d[2] <= ex2 + 1.01 && d[3] <= ey2 + 1.01;
        const centred = Math.abs((d[0] + d[2] - ex1 - ex2) / 2) <= 1.5 && Math.abs((d[1] + d[3] - ey1 - ey2) / 2) <= 1.5;
        return inside && centred && iou(d, L.end_box, W, H) >= 0.5;
      };
      const endI = [lastWhole, lastWhole + 1, lastWhole - 1].find(fits);
      assert.ok(endI !== undefined, `${rec.id}: end_box ${L.end_box} matches no frame near ${lastWhole} (${blobs[lastWhole]?.box})`);
      if (L.events.at(-1) === 'stays in view') assert.equal(endI, 29, `${rec.id}: a shape that stays ends in the last frame`);

      // shape: its width near the top and bottom against the middle (square: same; circle:
      // narrower at both; triangle: narrow at the top, wide at the bottom), in the label's box.
      const frame = frames[endI]!;
      const widthAt = (f: number): number => {
        const y = Math.round(ey1 + f * (ey2 - ey1));
        let n = 0;
        for (let x = Math.round(ex1); x <= Math.round(ex2); x++) n += findColour(pixel(frame, x, y), 1, L.color, 70, 1) ? 1 : 0;
        return n;
      };
      const mid = widthAt(0.5);
      const [top, bottom] = [widthAt(0.12) / mid, widthAt(0.88) / mid];
      const seenShape = bottom > 1.25 ? 'triangle' : Math.min(top, bottom) > 0.92 ? 'square' : 'circle';
      assert.equal(seenShape, L.shape, `${rec.id}: widths top ${top.toFixed(2)}, bottom ${bottom.toFixed(2)} of the middle`);

      // direction and speed: the centre's motion over 3 frames while the whole shape is in view.
      const a = wholeFrames.find((i) => wholeFrames.includes(i + 3));
      assert.ok(a !== undefined, `${rec.id}: whole for 4 frames in a row`);
      const b = blobs[a + 3]!;
      const axis = L.direction === 'left' || L.direction === 'right' ? 'cx' : 'cy';
      const sign = L.direction === 'left' || L.direction === 'up' ? -1 : 1;
      const moved = (b[axis] - blobs[a]![axis]) * sign;
      const expected = (L.speed * 3) / FPS;
      assert.ok(Math.abs(moved - expected) <= Math.max(1.5, 0.25 * expected), `${rec.id}: moved ${moved.toFixed(1)} px in 3 frames, speed says ${expected}`);

      // bounces: a bouncing shape ends moving the other way.
      if (L.bounces) {
        const tail = blobs[29]![axis] - blobs[26]![axis];
        assert.ok(tail * sign < 0, `${rec.id}: bounced but still moving ${L.direction}`);
      }
      assert.equal(L.bounces, L.events.some((e) => e.startsWith('bounces off')));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('same seed, same records; another seed, other records; every kind and split appears', () => {
  const a = planSample({ count: 48, seed: 1 }).records;
  assert.deepEqual(planSample({ count: 48, seed: 1 }).records, a);
  assert.notDeepEqual(planSample({ count: 48, seed: 2 }).records, a);
  const counts = { train: 0, val: 0, test: 0 };
  for (const r of a) counts[r.split]++;
  assert.deepEqual(counts, { train: 34, val: 7, test: 7 });
  assert.deepEqual(new Set(a.map((r) => r.labels.bounces)), new Set([true, false]));
  for (const key of ['shape', 'color', 'direction'] as const) {
    assert.deepEqual(new Set(a.map((r) => r.labels[key])), new Set((SAMPLE_LABEL_SCHEMA[key] as { values: string[] }).values));
  }
  const starts = new Set(a.map((r) => (r.labels.events as string[])[0]!.split(' ')[0]));
  assert.deepEqual(starts, new Set(['appears', 'enters']));
  assert.ok(a.some((r) => (r.labels.events as string[]).at(-1)!.startsWith('exits')));
});

test('missing ffmpeg: a clear error saying how to install it, and nothing half-written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-'));
  try {
    await assert.rejects(
      makeSampleDataset({ out: dir, count: 3, seed: 1, ffmpeg: join(dir, 'no-ffmpeg') }),
      (err: Error) => err instanceof FfmpegMissingError && /apt-get install ffmpeg/.test(err.message) && /VSTAR_FFMPEG/.test(err.message),
    );
    assert.deepEqual(readdirSync(join(dir, 'clips')), []);
    assert.ok(!existsSync(join(dir, 'annotations.jsonl')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
