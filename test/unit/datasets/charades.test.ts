import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importDataset } from '../../../src/core/datasets';
import { fixture, where } from './helpers';

const root = fixture('charades', 'Charades_v1_480');

test('charades: the video with its actions in order of start, each action with its seconds, empty actions legal', async () => {
  const r = await importDataset({ name: 'ch', format: 'charades', annotations: fixture('charades', 'Charades_v1_train.csv'), root });
  assert.deepEqual(r.problems, []);
  // 4 videos and 7 actions
  assert.deepEqual(r.counts, { read: 11, imported: 11, rejected: 0, missingVideos: 3 });
  assert.deepEqual(r.records[0], {
    id: '46GP8',
    video: '46GP8.mp4',
    split: 'train',
    labels: { actions: ['Someone is smiling', 'Someone is cooking something'], scene: 'Kitchen', script: 'A person cooking on a stove while watching something out a window.' },
  });
  assert.deepEqual(r.records[2], { id: '46GP8-c092-11.9', video: '46GP8.mp4', split: 'train', labels: { action: 'Someone is cooking something', when: [11.9, 21.2] } });
  assert.deepEqual(r.records.find((x) => x.id === 'N11GT')?.labels.actions, ['Opening a door', 'Walking through a doorway', 'Closing a door']);
  assert.deepEqual(r.records.find((x) => x.id === '0IH69')?.labels, { scene: 'Bedroom', script: 'A person is sleeping on the bed.' }); // no actions: legal
  assert.deepEqual(r.missingVideoExamples, ['KRF68.mp4']); // one clip, three records
  assert.deepEqual(r.schema.when, { type: 'temporal_range', unit: 's' });
  assert.equal(r.schema.action?.type, 'class');
  assert.deepEqual(r.schema.actions, { type: 'sequence' });
});

test('charades: the broken twin names line and field; good videos and their actions kept', async () => {
  const file = fixture('charades', 'broken.csv');
  const r = await importDataset({ name: 'ch', format: 'charades', annotations: file, root });
  assert.deepEqual(where(r.problems), ['3 actions', '4 actions', '5 actions', '6 id', '7 id']);
  assert.match(r.problems[0]!.message, /"c008 5.40" is not "cNNN start end"/);
  assert.match(r.problems[1]!.message, /the end must be after the start/);
  assert.match(r.problems[2]!.message, /c999 not in Charades_v1_classes.txt/);
  assert.match(r.problems[4]!.message, /duplicate id "46GP8" \(first on line 2\)/);
  assert.deepEqual(r.records.map((x) => x.id), ['46GP8', '46GP8-c147-0', '46GP8-c092-11.9', 'ZZ9ZZ', 'ZZ9ZZ-c106-3']);
  assert.deepEqual(r.records[4]?.labels.action, 'Taking a cup/glass/bottle from somewhere');
});
