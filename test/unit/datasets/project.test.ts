import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { datasetOptionsFromProject, projectDatasetsDir } from '../../../src/core/datasets';
import { tempDir } from './helpers';

test('project: a dataset entry becomes import options, paths relative to vstar.yaml', async () => {
  const t = tempDir();
  try {
    const file = path.join(t.dir, 'vstar.yaml');
    fs.writeFileSync(
      file,
      [
        'version: 1',
        'datasets:',
        '  k700:',
        '    format: kinetics',
        '    annotations: ann/val.csv',
        '    root: /data/k700',
        '    allowRoots: [shared]',
        '    clipPattern: "{youtube_id}.mp4"',
        '    split: val',
        '    labels: {action: {type: class, values: []}}',
        '  fd: {format: finediving, annotations: fd.json, fps: 25}',
      ].join('\n'),
    );
    const k = await datasetOptionsFromProject(t.dir, 'k700');
    assert.deepEqual(k.problems, []);
    assert.equal(k.datasetsDir, path.join(t.dir, 'vstar', 'datasets'));
    assert.deepEqual(k.options, {
      name: 'k700',
      format: 'kinetics',
      annotations: path.join(t.dir, 'ann', 'val.csv'),
      root: '/data/k700',
      allowRoots: [path.join(t.dir, 'shared')],
      clipPattern: '{youtube_id}.mp4',
      split: 'val',
      labels: { action: { type: 'class', values: [] } },
    });
    const fd = await datasetOptionsFromProject(file, 'fd');
    assert.equal(fd.options?.root, t.dir); // default: the folder of the annotations
    assert.equal(fd.options?.fps, 25);
    assert.equal(await projectDatasetsDir(file), path.join(t.dir, 'vstar', 'datasets'));
  } finally {
    t.cleanup();
  }
});

test('project: a bad entry gives problems with vstar.yaml lines and dotted fields', async () => {
  const t = tempDir();
  try {
    fs.writeFileSync(
      path.join(t.dir, 'vstar.yaml'),
      ['workdir: out', 'datasets:', '  d:', '    format: csv', '    annotations: a.csv', '    split: holdout', '    labels: {x: {type: colour}}', '    columns: {clip: id}'].join('\n'),
    );
    const d = await datasetOptionsFromProject(t.dir, 'd');
    assert.equal(d.options, undefined);
    assert.deepEqual(d.problems.map((p) => `${p.line} ${p.field}`), ['6 datasets.d.split', '7 datasets.d.labels.x.type', '8 datasets.d.columns.clip']);
    assert.equal(d.datasetsDir, path.join(t.dir, 'out', 'datasets'));
    const missing = await datasetOptionsFromProject(t.dir, 'other');
    assert.match(missing.problems[0]!.message, /no such dataset in vstar\.yaml \(known: d\)/);
  } finally {
    t.cleanup();
  }
});
