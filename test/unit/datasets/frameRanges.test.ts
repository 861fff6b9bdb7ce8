import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { datasetOptionsFromProject, importDataset } from '../../../src/core/datasets';
import { sampleFrames } from '../../../src/core/frames/sample';
import { fixture, tempDir } from './helpers';

// Any format may point at frame folders, with start/end given as frame numbers.
const root = fixture('finediving', 'FINADiving_MTL_256s');

test('timeUnit frames: start/end frame numbers become seconds at fps (end inclusive); sampling stays inside', async () => {
  const t = tempDir();
  try {
    const file = path.join(t.dir, 'steps.jsonl');
    fs.writeFileSync(file, [
      { id: 'entry', video: '01/1', start: 8, end: 11, labels: { step: 'Entry' } },
      { id: 'soms', video: '01/1', start: 3, end: 7, labels: { step: '3.5 Soms.Tuck' } },
      { id: 'bad', video: '01/1', start: 'x3', end: 7, labels: { step: 'Inward' } },
    ].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const r = await importDataset({ name: 'steps', format: 'jsonl', annotations: file, root, fps: 25, timeUnit: 'frames' });
    assert.deepEqual(r.records.map((x) => [x.id, x.start, x.end]), [['entry', 0.32, 0.48], ['soms', 0.12, 0.32]]);
    assert.deepEqual(r.problems.map((p) => `${p.line} ${p.field}: ${p.message}`), ['3 start: expected a frame number, got "x3"']);
    assert.ok(r.notes.includes('1 clip(s) are frame folders: 12 to 12 frames each'), r.notes.join('\n'));
    const s = await sampleFrames(path.join(root, '01', '1'), { frames: 4, start: r.records[0]!.start, end: r.records[0]!.end, fps: 25, cacheDir: path.join(t.dir, 'cache') });
    assert.deepEqual(s.times, [0.32, 0.36, 0.4, 0.44]); // frames 8..11
  } finally {
    t.cleanup();
  }
});

test('timeUnit in vstar.yaml: frames needs fps; an unknown unit is named with its line', async () => {
  const t = tempDir();
  try {
    const yaml = path.join(t.dir, 'vstar.yaml');
    fs.writeFileSync(yaml, 'datasets:\n  a:\n    format: jsonl\n    annotations: a.jsonl\n    timeUnit: frames\n  b:\n    format: jsonl\n    annotations: b.jsonl\n    timeUnit: minutes\n  c:\n    format: jsonl\n    annotations: c.jsonl\n    fps: 30\n    timeUnit: frames\n');
    const a = await datasetOptionsFromProject(yaml, 'a');
    assert.deepEqual(a.problems.map((p) => `${p.line} ${p.field}: ${p.message}`), ['5 datasets.a.timeUnit: frames needs fps (frames per second) to turn frame numbers into seconds']);
    const b = await datasetOptionsFromProject(yaml, 'b');
    assert.deepEqual(b.problems.map((p) => `${p.line} ${p.field}`), ['9 datasets.b.timeUnit']);
    const c = await datasetOptionsFromProject(yaml, 'c');
    assert.equal(c.options?.timeUnit, 'frames');
    assert.equal(c.options?.fps, 30);
  } finally {
    t.cleanup();
  }
});
