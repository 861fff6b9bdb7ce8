import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importDataset } from '../../../src/core/datasets';
import { fixture, where } from './helpers';

const root = fixture('ssv2', '20bn-something-something-v2');

test('ssv2: template as the action class, label as text, placeholders in slot order, <id>.webm', async () => {
  const r = await importDataset({ name: 'ssv2', format: 'ssv2', annotations: fixture('ssv2', 'something-something-v2-validation.json'), root });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.counts, { read: 4, imported: 4, rejected: 0, missingVideos: 2 });
  assert.deepEqual(r.records[2], {
    id: '78687',
    video: '78687.webm',
    split: 'val',
    labels: {
      template: 'Holding [something] next to [something]',
      label: 'holding potato next to vicks vaporub bottle',
      placeholders: ['potato', 'vicks vaporub bottle'],
    },
  });
  assert.deepEqual(r.schema, {
    label: { type: 'text' },
    placeholders: { type: 'sequence' },
    template: {
      type: 'class',
      values: ['Holding [something] next to [something]', 'Showing [something] on top of [something]', 'Spinning [something] that quickly stops spinning'],
    },
  });
  assert.deepEqual(r.missingVideoExamples, ['74225.webm', '116154.webm']);
});

test('ssv2: the broken twin names line and field; good entries kept', async () => {
  const file = fixture('ssv2', 'broken.json');
  const r = await importDataset({ name: 'ssv2', format: 'ssv2', annotations: file, root, split: 'train' });
  assert.deepEqual(where(r.problems), ['3 placeholders', '4 id', '5 placeholders', '6 labels', '7 -', '8 id']);
  assert.match(r.problems[0]!.message, /1 placeholder\(s\) for 2 \[something\] slot\(s\)/);
  assert.match(r.problems[4]!.message, /not valid JSON/);
  assert.deepEqual(r.counts, { read: 7, imported: 1, rejected: 6, missingVideos: 1 });
  assert.deepEqual(r.records.map((x) => [x.id, x.split]), [['74225', 'train']]);
});
