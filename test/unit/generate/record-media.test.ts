import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VstarConfig } from '../../../src/core/config/schema';
import type { StoredDataset } from '../../../src/core/datasets/store';
import type { GenerationBackend } from '../../../src/core/generate/backend';
import { clipMedia } from '../../../src/core/generate/media';
import { planItems } from '../../../src/core/generate/plan';
import { readClipRoots } from '../../../src/core/review/samples';
import { verifyAll } from '../../../src/core/verify/verify';

// What a record brings to its question: STAR's own choices as the answer's rivals, a frame
// folder's fps; a frame folder sent whole to a server that takes video; a moved project's
// clip folders found where the project now is.

test('a STAR answer\'s rivals are its own question\'s other choices, so naming another choice fails', () => {
  const choices = ['The cup.', 'The book.', 'The towel.', 'The bag.'];
  const dataset: StoredDataset = {
    dir: '/nowhere',
    records: [{ id: 'q1', video: 'v.mp4', split: 'train', labels: { question: 'Which object was taken by the person?', answer: 'The book.', choices } }],
    lines: [1],
    schema: { question: { type: 'text' }, answer: { type: 'class', values: ['The cup.', 'The book.', 'The towel.', 'The bag.', 'The sandwich.', 'The door.'] }, choices: { type: 'sequence' } },
    report: undefined,
    problems: [],
  };
  // No `questions`: the record's own question is asked, as written.
  const config = VstarConfig.parse({ version: 1, tasks: { star: { dataset: 'star', field: 'answer' } } });
  const [item] = planItems({ dataset, datasetName: 'star', config }).items;
  assert.equal(item!.question, 'Which object was taken by the person?');
  const label = item!.labels[0]!;
  assert.equal(label.type, 'class');
  assert.deepEqual((label as { rivals?: string[] }).rivals, ['The cup.', 'The towel.', 'The bag.']);
  assert.equal(verifyAll('The person walks to the shelf and picks it up. So the answer is the book.', item!.labels).pass, true);
  assert.equal(verifyAll('The person walks to the shelf. The book stays there. So the answer is the towel.', item!.labels).pass, false);
});

test('a frame folder goes to a video-taking server as one H.264 clip, at the dataset\'s fps', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-media-'));
  try {
    const frames = join(dir, 'clip');
    mkdirSync(frames);
    execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=10', '-frames:v', '20', join(frames, '%05d.jpg')]);
    const backend = { kind: 'openai-compatible', model: 'm', video: 'video_url', frames: 4, complete: async () => '' } as unknown as GenerationBackend;
    const media = clipMedia({ cacheDir: join(dir, 'cache') });
    const item = { sampleId: 's', question: 'q', hint: 'h', labels: [], video: { path: frames, fps: 10 } };
    const parts = await media(item, backend, undefined);
    assert.equal(parts.length, 1);
    const url = (parts[0] as { video_url: { url: string } }).video_url.url;
    assert.match(url, /^data:video\/mp4;base64,/);
    const mp4 = join(dir, 'sent.mp4');
    writeFileSync(mp4, Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name:format=duration', '-of', 'json', mp4], { encoding: 'utf8' })) as { streams: { codec_name: string }[]; format: { duration: string } };
    assert.equal(probe.streams[0]!.codec_name, 'h264');
    assert.ok(Math.abs(Number(probe.format.duration) - 2) < 0.3, `20 frames at 10 fps last 2 s (got ${probe.format.duration})`);
    const sampled = await clipMedia({ cacheDir: join(dir, 'cache') })(item, { ...backend, video: 'frames' } as GenerationBackend, undefined);
    assert.equal(sampled.length, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a moved project\'s clip folders are found where the project is now', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-moved-'));
  try {
    const ds = join(dir, 'copy', 'vstar', 'datasets', 'sample');
    mkdirSync(ds, { recursive: true });
    mkdirSync(join(dir, 'copy', 'sample'));
    writeFileSync(join(ds, 'report.json'), JSON.stringify({ root: '/the/old/place/sample', allowRoots: [], relative: { root: '../../../sample', allowRoots: [] } }));
    assert.deepEqual(await readClipRoots(ds), [join(dir, 'copy', 'sample')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
