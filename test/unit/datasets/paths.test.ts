import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importDataset, resolveClip, fillPattern, patternFields } from '../../../src/core/datasets';
import { tempDir } from './helpers';

test('clip paths: relative paths inside the root are kept relative, POSIX', () => {
  assert.deepEqual(resolveClip('a/./b/../c.mp4', '/data/ds'), { ok: true, video: 'a/c.mp4', abs: '/data/ds/a/c.mp4' });
  assert.deepEqual(resolveClip('a\\c.mp4', '/data/ds'), { ok: true, video: 'a/c.mp4', abs: '/data/ds/a/c.mp4' });
  assert.equal(resolveClip('/data/ds/x.mp4', '/data/ds').ok, true);
  assert.deepEqual(resolveClip('./a//b.mp4', '/data/ds'), { ok: true, video: 'a/b.mp4', abs: '/data/ds/a/b.mp4' });
  assert.deepEqual(resolveClip('a..b/c.mp4', '/data/ds/'), { ok: true, video: 'a..b/c.mp4', abs: '/data/ds/a..b/c.mp4' });
});

test('clip paths: .. escapes, absolute paths outside, backslash escapes and the root itself are rejected', () => {
  for (const bad of ['../x.mp4', 'a/../../x.mp4', 'a/b/../../..', 'a/./../..//../x', '/etc/passwd', '..\\..\\x.mp4', '/data/ds-other/x.mp4', '.', '', 'a\0b']) {
    const r = resolveClip(bad, '/data/ds');
    assert.equal(r.ok, false, bad);
  }
});

test('clip paths: allowRoots accept paths outside the root, stored absolute', () => {
  assert.deepEqual(resolveClip('../shared/x.mp4', '/data/ds', ['/data/shared']), { ok: true, video: '/data/shared/x.mp4', abs: '/data/shared/x.mp4' });
  assert.deepEqual(resolveClip('/mnt/clips/y.mp4', '/data/ds', ['/mnt/clips']), { ok: true, video: '/mnt/clips/y.mp4', abs: '/mnt/clips/y.mp4' });
  assert.equal(resolveClip('/mnt/clipsX/y.mp4', '/data/ds', ['/mnt/clips']).ok, false);
});

test('clip paths: a symlink inside the root that points outside is rejected on import; allowRoots admit it', async () => {
  const t = tempDir();
  try {
    const root = path.join(t.dir, 'ds');
    const outside = path.join(t.dir, 'outside');
    fs.mkdirSync(root);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.mp4'), 'x');
    fs.writeFileSync(path.join(root, 'ok.mp4'), 'x');
    fs.symlinkSync(path.join(outside, 'secret.mp4'), path.join(root, 'link.mp4'));
    const ann = path.join(root, 'a.jsonl');
    fs.writeFileSync(
      ann,
      ['ok', 'link', '../outside/secret'].map((n) => JSON.stringify({ id: n, video: `${n}.mp4`, labels: { c: 'x' } })).join('\n') + '\n',
    );
    const r = await importDataset({ name: 'l', format: 'jsonl', annotations: ann, root });
    assert.deepEqual(r.problems.map((p) => `${p.line} ${p.field}`), ['2 video', '3 video']);
    assert.match(r.problems[0]!.message, /link that resolves outside/);
    assert.deepEqual(r.records.map((x) => x.id), ['ok']);
    assert.deepEqual(r.counts, { read: 3, imported: 1, rejected: 2, missingVideos: 0 });

    const allowed = await importDataset({ name: 'l', format: 'jsonl', annotations: ann, root, allowRoots: [outside] });
    assert.deepEqual(allowed.problems, []);
    assert.deepEqual(allowed.records.map((x) => x.video), ['ok.mp4', 'link.mp4', path.join(outside, 'secret.mp4')]);
  } finally {
    t.cleanup();
  }
});

test('clip paths: a linked folder is followed: inside the root is fine, outside is rejected', async () => {
  const t = tempDir();
  try {
    const root = path.join(t.dir, 'ds');
    fs.mkdirSync(path.join(root, 'real'), { recursive: true });
    fs.mkdirSync(path.join(t.dir, 'elsewhere'));
    fs.writeFileSync(path.join(root, 'real', 'a.mp4'), 'x');
    fs.writeFileSync(path.join(t.dir, 'elsewhere', 'a.mp4'), 'x');
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    fs.symlinkSync(path.join(t.dir, 'elsewhere'), path.join(root, 'out'));
    const ann = path.join(root, 'a.csv');
    fs.writeFileSync(ann, 'id,video,c\n1,real/a.mp4,x\n2,alias/a.mp4,x\n3,out/a.mp4,x\n4,out/missing.mp4,x\n');
    const r = await importDataset({ name: 'l', format: 'csv', annotations: ann, root });
    assert.deepEqual(r.problems.map((p) => `${p.line} ${p.field}`), ['4 video']);
    assert.deepEqual(r.records.map((x) => x.id), ['1', '2', '4']);
    assert.deepEqual(r.missingVideoExamples, ['out/missing.mp4']);
  } finally {
    t.cleanup();
  }
});

test('clip patterns: placeholders, zero padding, and errors naming the field', () => {
  const p = '{youtube_id}_{time_start:06}_{time_end:06}.mp4';
  assert.deepEqual(patternFields(p), ['youtube_id', 'time_start', 'time_end']);
  assert.deepEqual(fillPattern(p, { youtube_id: '---QUuC4vJs', time_start: '84', time_end: '94' }), { ok: true, value: '---QUuC4vJs_000084_000094.mp4' });
  const bad = fillPattern(p, { youtube_id: 'a', time_start: '8.5', time_end: '9' });
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.field, 'time_start');
  assert.equal(fillPattern(p, { youtube_id: 'a', time_end: '9' }).ok, false);
  assert.throws(() => patternFields('{a}_{b'), /malformed clip pattern/);
});
