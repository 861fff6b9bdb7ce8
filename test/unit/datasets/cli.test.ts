import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliHarness, fixture } from './helpers';

// The real `vstar` CLI, bundled from source, run as a child process (see cliHarness).
const { vstar, work: workDir } = cliHarness();

test('vstar dataset import with flags: problems on stderr with file:line: field, good records written, exit 1', () => {
  const proj = fs.mkdtempSync(path.join(workDir(), 'flags-'));
  const r = vstar(proj, 'dataset', 'import', '--name', 'motion', '--format', 'jsonl', '--annotations', fixture('jsonl', 'broken.jsonl'));
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 10);
  assert.match(lines[2]!, /broken\.jsonl:4: labels\.speed: expected a number, got "fast"$/);
  assert.match(r.stdout, /imported 3 of 13 records into vstar\/datasets\/motion/);
  assert.match(r.stdout, /1 clip file\(s\) missing .* clips\/missing\.mp4/);
  const dir = path.join(proj, 'vstar', 'datasets', 'motion');
  assert.equal(fs.readFileSync(path.join(dir, 'records.jsonl'), 'utf8').trim().split('\n').length, 3);

  const stats = vstar(proj, '--json', 'dataset', 'stats', 'motion');
  assert.equal(stats.code, 0, stats.stderr);
  const s = JSON.parse(stats.stdout);
  assert.equal(s.records, 3);
  assert.deepEqual(s.fields.direction.counts, { left: 2, right: 1 });

  const v = vstar(proj, 'dataset', 'validate', 'motion');
  assert.equal(v.code, 1); // a clip file is missing
  assert.match(v.stdout, /3 valid records/);
  assert.equal(vstar(proj, 'dataset', 'validate', 'motion', '--no-check-videos').code, 0);
});

test('vstar dataset import <name> from vstar.yaml (found from a subfolder), --json result, config problems with lines', () => {
  const proj = fs.mkdtempSync(path.join(workDir(), 'proj-'));
  fs.cpSync(fixture('csv'), path.join(proj, 'data'), { recursive: true });
  fs.mkdirSync(path.join(proj, 'sub'));
  fs.writeFileSync(
    path.join(proj, 'vstar.yaml'),
    [
      'version: 1',
      'workdir: work',
      'datasets:',
      '  motion:',
      '    format: csv',
      '    annotations: data/annotations.csv',
      '    columns: {id: clip, video: path}',
      '  bad:',
      '    format: tsv',
      '    annotations: data/annotations.csv',
      '',
    ].join('\n'),
  );
  const r = vstar(path.join(proj, 'sub'), '--json', 'dataset', 'import', 'motion');
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.equal(res.ok, true);
  assert.deepEqual(res.counts, { read: 4, imported: 4, rejected: 0, missingVideos: 1 });
  assert.equal(res.dir, path.join(proj, 'work', 'datasets', 'motion'));
  assert.deepEqual(res.schema.moving, { type: 'yes_no' });
  const report = JSON.parse(fs.readFileSync(path.join(res.dir, 'report.json'), 'utf8'));
  assert.equal(report.root, path.join(proj, 'data'));

  const bad = vstar(proj, 'dataset', 'import', 'bad');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /vstar\.yaml:9: datasets\.bad\.format: unknown format "tsv"/);
  assert.equal(vstar(proj, 'dataset', 'import', 'nope').code, 1);
});

test('vstar dataset import: usage errors exit 2; a fully rejected import leaves the stored dataset alone', () => {
  const proj = fs.mkdtempSync(path.join(workDir(), 'usage-'));
  assert.equal(vstar(proj, 'dataset', 'import', '--name', 'x', '--format', 'tsv', '--annotations', 'a.csv').code, 2);
  assert.equal(vstar(proj, 'dataset', 'import', '--name', '../x', '--format', 'csv', '--annotations', 'a.csv').code, 2);
  assert.equal(vstar(proj, 'dataset', 'import', '--name', 'x', '--format', 'csv', '--annotations', 'a.csv', '--column', 'nope').code, 2);

  const ok = vstar(proj, 'dataset', 'import', '--name', 'k', '--format', 'kinetics', '--annotations', fixture('kinetics', 'validate.csv'), '--root', fixture('kinetics', 'videos'));
  assert.equal(ok.code, 0, ok.stderr);
  const records = path.join(proj, 'vstar', 'datasets', 'k', 'records.jsonl');
  const before = fs.readFileSync(records, 'utf8');
  const none = vstar(proj, 'dataset', 'import', '--name', 'k', '--format', 'kinetics', '--annotations', fixture('kinetics', 'validate.csv'), '--clip-pattern', '{nope}.mp4');
  assert.equal(none.code, 1);
  assert.match(none.stdout, /imported nothing/);
  assert.equal(fs.readFileSync(records, 'utf8'), before);
});
