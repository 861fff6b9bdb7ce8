import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importDataset } from '../../../src/core/datasets';
import { diveMeaning } from '../../../src/core/datasets/formats/dive';
import { fixture, tempDir } from './helpers';

// The fixture is written by test/fixtures/datasets/finediving/make_fixture.py (committed pickles).
const root = fixture('finediving', 'FINADiving_MTL_256s');
const annotations = fixture('finediving', 'Annotations', 'FineDiving_fine-grained_annotation.pkl');
const broken = fixture('finediving', 'broken', 'FineDiving_fine-grained_annotation.pkl');

test('finediving pickles: labels, meaning of the dive number, judges from the coarse file, splits from the split pickles', async () => {
  const r = await importDataset({ name: 'fd', format: 'finediving', annotations, root, fps: 25 });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.counts, { read: 4, imported: 4, rejected: 0, missingVideos: 1 });
  assert.deepEqual(r.records[0], {
    id: '01-1',
    video: '01/1',
    split: 'train',
    labels: {
      action_type: '407C',
      dive: 'Inward 3.5 somersaults, tuck',
      rotation: 'Inward',
      somersaults: 3.5,
      twists: 0,
      position: 'tuck',
      armstand: false,
      difficulty: 3.2,
      dive_score: 86.4,
      judge_scores: ['9', '9.5', '9', '8.5', '9', '9.5', '9'],
      execution_score: 27, // 7 judges: two highest and two lowest dropped
      steps: ['Inward', '3.5 Soms.Tuck', 'Entry'],
      // frames 0-2, 3-7, 8-11 at 25 fps
      step_1: [0, 0.12],
      step_2: [0.12, 0.32],
      step_3: [0.32, 0.48],
    },
  });
  const twisting = r.records[1]!.labels;
  assert.equal(twisting.dive, 'Back 2.5 somersaults, 1.5 twists, pike');
  assert.deepEqual(twisting.steps, ['Back', '2.5 Soms.Pike', '1.5 Twists', 'Entry']);
  // No own sub-action names: named through Sub_action_Types_Table.pkl; in test_split.pkl.
  assert.deepEqual(r.records[2]!.labels.steps, ['Forward', '3.5 Soms.Pike', 'Entry']);
  assert.equal(r.records[2]!.split, 'test');
  assert.equal(r.records[3]!.labels.armstand, true);
  assert.deepEqual(r.missingVideoExamples, ['FINADivingWorldCup2021_Men3m_final_r1/9']);
  assert.ok(r.notes.includes('3 clip(s) are frame folders: 12 to 14 frames each'), r.notes.join('\n'));
  assert.ok(r.notes.some((n) => n.includes(`looked for under ${root}`)));
  assert.deepEqual(r.schema.action_type, { type: 'class', values: ['107B', '407C', '5253B', '626C'] });
  assert.deepEqual(r.schema.step_4, { type: 'temporal_range', unit: 's' });
  assert.deepEqual(r.schema.judge_scores, { type: 'sequence' });
});

test('finediving pickles: the broken twin names file, key and field; good clips kept', async () => {
  const r = await importDataset({ name: 'fd', format: 'finediving', annotations: broken, root, fps: 25 });
  const dir = path.dirname(broken);
  assert.deepEqual(
    r.problems.map((p) => `${path.relative(dir, p.file)} ${p.field ?? '-'}`),
    [
      'test_split.pkl -',
      "FineDiving_fine-grained_annotation.pkl ('01',)",
      "FineDiving_fine-grained_annotation.pkl ('01', 4).action_type",
      "FineDiving_fine-grained_annotation.pkl ('01', 6).frames_labels",
      "FineDiving_fine-grained_annotation.pkl ('01', 7)",
      "FineDiving_coarse_annotation.pkl ('01', 9).judge_scores",
      "FineDiving_coarse_annotation.pkl ('01', 10).judge_scores",
      "FineDiving_fine-grained_annotation.pkl ('01', 5).labels.dive_score",
    ],
  );
  assert.match(r.problems[0]!.message, /expected a list of \(video_name, clip_index\), got a dict/);
  assert.match(r.problems[2]!.message, /"9z" is not a dive number/);
  assert.match(r.problems[5]!.message, /expected 3, 5 or 7 judge scores, got \[7,7.5\]/);
  assert.match(r.problems[6]!.message, /judge score 55.5 is not 0 to 10 in half points, in \[55.5,5,6\]/);
  assert.match(r.problems[7]!.message, /expected a number, got "high"/);
  assert.deepEqual(r.counts, { read: 9, imported: 2, rejected: 7, missingVideos: 1 });
  assert.deepEqual(r.records.map((x) => x.id), ['01-1', '01-8']);
});

test('finediving pickles: a truncated pickle is one problem; a pickle given to a text format says what it is', async () => {
  const t = tempDir();
  try {
    const cut = path.join(t.dir, 'FineDiving_fine-grained_annotation.pkl');
    fs.writeFileSync(cut, fs.readFileSync(annotations).subarray(0, 300));
    const r = await importDataset({ name: 'fd', format: 'finediving', annotations: cut, root });
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!.message, /^not a readable pickle: /);
    for (const format of ['jsonl', 'csv', 'star'] as const) {
      const j = await importDataset({ name: 'x', format, annotations, root });
      assert.deepEqual(j.problems.map((p) => p.message), [`this is a Python pickle, not the text file format ${format} reads: FineDiving ships its annotations as pickles; use format finediving`]);
      assert.equal(j.records.length, 0);
    }
    const zip = path.join(t.dir, 'labels.csv');
    fs.writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    const z = await importDataset({ name: 'x', format: 'csv', annotations: zip, root });
    assert.match(z.problems[0]!.message, /this is a zip archive.*extract it/);
  } finally {
    t.cleanup();
  }
});

test('finediving pickles: an empty frame folder counts as a missing clip and is named; a frame count off the annotation is noted', async () => {
  const t = tempDir();
  try {
    fs.cpSync(root, t.dir, { recursive: true });
    for (const f of fs.readdirSync(path.join(t.dir, '01', '2'))) fs.rmSync(path.join(t.dir, '01', '2', f));
    fs.rmSync(path.join(t.dir, '01', '1', '00011.jpg')); // 11 frames left of the 12 labeled
    const r = await importDataset({ name: 'fd', format: 'finediving', annotations, root: t.dir });
    assert.equal(r.counts.missingVideos, 2);
    assert.ok(r.notes.some((n) => n.startsWith('1 frame folder(s) hold no frames') && n.includes('01/2')), r.notes.join('\n'));
    assert.ok(r.notes.some((n) => n.startsWith('no fps given')));
    assert.ok(r.notes.includes('1 frame folder(s) hold another number of frames than their annotation: 01/1 (11 frames, 12 annotated)'), r.notes.join('\n'));
  } finally {
    t.cleanup();
  }
});

test('dive numbers: groups, flying, twisting and armstand dives, positions', () => {
  const m = (c: string): string => {
    const d = diveMeaning(c);
    return typeof d === 'string' ? d : d.text;
  };
  assert.equal(m('407C'), 'Inward 3.5 somersaults, tuck');
  assert.equal(m('113b'), 'Flying Forward 1.5 somersaults, pike');
  assert.equal(m('5132D'), 'Forward 1.5 somersaults, 1 twist, free');
  assert.equal(m('6243D'), 'Armstand Back 2 somersaults, 1.5 twists, free');
  assert.equal(m('612B'), 'Armstand Forward 1 somersault, pike');
  assert.equal(m('201A'), 'Back 0.5 somersaults, straight');
  assert.match(m('407E'), /not a dive number/);
  assert.match(m('5253'), /not a dive number/);
  assert.match(m('525B'), /twisting dive \(5...\) has four digits/);
});
