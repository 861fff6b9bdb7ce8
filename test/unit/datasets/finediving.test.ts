import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importDataset } from '../../../src/core/datasets';
import { fixture, where } from './helpers';

const root = fixture('finediving', 'clips');
const annotations = fixture('finediving', 'annotations.json');
// This JSON rendering's clips are mp4 files; the default is the frame folder `{video_name}/{clip_index}`.
const clipPattern = '{video_name}/{clip_index}.mp4';

test('finediving: tuple and named entries, scores, steps named through the table, step ranges in seconds', async () => {
  const r = await importDataset({ name: 'fd', format: 'finediving', annotations, root, clipPattern, fps: 25 });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.counts, { read: 3, imported: 3, rejected: 0, missingVideos: 0 });
  assert.deepEqual(r.records[0], {
    id: '01-1',
    video: '01/1.mp4',
    split: 'train',
    labels: {
      action_type: '407C',
      dive: 'Inward 3.5 somersaults, tuck',
      rotation: 'Inward',
      somersaults: 3.5,
      twists: 0,
      position: 'tuck',
      armstand: false,
      difficulty: 3.2,
      dive_score: 73.6,
      steps: ['Inward', '3.5 Soms.Pos.C', 'Entry'],
      step_1: [0, 1.52],
      step_2: [1.52, 2.68],
      step_3: [2.68, 3.8],
    },
  });
  // 7 judges: the two highest and two lowest dropped; frames counted from start_frame.
  assert.equal(r.records[1]?.labels.execution_score, 18.5);
  assert.deepEqual(r.records[1]?.labels.judge_scores, ['6.5', '6', '6', '6.5', '6.5', '6', '6']);
  assert.equal(r.records[1]?.split, 'test');
  assert.equal(r.records[2]?.labels.execution_score, 18); // 5 judges: middle three
  assert.deepEqual(r.records[2]?.labels.step_1, [0, 1.2]);
  assert.deepEqual(r.schema.action_type, { type: 'class', values: ['307C', '407C'] });
  assert.deepEqual(r.schema.step_2, { type: 'temporal_range', unit: 's' });
  assert.deepEqual(r.notes, []);
});

test('finediving: without fps the step ranges are left out, and the report says so', async () => {
  const r = await importDataset({ name: 'fd', format: 'finediving', annotations, root, clipPattern });
  assert.equal(r.records[0]?.labels.step_1, undefined);
  assert.deepEqual(r.records[0]?.labels.steps, ['Inward', '3.5 Soms.Pos.C', 'Entry']);
  assert.match(r.notes[0]!, /no fps given/);
});

test('finediving: the broken twin names line and field; good entries kept', async () => {
  const file = fixture('finediving', 'broken.json');
  const r = await importDataset({ name: 'fd', format: 'finediving', annotations: file, root, clipPattern, fps: 25 });
  assert.ok(r.problems.every((p) => p.file === file));
  assert.deepEqual(where(r.problems), ['4 key', '5 labels.dive_score', '6 judge_scores', '7 steps_transit_frames', '8 -', '9 -']);
  assert.match(r.problems[1]!.message, /expected a number, got "high"/);
  assert.match(r.problems[4]!.message, /not valid JSON: .* at line 8, column 34/);
  assert.deepEqual(r.counts, { read: 8, imported: 2, rejected: 6, missingVideos: 1 });
  assert.deepEqual(r.records.map((x) => x.id), ['01-1', '01-8']);
  assert.deepEqual(r.records[0]?.labels.step_3, [2.68, 3.8]);
});
