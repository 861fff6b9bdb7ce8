import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importDataset, writeDataset, readDataset, validateDataset, datasetStats } from '../../../src/core/datasets';
import { fixture, tempDir, where } from './helpers';

async function imported() {
  return importDataset({ name: 'motion', format: 'jsonl', annotations: fixture('jsonl', 'annotations.jsonl'), root: fixture('jsonl') });
}

test('store: writes records.jsonl, schema.json and report.json, and reads them back unchanged', async () => {
  const t = tempDir();
  try {
    const result = await imported();
    const dir = await writeDataset(t.dir, 'motion', result);
    assert.equal(dir, path.join(t.dir, 'motion'));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['records.jsonl', 'report.json', 'schema.json']); // no temp files left
    const lines = fs.readFileSync(path.join(dir, 'records.jsonl'), 'utf8').split('\n');
    assert.equal(lines.length, 7); // 6 records + final newline
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    assert.equal(report.root, fixture('jsonl'));
    assert.deepEqual(report.counts, result.counts);

    const back = await readDataset(dir);
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.records, result.records);
    assert.deepEqual(back.schema, result.schema);

    const v = await validateDataset(dir);
    assert.deepEqual(v, { records: 6, problems: [], missingVideos: 1, missingVideoExamples: ['clips/c6.mp4'], root: fixture('jsonl') });
  } finally {
    t.cleanup();
  }
});

test('store: validation names the line and field of a hand-edited record', async () => {
  const t = tempDir();
  try {
    const dir = await writeDataset(t.dir, 'motion', await imported());
    const file = path.join(dir, 'records.jsonl');
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const edit = (i: number, f: (r: Record<string, any>) => void) => {
      const r = JSON.parse(lines[i]!);
      f(r);
      lines[i] = JSON.stringify(r);
    };
    edit(0, (r) => (r.labels.speed = '1.5')); // a string where a number belongs
    edit(1, (r) => (r.labels.direction = 'sideways')); // not in the vocabulary
    edit(2, (r) => (r.video = '../../etc/passwd'));
    edit(3, (r) => (r.id = 'c1'));
    lines[4] = '{"id": "c5", ';
    edit(5, (r) => (r.split = 'dev'));
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const v = await validateDataset(dir);
    assert.deepEqual(where(v.problems), ['1 labels.speed', '2 labels.direction', '3 video', '4 id', '5 -', '6 split']);
    assert.ok(v.problems.every((p) => p.file === file));
    assert.equal(v.records, 0);
  } finally {
    t.cleanup();
  }
});

test('store: dataset names cannot escape the datasets folder', async () => {
  const result = await imported();
  for (const bad of ['../x', 'a/b', '', '.hidden', 'a..b']) {
    await assert.rejects(writeDataset('/tmp/nowhere', bad, result), /dataset name/);
  }
});

test('stats: counts per split and per-field summaries by type', async () => {
  const r = await imported();
  const s = datasetStats(r.records, r.schema);
  assert.equal(s.records, 6);
  assert.deepEqual(s.splits, { train: 4, val: 1, test: 1 });
  assert.deepEqual(s.fields.direction, { type: 'class', present: 6, missing: 0, distinct: 3, counts: { left: 3, right: 2, up: 1 } });
  assert.deepEqual(s.fields.moving?.counts, { yes: 5, no: 1 });
  const speed = s.fields.speed!;
  assert.equal(speed.of, 'value');
  assert.deepEqual([speed.summary?.min, speed.summary?.max], [0, 4]);
  assert.ok(Math.abs(speed.summary!.mean - 11.75 / 6) < 1e-9);
  assert.equal(s.fields.when?.of, 'duration');
  assert.equal(s.fields.when?.summary?.max, 3);
  assert.equal(s.fields.box?.of, 'area');
  assert.equal(s.fields.box?.summary?.max, 1);
  assert.deepEqual(s.fields.steps?.summary && [s.fields.steps.summary.min, s.fields.steps.summary.max], [1, 3]);
  assert.equal(s.fields.steps?.counts?.lift, 4);
  assert.equal(s.fields.caption?.distinct, 6);
});
