import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliHarness, fixture } from './helpers';

// The real `vstar` CLI, bundled from source, run as a child process (see cliHarness).
const { vstar, work: workDir } = cliHarness();

/** A project holding copies of the fixtures under data/, with this vstar.yaml. */
function project(yaml: string[]): string {
  const proj = fs.mkdtempSync(path.join(workDir(), 'proj-'));
  for (const f of ['finediving', 'charades', 'activitynet']) fs.cpSync(fixture(f), path.join(proj, 'data', f), { recursive: true });
  fs.writeFileSync(path.join(proj, 'vstar.yaml'), ['version: 1', 'datasets:', ...yaml, ''].join('\n'));
  return proj;
}

const YAML = [
  '  diving:',
  '    format: finediving',
  '    annotations: data/finediving/Annotations/FineDiving_fine-grained_annotation.pkl',
  '    root: data/finediving/FINADiving_MTL_256s',
  '    fps: 25',
  '  diving-broken:',
  '    format: finediving',
  '    annotations: data/finediving/broken/FineDiving_fine-grained_annotation.pkl',
  '    root: data/finediving/FINADiving_MTL_256s',
  '  charades:',
  '    format: charades',
  '    annotations: data/charades/Charades_v1_train.csv',
  '    root: data/charades/Charades_v1_480',
  '  anet:',
  '    format: activitynet-captions',
  '    annotations: data/activitynet/val_1.json',
  '    root: data/activitynet/videos',
  '  wrong:',
  '    format: jsonl',
  '    annotations: data/finediving/Annotations/train_split.pkl',
];

test('vstar dataset import: FineDiving pickles, Charades and ActivityNet Captions from vstar.yaml; broken pickles named by key', () => {
  const proj = project(YAML);
  const d = vstar(proj, '--json', 'dataset', 'import', 'diving');
  assert.equal(d.code, 0, d.stderr);
  const res = JSON.parse(d.stdout);
  assert.deepEqual(res.counts, { read: 4, imported: 4, rejected: 0, missingVideos: 1 });
  assert.ok(res.notes.includes('3 clip(s) are frame folders: 12 to 14 frames each'));
  const records = fs.readFileSync(path.join(res.dir, 'records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(records[0].video, '01/1');
  assert.deepEqual(records[0].labels.step_2, [0.12, 0.32]);
  assert.equal(JSON.parse(fs.readFileSync(path.join(res.dir, 'report.json'), 'utf8')).fps, 25);

  const b = vstar(proj, 'dataset', 'import', 'diving-broken');
  assert.equal(b.code, 1);
  assert.match(b.stderr, /broken\/FineDiving_fine-grained_annotation\.pkl: \('01', 4\)\.action_type: "9z" is not a dive number/);
  assert.match(b.stderr, /broken\/FineDiving_coarse_annotation\.pkl: \('01', 9\)\.judge_scores: expected 3, 5 or 7 judge scores/);
  assert.match(b.stdout, /imported 2 of 9 records/);
  assert.match(b.stdout, /note: no fps given/);

  const c = vstar(proj, 'dataset', 'import', 'charades');
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /imported 11 of 11 records/);
  assert.match(c.stdout, /when\s+temporal_range/);
  const a = vstar(proj, 'dataset', 'import', 'anet');
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /imported 10 of 10 records/);
  assert.match(a.stdout, /3 clip file\(s\) missing \(kept; add them before generating\), e.g. v_nwznKOuZM7w.mp4\n/);

  const w = vstar(proj, 'dataset', 'import', 'wrong');
  assert.equal(w.code, 1);
  assert.deepEqual(w.stderr.trim().split('\n').length, 1);
  assert.match(w.stderr, /train_split\.pkl: this is a Python pickle, not the text file format jsonl reads: FineDiving ships its annotations as pickles; use format finediving/);
});

test('a moved project still finds its clips: report.json keeps its folders relative to the dataset too', () => {
  const proj = project(YAML.slice(0, 5));
  assert.equal(vstar(proj, 'dataset', 'import', 'diving').code, 0);
  const moved = `${proj}-moved`;
  fs.renameSync(proj, moved);
  const v = vstar(moved, '--json', 'dataset', 'validate', 'diving');
  const res = JSON.parse(v.stdout);
  // The one clip folder missing from the release layout is still the only one missing.
  assert.equal(res.records, 4);
  assert.deepEqual(res.problems, []);
  assert.deepEqual(res.missingVideoExamples, ['FINADivingWorldCup2021_Men3m_final_r1/9']);
  assert.equal(res.root, path.join(moved, 'data', 'finediving', 'FINADiving_MTL_256s'));
  assert.match(vstar(moved, 'dataset', 'validate', 'diving').stdout, /1 clip file\(s\) missing, e\.g\. FINADivingWorldCup2021_Men3m_final_r1\/9 \(looked for under .*-moved\/data\/finediving\/FINADiving_MTL_256s\)/);
  // A copy with its clips deleted reports them all missing rather than playing the original's.
  const copy = `${proj}-copy`;
  fs.cpSync(moved, copy, { recursive: true });
  fs.rmSync(path.join(copy, 'data', 'finediving', 'FINADiving_MTL_256s', '01'), { recursive: true });
  const c = JSON.parse(vstar(copy, '--json', 'dataset', 'validate', 'diving').stdout);
  assert.equal(c.missingVideos, 3);
});

test('vstar dataset import --detect: proposes the entry and tasks for a downloaded folder; --json; nothing imported', () => {
  const proj = project([]);
  fs.writeFileSync(path.join(proj, 'vstar.yaml'), 'version: 1\n');
  const r = vstar(proj, 'dataset', 'import', '--detect', 'data/charades');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /data\/charades\/Charades_v1_train\.csv: charades \(a csv with Charades' id and actions columns\)/);
  assert.match(r.stdout, /clips: 3 of the first 4 found under data\/charades\/Charades_v1_480/);
  assert.match(r.stdout, / {2}charades:\n {4}format: charades\n {4}annotations: "data\/charades\/Charades_v1_train.csv"\n {4}root: "data\/charades\/Charades_v1_480"\n/);
  assert.match(r.stdout, /questions:\n {6}- "When does this happen in the video: \{label.action\}\?"/);
  assert.equal(fs.existsSync(path.join(proj, 'vstar', 'datasets')), false);
  const j = JSON.parse(vstar(proj, '--json', 'dataset', 'import', '--detect', 'data/finediving', '--name', 'diving').stdout);
  assert.equal(j.detected.format, 'finediving');
  assert.equal(j.name, 'diving');
  assert.match(j.yaml, /root: "data\/finediving\/FINADiving_MTL_256s"\n {4}fps: 25\n/);
  const none = vstar(proj, 'dataset', 'import', '--detect', 'data/finediving/FINADiving_MTL_256s');
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no annotation file of a known format found/);
});
