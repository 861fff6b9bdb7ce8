import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importDataset } from '../../../src/core/datasets';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, tempDir, where } from './helpers';

const root = fixture('jsonl');

test('jsonl: imports records already in normalized shape, with their inferred schema', async () => {
  const r = await importDataset({ name: 'motion', format: 'jsonl', annotations: fixture('jsonl', 'annotations.jsonl'), root });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.counts, { read: 6, imported: 6, rejected: 0, missingVideos: 1 });
  assert.deepEqual(r.missingVideoExamples, ['clips/c6.mp4']);
  assert.deepEqual(r.records[2], {
    id: 'c3',
    video: 'clips/c3.mp4',
    start: 2,
    end: 7.5,
    split: 'val',
    labels: {
      direction: 'left',
      speed: 0,
      moving: false,
      when: [0, 1],
      box: [0, 0, 1, 1],
      steps: ['wait'],
      caption: 'Nothing moves; the camera shows an empty kitchen counter for a while.',
    },
  });
  // No split in the source: the default split.
  assert.equal(r.records[4]?.split, 'train');
  assert.deepEqual(r.schema, {
    box: { type: 'bbox', normalized: true },
    caption: { type: 'text' },
    direction: { type: 'class', values: ['left', 'right', 'up'] },
    moving: { type: 'yes_no' },
    speed: { type: 'number', min: 0, max: 4 },
    steps: { type: 'sequence' },
    when: { type: 'temporal_range', unit: 's' },
  });
});

test('jsonl: a column mapping reaches into nested keys; unmapped keys are left out', async () => {
  const r = await importDataset({
    name: 'flat',
    format: 'jsonl',
    annotations: fixture('jsonl', 'flat.jsonl'),
    root,
    split: 'val',
    columns: { id: 'clip_id', video: 'path', labels: { direction: 'meta.dir', n: 'meta.n' } },
  });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.records, [
    { id: 'f1', video: 'clips/c1.mp4', split: 'val', labels: { direction: 'left', n: 2 } },
    { id: 'f2', video: 'clips/c2.mp4', split: 'val', labels: { direction: 'right', n: 5 } },
  ]);
});

test('jsonl: the broken twin names file, line and field of each problem and keeps the good records', async () => {
  const file = fixture('jsonl', 'broken.jsonl');
  const r = await importDataset({ name: 'broken', format: 'jsonl', annotations: file, root });
  assert.ok(r.problems.every((p) => p.file === file));
  assert.deepEqual(where(r.problems), [
    '2 -', // not valid JSON
    '3 -', // an array, not an object
    '4 labels.speed', // "fast" is not a number
    '5 video', // ../outside.mp4 escapes the root
    '6 video', // /etc/passwd is outside the root
    '7 id', // duplicate of line 1
    '8 split', // "holdout"
    '9 id', // missing
    '10 labels.when', // [3, 1] ends before it starts
    '13 end', // end before start
  ]);
  assert.match(r.problems[0]!.message, /not valid JSON/);
  assert.match(r.problems[2]!.message, /expected a number, got "fast"/);
  assert.match(r.problems[5]!.message, /duplicate id "c1" \(first on line 1\)/);
  assert.deepEqual(r.counts, { read: 13, imported: 3, rejected: 10, missingVideos: 1 });
  assert.deepEqual(r.records.map((x) => x.id), ['c1', 'c11', 'c12']);
  assert.deepEqual(r.missingVideoExamples, ['clips/missing.mp4']);
  // The schema comes from the data despite the bad values; ranges from the kept records.
  assert.deepEqual(r.schema.speed, { type: 'number', min: 1.5, max: 4 });
});

test('jsonl: a declared label schema overrides inference and is enforced', async () => {
  const r = await importDataset({
    name: 'motion',
    format: 'jsonl',
    annotations: fixture('jsonl', 'annotations.jsonl'),
    root,
    labels: { direction: { type: 'class', values: ['left', 'right'] }, speed: { type: 'number', max: 3, unit: 'm/s' } },
  });
  assert.deepEqual(r.schema.speed, { type: 'number', max: 3, unit: 'm/s' });
  assert.deepEqual(where(r.problems), ['5 labels.direction', '7 labels.speed']);
  assert.match(r.problems[0]!.message, /"up" is not one of the classes \(left, right\)/);
  assert.match(r.problems[1]!.message, /4 is above the maximum 3/);
  assert.equal(r.counts.imported, 4);
});

test('jsonl: a "labels" that is not an object of field → value is a problem at its line and field; the good records are kept', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const file = join(dir, 'labels.jsonl');
    writeFileSync(
      file,
      [
        '{"id":"a","video":"a.mp4","labels":{"action":"run"}}',
        '{"id":"b","video":"b.mp4","labels":"run"}', // before the fix: a flat label field named "labels"
        '{"id":"c","video":"c.mp4","labels":["run","jump"]}',
        '{"id":"d","video":"d.mp4","labels":null}',
        '{"id":"e","video":"e.mp4","labels":{"action":"jump"}}',
        '{"id":"f","video":"f.mp4","action":"walk"}', // flat keys, no "labels": still every other key
      ].join('\n'),
    );
    const r = await importDataset({ name: 'x', format: 'jsonl', annotations: file, root: dir, checkVideos: false });
    assert.deepEqual(where(r.problems), ['2 labels', '3 labels', '4 labels']);
    assert.ok(r.problems.every((p) => p.file === file));
    assert.match(r.problems[0]!.message, /expected an object of label field → value, got string/);
    assert.match(r.problems[1]!.message, /got an array/);
    assert.match(r.problems[2]!.message, /got null/);
    assert.deepEqual(r.counts, { read: 6, imported: 3, rejected: 3, missingVideos: 0 });
    assert.deepEqual(r.records.map((x) => [x.id, x.labels]), [['a', { action: 'run' }], ['e', { action: 'jump' }], ['f', { action: 'walk' }]]);
    assert.deepEqual(Object.keys(r.schema), ['action']);

    // Mapped explicitly, a string "labels" key is an ordinary label column.
    const m = await importDataset({ name: 'x', format: 'jsonl', annotations: file, root: dir, checkVideos: false, columns: { labels: { caption: 'labels' } } });
    assert.equal(m.records.find((x) => x.id === 'b')?.labels.caption, 'run');
    assert.ok(!m.problems.some((p) => /object of label field/.test(p.message)));
  } finally {
    cleanup();
  }
});
