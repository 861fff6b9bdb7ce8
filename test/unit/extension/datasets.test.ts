// The Datasets tree's model, without VS Code: the dataset list (read through the core's
// paths and import reports), a dataset read by the core, value groups per label field,
// and the statistics text — on real files in a temp folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importDataset, writeDataset, type FieldSchema, type SampleRecord } from '../../../src/core/datasets';
import { groupByField, MAX_DISTINCT_NUMBERS, pageWindow, shortNumber } from '../../../src/extension/datasets/groups';
import { formatStats, listDatasets, loadDataset } from '../../../src/extension/datasets/read';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real import of a small JSONL dataset into `<project>/<workdir>/datasets/<name>`. */
async function importShapes(project: string, workdir: string, name: string, lines: object[]): Promise<void> {
  const ann = path.join(project, `${name}.jsonl`);
  fs.writeFileSync(ann, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const result = await importDataset({ name, format: 'jsonl', annotations: ann, root: project, checkVideos: false });
  await writeDataset(path.join(project, workdir, 'datasets'), name, result);
}

const rec = (id: string, split: string, shape: string, speed: number): object => ({ id, video: `${id}.mp4`, split, shape, speed });

test('listDatasets lists imported datasets with the report\'s clip count, flags unimported ones, follows `workdir`', async (t) => {
  const dir = tempDir(t);
  assert.deepEqual(await listDatasets(dir), []);
  fs.writeFileSync(path.join(dir, 'vstar.yaml'), 'version: 1\nworkdir: out/studio\n');
  await importShapes(dir, 'out/studio', 'shapes', [rec('a', 'train', 'circle', 1), rec('b', 'val', 'square', 2), rec('c', 'test', 'circle', 3)]);
  fs.mkdirSync(path.join(dir, 'out/studio/datasets/empty'));
  fs.writeFileSync(path.join(dir, 'out/studio/datasets/not-a-dir.txt'), '');
  const found = await listDatasets(dir);
  assert.deepEqual(found.map((d) => [d.name, d.clips]), [['empty', undefined], ['shapes', 3]]);
  assert.match(found[0]!.problem ?? '', /no records\.jsonl/);
  assert.equal(found[1]!.problem, undefined);
  assert.equal(found[1]!.recordsFile, path.join(dir, 'out/studio/datasets/shapes/records.jsonl'));
});

test('loadDataset reads through the core: records, statistics and value groups; formatStats names problems', async (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'vstar.yaml'), 'version: 1\n');
  await importShapes(dir, 'vstar', 'shapes', [rec('a', 'train', 'circle', 1), rec('b', 'train', 'square', 2), rec('c', 'val', 'circle', 2)]);
  const dsDir = path.join(dir, 'vstar/datasets/shapes');
  // a hand-edited bad line: the core reports it and keeps the good records
  fs.appendFileSync(path.join(dsDir, 'records.jsonl'), '{"id": "d", "video": "d.mp4", "split": "nope", "labels": {}}\n');
  const loaded = await loadDataset(dsDir);
  assert.equal(loaded.data.records.length, 3);
  assert.equal(loaded.data.problems.length, 1);
  assert.deepEqual(loaded.stats.splits, { train: 2, val: 1, test: 0 });
  assert.deepEqual(loaded.groups('shape').map((g) => [g.label, g.indices.length]), [['circle', 2], ['square', 1]]);
  assert.strictEqual(loaded.groups('shape'), loaded.groups('shape'), 'groups are computed once per field');
  assert.deepEqual(loaded.groups('speed').map((g) => [g.label, [...g.indices]]), [['1', [0]], ['2', [1, 2]]]);
  assert.deepEqual(loaded.groups('no-such-field'), []);
  const text = formatStats('shapes', loaded.stats, loaded.data.problems.length).join('\n');
  assert.match(text, /Dataset "shapes": 3 clips \(train 2, val 1, test 0\)/);
  assert.match(text, /shape: class, 3 labeled, 2 distinct; top: circle ×2, square ×1/);
  assert.match(text, /speed: number, 3 labeled, value 1–2, mean 1\.67/);
  assert.match(text, /1 problem\(s\) in the stored files/);
});

function records(labels: Array<Record<string, SampleRecord['labels'][string]>>): SampleRecord[] {
  return labels.map((l, i) => ({ id: `r${i}`, video: `r${i}.mp4`, split: 'train', labels: l }));
}

test('groupByField: classes by count, yes/no, missing labels last', () => {
  const rs = records([{ c: 'b' }, { c: 'a' }, { c: 'b' }, {}, { c: 'a' }, { c: 'b' }]);
  const cls: FieldSchema = { type: 'class', values: ['a', 'b'] };
  assert.deepEqual(groupByField(rs, 'c', cls).map((g) => [g.key, [...g.indices]]), [['b', [0, 2, 5]], ['a', [1, 4]], ['missing', [3]]]);
  const yn = records([{ y: true }, { y: false }, { y: true }]);
  assert.deepEqual(groupByField(yn, 'y', { type: 'yes_no' }).map((g) => [g.label, g.indices.length]), [['yes', 2], ['no', 1]]);
});

test('groupByField: few numbers one by one, many numbers as ten ranges covering every record', () => {
  const few = records([{ s: 7.5 }, { s: 3 }, { s: 7.5 }]);
  assert.deepEqual(groupByField(few, 's', { type: 'number' }).map((g) => [g.label, g.indices.length]), [['3', 1], ['7.5', 2]]);
  const many = records(Array.from({ length: 1000 }, (_, i) => ({ s: i / 10 })));
  const groups = groupByField(many, 's', { type: 'number' });
  assert.equal(groups.length, 10);
  assert.equal(groups[0]!.label, '0 – 9.99');
  assert.equal(groups.at(-1)!.label, '89.9 – 99.9');
  assert.equal(groups.reduce((n, g) => n + g.indices.length, 0), 1000, 'every record in exactly one range');
  // exactly MAX_DISTINCT_NUMBERS distinct values are still listed one by one
  const edge = records(Array.from({ length: MAX_DISTINCT_NUMBERS * 2 }, (_, i) => ({ s: i % MAX_DISTINCT_NUMBERS })));
  assert.equal(groupByField(edge, 's', { type: 'number' }).length, MAX_DISTINCT_NUMBERS);
});

test('groupByField: ranges, boxes and sequences by duration, area and length', () => {
  const rs = records([{ t: [0, 2], b: [0, 0, 0.5, 0.5], q: ['a', 'b'] }, { t: [1, 3], b: [0, 0, 1, 1], q: ['a'] }]);
  assert.deepEqual(groupByField(rs, 't', { type: 'temporal_range', unit: 's' }).map((g) => [g.label, g.indices.length]), [['duration 2', 2]]);
  assert.deepEqual(groupByField(rs, 'b', { type: 'bbox', normalized: true }).map((g) => g.label), ['area 0.25', 'area 1']);
  assert.deepEqual(groupByField(rs, 'q', { type: 'sequence' }).map((g) => g.label), ['1 steps', '2 steps']);
});

test('groupByField on 100k records stays well under a second', () => {
  const rs = records(Array.from({ length: 100_000 }, (_, i) => ({ c: `class-${i % 700}`, s: Math.random() * 100 })));
  const t0 = performance.now();
  const byClass = groupByField(rs, 'c', { type: 'class', values: [] });
  const byNumber = groupByField(rs, 's', { type: 'number' });
  const ms = performance.now() - t0;
  assert.equal(byClass.length, 700);
  assert.equal(byNumber.length, 10);
  assert.ok(ms < 1000, `grouping took ${ms.toFixed(0)} ms`);
});

test('shortNumber and pageWindow', () => {
  assert.equal(shortNumber(3), '3');
  assert.equal(shortNumber(0.123456), '0.123');
  assert.equal(shortNumber(1234.5678), '1230');
  assert.deepEqual(pageWindow(450, 200), { end: 200, remaining: 250 });
  assert.deepEqual(pageWindow(150, 200), { end: 150, remaining: 0 });
});
