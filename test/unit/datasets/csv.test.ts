import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importDataset } from '../../../src/core/datasets';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, tempDir, where } from './helpers';

const root = fixture('csv');
const columns = { id: 'clip', video: 'path' };

test('csv: cells are typed per the inferred schema (numbers, yes/no, ranges, boxes, sequences)', async () => {
  const r = await importDataset({ name: 'motion', format: 'csv', annotations: fixture('csv', 'annotations.csv'), root, columns, split: 'test' });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.counts, { read: 4, imported: 4, rejected: 0, missingVideos: 1 });
  assert.deepEqual(r.records[0], {
    id: 'r1',
    video: 'clips/r1.mp4',
    split: 'train',
    labels: {
      direction: 'left',
      speed: 1.5,
      moving: true,
      when: [0.5, 2],
      steps: ['lift', 'turn'],
      box: [0.1, 0.2, 0.5, 0.6],
      caption: 'A red ball rolls slowly to the left, across a wooden table.',
    },
  });
  // "validation" → val; start/end columns; a JSON-array box cell.
  assert.deepEqual(r.records[1]?.split, 'val');
  assert.equal(r.records[1]?.start, 1);
  assert.equal(r.records[1]?.end, 6.5);
  assert.deepEqual(r.records[1]?.labels.box, [0.2, 0.2, 0.9, 0.8]);
  // A quoted caption spanning two lines; "NO" is no; a JSON range; a comma box.
  assert.deepEqual(r.records[2]?.labels.when, [0, 1]);
  assert.equal(r.records[2]?.labels.moving, false);
  assert.equal(r.records[2]?.labels.caption, 'Nothing moves; the camera shows an empty kitchen\ncounter for a while.');
  // Row 4 starts on line 6 (after the two-line row); an empty split cell takes the default.
  assert.deepEqual(r.records[3]?.split, 'test');
  assert.deepEqual(r.records[3]?.labels.when, [2, 3]);
  assert.deepEqual(r.missingVideoExamples, ['clips/r4.mp4']);
  assert.deepEqual(r.schema.moving, { type: 'yes_no' });
  assert.deepEqual(r.schema.speed, { type: 'number', min: 0, max: 3 });
  assert.deepEqual(r.schema.steps, { type: 'sequence' });
});

test('csv: the broken twin reports each bad row by line and field and keeps the good rows', async () => {
  const file = fixture('csv', 'broken.csv');
  const r = await importDataset({ name: 'broken', format: 'csv', annotations: file, root, columns });
  assert.deepEqual(where(r.problems), ['3 -', '4 labels.speed', '5 labels.when', '6 split', '7 video', '9 -', '10 -']);
  assert.ok(r.problems.every((p) => p.file === file));
  assert.match(r.problems[0]!.message, /row has 5 cells, the header has 6/);
  assert.match(r.problems[4]!.message, /resolves outside the dataset root.*\(from "path"\)/);
  assert.match(r.problems[6]!.message, /Quote Not Closed/);
  assert.deepEqual(r.counts, { read: 9, imported: 2, rejected: 7, missingVideos: 0 });
  assert.deepEqual(r.records.map((x) => x.id), ['r1', 'r7']);
});

test('csv: a mapped column the header lacks is one clear problem, not one per row', async () => {
  const r = await importDataset({ name: 'x', format: 'csv', annotations: fixture('csv', 'annotations.csv'), root, columns: { id: 'clip_id', video: 'path' } });
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]?.line, 1);
  assert.match(r.problems[0]!.message, /missing column\(s\) "clip_id"/);
  assert.deepEqual(r.counts, { read: 4, imported: 0, rejected: 4, missingVideos: 0 });
});

test('csv: a header naming a column twice is one problem at the header line and nothing is imported', async () => {
  const { dir, cleanup } = tempDir();
  try {
    // Before the fix the second "speed" silently won: r1 would be imported with speed 9.
    const file = join(dir, 'twice.csv');
    writeFileSync(file, 'id,video,speed,direction,speed\nr1,a.mp4,1.5,left,9\nr2,b.mp4,2,right\n"r3,c.mp4\n');
    const r = await importDataset({ name: 'x', format: 'csv', annotations: file, root: dir, checkVideos: false });
    assert.deepEqual(where(r.problems), ['1 -']);
    assert.equal(r.problems[0]!.file, file);
    assert.match(r.problems[0]!.message, /names a column more than once: "speed" \(columns 3, 5\)/);
    assert.deepEqual(r.counts, { read: 3, imported: 0, rejected: 3, missingVideos: 0 });
    assert.deepEqual(r.records, []);

    // Every twice-named column is listed; the header's own line is named after blank lines.
    const two = join(dir, 'two.csv');
    writeFileSync(two, '\n\nid,video,a,id,a,a\nr1,a.mp4,1,2,3,4\n');
    const t = await importDataset({ name: 'x', format: 'csv', annotations: two, root: dir, checkVideos: false });
    assert.deepEqual(where(t.problems), ['3 -']);
    assert.match(t.problems[0]!.message, /columns more than once: "id" \(columns 1, 4\), "a" \(columns 3, 5, 6\)/);
    assert.equal(t.counts.imported, 0);
  } finally {
    cleanup();
  }
});
