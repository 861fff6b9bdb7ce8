// The extension's dataset reader and statistics, on real files in a temp folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countLines, projectWorkdir, scanDatasets } from '../../../src/extension/datasets/scan';
import { datasetStats, formatStats } from '../../../src/extension/datasets/stats';

function tempProject(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
}
function rec(id: string, split: string, action: string): string {
  return JSON.stringify({ id, video: `${id}.mp4`, split, labels: { action } });
}

test('scanDatasets lists datasets with their clip counts and flags unimported ones', async (t) => {
  const dir = tempProject();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'vstar.yaml'), 'datasets: {}\n');
  const ds = path.join(dir, 'vstar', 'datasets');
  fs.mkdirSync(path.join(ds, 'shapes'), { recursive: true });
  fs.writeFileSync(path.join(ds, 'shapes', 'records.jsonl'), [rec('a', 'train', 'x'), rec('b', 'val', 'y'), rec('c', 'test', 'x')].join('\n') + '\n');
  fs.mkdirSync(path.join(ds, 'empty'));
  fs.writeFileSync(path.join(ds, 'not-a-dir.txt'), '');
  const found = await scanDatasets(dir);
  assert.deepEqual(found.map((d) => [d.name, d.clips]), [['empty', undefined], ['shapes', 3]]);
  assert.match(found[0]!.problem ?? '', /no records\.jsonl/);
});

test('scanDatasets follows `workdir` from vstar.yaml and returns [] without datasets', async (t) => {
  const dir = tempProject();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  assert.deepEqual(await scanDatasets(dir), []);
  fs.writeFileSync(path.join(dir, 'vstar.yaml'), 'workdir: out/studio\n');
  assert.equal(projectWorkdir(dir), 'out/studio');
  fs.mkdirSync(path.join(dir, 'out/studio/datasets/k700'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'out/studio/datasets/k700/records.jsonl'), rec('a', 'train', 'x'));
  assert.deepEqual((await scanDatasets(dir)).map((d) => [d.name, d.clips]), [['k700', 1]]);
  fs.writeFileSync(path.join(dir, 'vstar.yaml'), 'workdir: [unclosed\n');
  assert.equal(projectWorkdir(dir), 'vstar', 'a broken vstar.yaml falls back to the default workdir');
});

test('countLines ignores blank lines and counts a last line without newline', async (t) => {
  const dir = tempProject();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const f = path.join(dir, 'r.jsonl');
  fs.writeFileSync(f, '{"a":1}\r\n\n  \n{"a":2}\n{"a":3}');
  assert.equal(await countLines(f), 3);
  fs.writeFileSync(f, '');
  assert.equal(await countLines(f), 0);
  // Bigger than one read chunk (64 KiB), so lines straddle chunk boundaries.
  fs.writeFileSync(f, `${'{"id":"xxxxxxxxxxxxxxxxxxxxxxxx"}\n'.repeat(5000)}`);
  assert.equal(await countLines(f), 5000);
});

test('datasetStats counts splits, label values and names unreadable lines', async (t) => {
  const dir = tempProject();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const f = path.join(dir, 'records.jsonl');
  fs.writeFileSync(f, [rec('a', 'train', 'run'), rec('b', 'train', 'jump'), 'not json', rec('c', 'val', 'run'), '[1]', ''].join('\n'));
  const s = await datasetStats(f);
  assert.equal(s.records, 3);
  assert.deepEqual(s.bySplit, { train: 2, val: 1 });
  assert.deepEqual(s.fields.action, { present: 3, distinct: 2, top: [{ value: '"run"', count: 2 }, { value: '"jump"', count: 1 }] });
  assert.deepEqual(s.badLines, [3, 5]);
  const text = formatStats('shapes', s).join('\n');
  assert.match(text, /Dataset "shapes": 3 clips/);
  assert.match(text, /splits: train 2, val 1/);
  assert.match(text, /action: 3 labeled, 2 distinct; top: "run" ×2, "jump" ×1/);
  assert.match(text, /2 unreadable line\(s\): 3, 5/);
});
