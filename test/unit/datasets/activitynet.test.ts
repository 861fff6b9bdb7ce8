import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importDataset } from '../../../src/core/datasets';
import { fixture, where } from './helpers';

const root = fixture('activitynet', 'videos');

test('activitynet captions: captions in order of start, each sentence with its seconds, the video found as mp4 or webm', async () => {
  const r = await importDataset({ name: 'an', format: 'activitynet-captions', annotations: fixture('activitynet', 'val_1.json'), root });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.counts, { read: 10, imported: 10, rejected: 0, missingVideos: 3 });
  assert.deepEqual(r.records[1], {
    id: 'v_QOlSCBRmfWY-s1',
    video: 'v_QOlSCBRmfWY.mp4',
    split: 'val',
    labels: { caption: 'A young woman is seen standing in a room and leads into her dancing.', when: [0.83, 19.86] },
  });
  assert.equal(r.records[4]?.video, 'v_ehGHCYKzyZ8.webm');
  // Sentences listed out of order: the sequence follows the start times; the last range is cut to the duration.
  const bowl = r.records.filter((x) => x.video === 'v_nwznKOuZM7w.mp4');
  assert.deepEqual(bowl[0]?.labels.captions, ['A man is seen holding a bowl of cereal and eating from it.', 'He then puts the bowl on the table and walks away.']);
  assert.deepEqual(bowl[1]?.labels.when, [21.45, 30.02]);
  assert.deepEqual(r.notes[0], "1 timestamp(s) ended past their video's duration and were cut to it");
  assert.deepEqual(r.missingVideoExamples, ['v_nwznKOuZM7w.mp4']);
  assert.deepEqual(r.schema.when, { type: 'temporal_range', unit: 's' });
  assert.deepEqual(r.schema.caption, { type: 'text' });
});

test('activitynet captions: the broken twin names line, key and field; the good video kept', async () => {
  const file = fixture('activitynet', 'broken.json');
  const r = await importDataset({ name: 'an', format: 'activitynet-captions', annotations: file, root });
  assert.deepEqual(where(r.problems), [
    '3 v_ehGHCYKzyZ8.sentences',
    '4 v_nwznKOuZM7w.timestamps[0]',
    '5 v_sJFgo9H6zNo.duration',
    '6 v_V1zhE5Fqg9o.sentences[0]',
    '7 v_Bg-0ibLZrgg',
    '8 -',
  ]);
  assert.match(r.problems[0]!.message, /1 sentence\(s\) for 2 timestamp\(s\)/);
  assert.match(r.problems[1]!.message, /end 8.51 must be after start 21.45/);
  assert.match(r.problems[5]!.message, /not valid JSON: .* at line 8/);
  assert.deepEqual(r.records.map((x) => x.id), ['v_QOlSCBRmfWY', 'v_QOlSCBRmfWY-s1', 'v_QOlSCBRmfWY-s2', 'v_QOlSCBRmfWY-s3']);
});
