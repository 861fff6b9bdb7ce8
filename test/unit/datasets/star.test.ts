import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importDataset } from '../../../src/core/datasets';
import { fixture, where } from './helpers';

const root = fixture('star', 'Charades_v1_480');

test('star: each question a record over its video segment; choices in choice_id order; split from the file name', async () => {
  const r = await importDataset({ name: 'star', format: 'star', annotations: fixture('star', 'STAR_val.json'), root });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.counts, { read: 3, imported: 3, rejected: 0, missingVideos: 1 });
  assert.deepEqual(r.records[1], {
    id: 'Sequence_T1_28',
    video: 'YSKX3.mp4',
    start: 0,
    end: 9.4,
    split: 'val',
    labels: {
      question: 'Which object did the person open after they put down the bag?',
      answer: 'The door.',
      choices: ['The door.', 'The refrigerator.', 'The box.', 'The closet/cabinet.'],
      options: '(A) The door. (B) The refrigerator. (C) The box. (D) The closet/cabinet.',
      question_type: 'Sequence',
    },
  });
  assert.deepEqual(r.missingVideoExamples, ['ZZ9QE.mp4']);
  assert.deepEqual(r.schema.question, { type: 'text' });
  assert.deepEqual(r.schema.question_type, { type: 'class', values: ['Interaction', 'Prediction', 'Sequence'] });
  assert.equal(r.schema.answer?.type, 'class');
});

test('star: the broken twin names line and field; good questions kept', async () => {
  const file = fixture('star', 'broken.json');
  const r = await importDataset({ name: 'star', format: 'star', annotations: file, root, split: 'test' });
  assert.deepEqual(where(r.problems), ['3 video_id', '4 end', '5 answer', '6 choices[1].choice', '7 id', '8 video', '9 -']);
  assert.match(r.problems[2]!.message, /"The cup." is not one of the choices/);
  assert.match(r.problems[5]!.message, /resolves outside the dataset root/);
  assert.deepEqual(r.counts, { read: 9, imported: 2, rejected: 7, missingVideos: 0 });
  assert.deepEqual(r.records.map((x) => [x.id, x.split]), [['Interaction_T1_13', 'test'], ['Sequence_T1_3', 'test']]);
});
