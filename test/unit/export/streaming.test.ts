import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createCycle } from '../../../src/core/cycles';
import type { SampleRecord } from '../../../src/core/datasets/record';
import { exportSamples } from '../../../src/core/export/export';
import { exportCycle } from '../../../src/core/export/fromCycle';
import { llavaRecord } from '../../../src/core/export/llava';
import { ExportError, ExportInputError, type ExportSample } from '../../../src/core/export/types';
import { answerPrompt } from '../../../src/core/prompts/prompts';
import { sample, storeDataset, tempDir } from './helpers';

// The export streams: records go through a temp file in ~1 MB chunks. These tests write
// more than a chunk, so the temp file really exists mid-export, and compare the result
// with what a whole-array JSON.stringify would give.

function many(n: number): ExportSample[] {
  // ~400 bytes per record: 5,000 records are ~2 MB, two chunks and more.
  return Array.from({ length: n }, (_, i) => sample({ id: `a${i}`, sampleId: `s${i}`, answer: `Step ${i}: ${'the dancer turns and sways. '.repeat(12)}So the answer is dancing.` }));
}

test('a multi-chunk llava export equals the whole array laid out by JSON.stringify', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const samples = many(5000);
    const r = await exportSamples(samples, 'llava', dir, { name: 'big' });
    assert.equal(r.counts.exported, 5000);
    const text = readFileSync(path.join(dir, 'big.llava.json'), 'utf8');
    assert.ok(text.length > 2 << 20, `the export is ${text.length} bytes: more than one chunk`);
    assert.equal(text, JSON.stringify(samples.map(llavaRecord), null, 2) + '\n');
    assert.deepEqual(readdirSync(dir), ['big.llava.json'], 'no temp file left');
  } finally {
    cleanup();
  }
});

test('a problem found after the first chunk was written leaves no file, no temp and no new folder', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const out = path.join(dir, 'new', 'exports');
    async function* withBadTail(): AsyncGenerator<ExportSample> {
      yield* many(5000);
      // An unloadable record at the end: an empty video path passes the sample schema's
      // min(1) only as a space, and the trainer check refuses it.
      yield sample({ id: 'late', sampleId: 'late', video: ' ' });
    }
    await assert.rejects(exportSamples(withBadTail(), 'llava', out), ExportError);
    assert.equal(existsSync(path.join(dir, 'new')), false, 'the folders made for the export are gone');

    // A source that throws its own problems at its end aborts the same way.
    async function* failing(): AsyncGenerator<ExportSample> {
      yield* many(5000);
      throw new ExportInputError('in.jsonl', [{ file: 'in.jsonl', line: 9, message: 'bad' }]);
    }
    await assert.rejects(exportSamples(failing(), 'ms-swift', out), ExportInputError);
    assert.equal(existsSync(path.join(dir, 'new')), false);
  } finally {
    cleanup();
  }
});

test('exportCycle: records come out in dataset order, whatever order the log holds them in', async () => {
  const t = tempDir();
  try {
    const workdir = path.join(t.dir, 'vstar');
    const videos = path.join(t.dir, 'videos');
    const ids = Array.from({ length: 300 }, (_, i) => `clip-${String(i).padStart(3, '0')}`);
    const records: SampleRecord[] = ids.map((id) => ({ id, video: `${id}.mp4`, split: 'train', labels: { action: 'dancing' } }));
    await storeDataset(workdir, 'acts', videos, records, { action: { type: 'class', values: ['dancing'] } });
    // The log in a scrambled order (as concurrent requests finish), two questions for some clips.
    const scrambled = ids.map((_, i) => ids[(i * 7) % ids.length]!);
    const sampleIds = scrambled.flatMap((id, i) => (i % 10 === 0 ? [`${id}#qa.b`, `${id}#qa.a`] : [id]));
    const store = await createCycle(workdir, { model: 'm', dataset: 'acts' });
    try {
      await store.appendAttempts(
        sampleIds.map((sampleId) => ({
          sampleId,
          stage: 'answer' as const,
          try: 0,
          backend: 'openai-compatible',
          prompt: answerPrompt('What is shown?'),
          question: 'What is shown?',
          output: `They sway (${sampleId}). So the activity is dancing.`,
          timing: { startedAt: '2026-01-01T00:00:00.000Z', ms: 1 },
        })),
      );
      await store.appendVerdicts(sampleIds.map((sampleId) => ({ attemptId: `c1/answer/0/${sampleId}`, pass: true, verifier: 'v', checks: [] })));
    } finally {
      await store.close();
    }
    const ticks: [number, number][] = [];
    const done = await exportCycle(workdir, 1, 'metadata', undefined, { videoRoot: videos, onProgress: (d, t) => ticks.push([d, t]) });
    assert.equal(done.result.counts.exported, sampleIds.length);
    assert.deepEqual(ticks.at(-1), [sampleIds.length, sampleIds.length], 'progress ends at every picked sample');
    const got = readFileSync(done.result.files[0]!, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as ExportSample).sampleId);
    const want = [...sampleIds].sort((a, b) => {
      const ra = a.split('#')[0]!;
      const rb = b.split('#')[0]!;
      return ra !== rb ? ids.indexOf(ra) - ids.indexOf(rb) : a < b ? -1 : 1;
    });
    assert.deepEqual(got, want);
    assert.equal(got[0], 'clip-000#qa.a', 'two questions about one clip: by sample id');
  } finally {
    t.cleanup();
  }
});
