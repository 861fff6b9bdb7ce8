import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importDataset } from '../../../src/core/datasets';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, tempDir, where } from './helpers';

const root = fixture('kinetics', 'videos');

test('kinetics: rows become clips named by the clip pattern, action as a class, validate → val', async () => {
  const r = await importDataset({ name: 'k700', format: 'kinetics', annotations: fixture('kinetics', 'validate.csv'), root });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.counts, { read: 4, imported: 4, rejected: 0, missingVideos: 1 });
  assert.deepEqual(r.records.slice(0, 3), [
    { id: '---QUuC4vJs_000084_000094', video: '---QUuC4vJs_000084_000094.mp4', split: 'val', labels: { action: 'abseiling' } },
    { id: '--nQbRBEz2s_000104_000114', video: '--nQbRBEz2s_000104_000114.mp4', split: 'val', labels: { action: 'air drumming' } },
    { id: '-0v4MHVTlkk_000000_000010', video: '-0v4MHVTlkk_000000_000010.mp4', split: 'train', labels: { action: 'passing American football (in game)' } },
  ]);
  assert.deepEqual(r.missingVideoExamples, ['-3B32lodo2M_000059_000069.mp4']);
  assert.deepEqual(r.schema, { action: { type: 'class', values: ['abseiling', 'air drumming', 'passing American football (in game)'] } });
});

test('kinetics: a clip pattern with folders per split and label', async () => {
  const r = await importDataset({
    name: 'k700',
    format: 'kinetics',
    annotations: fixture('kinetics', 'validate.csv'),
    root,
    clipPattern: '{split}/{label}/{youtube_id}_{time_start:6}.mp4',
    checkVideos: false,
  });
  assert.equal(r.records[1]?.video, 'validate/air drumming/--nQbRBEz2s_000104.mp4');
  assert.deepEqual(r.counts.missingVideos, 0); // not checked
});

test('kinetics: the broken twin names line and column of each bad row', async () => {
  const file = fixture('kinetics', 'broken.csv');
  const r = await importDataset({ name: 'k', format: 'kinetics', annotations: file, root });
  assert.deepEqual(where(r.problems), ['3 time_start', '4 labels', '5 youtube_id', '6 id', '7 split', '8 time_end']);
  assert.match(r.problems[0]!.message, /"1o4" is not a non-negative whole number, needed for \{time_start:06\}/);
  assert.match(r.problems[1]!.message, /no label values/);
  assert.deepEqual(r.counts, { read: 7, imported: 1, rejected: 6, missingVideos: 0 });
  assert.deepEqual(r.records.map((x) => x.id), ['---QUuC4vJs_000084_000094']);
});

test('kinetics: a malformed clip pattern or missing columns stop the import with one problem', async () => {
  const ann = fixture('kinetics', 'validate.csv');
  const a = await importDataset({ name: 'k', format: 'kinetics', annotations: ann, root, clipPattern: '{youtube_id.mp4' });
  assert.deepEqual(where(a.problems), ['- clipPattern']);
  assert.equal(a.counts.imported, 0);
  const b = await importDataset({ name: 'k', format: 'kinetics', annotations: ann, root, clipPattern: '{video}.mp4' });
  assert.match(b.problems[0]!.message, /missing column\(s\) video/);
});

test('kinetics: a header naming a column twice stops the import with one problem at line 1', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'twice.csv');
    writeFileSync(file, 'label,youtube_id,time_start,time_end,split,label\nrun,abc,1,11,train,jump\n');
    const r = await importDataset({ name: 'k', format: 'kinetics', annotations: file, root: dir, checkVideos: false });
    assert.deepEqual(where(r.problems), ['1 -']);
    assert.match(r.problems[0]!.message, /"label" \(columns 1, 6\)/);
    assert.deepEqual(r.counts, { read: 1, imported: 0, rejected: 1, missingVideos: 0 });
  } finally {
    cleanup();
  }
});
