import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportSamples, exportFileNames, checkExport } from '../../../src/core/export/export';
import { EXPORT_FORMATS, ExportError } from '../../../src/core/export/types';
import { LeakError } from '../../../src/core/export/leak';
import { fixtureSamples, GOLDEN, sample, tempDir } from './helpers';

// Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended format change (then review the diff).
const update = process.env.UPDATE_GOLDEN === '1';

for (const format of EXPORT_FORMATS) {
  test(`golden ${format} export of the 3-sample fixture`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      const result = await exportSamples(await fixtureSamples(), format, dir, { name: 'fixture' });
      assert.deepEqual(result.counts, { exported: 3, skipped: 0, 'verdict-pass': 1, 'review-accept': 2, 'verdict-fail': 0, 'review-reject': 0, 'verdict-uncertain': 0, rationalized: 1 });
      const names = exportFileNames(format, 'fixture');
      assert.deepEqual(result.files, names.map((n) => join(dir, n)));
      assert.deepEqual(readdirSync(dir).sort(), [...names].sort(), 'no temp files left behind');
      for (const n of names) {
        const actual = readFileSync(join(dir, n), 'utf8');
        const golden = join(GOLDEN, n);
        if (update) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(golden, actual);
        }
        assert.equal(actual, readFileSync(golden, 'utf8'), `${n} differs from its golden file`);
      }
      assert.deepEqual(checkExport(format, readFileSync(join(dir, names[0]!), 'utf8')), []);
    } finally {
      cleanup();
    }
  });
}

test('the golden files hold the exact shapes trainers expect', () => {
  const llava = JSON.parse(readFileSync(join(GOLDEN, 'fixture.llava.json'), 'utf8'));
  assert.deepEqual(Object.keys(llava[0]), ['id', 'video', 'conversations']);
  assert.equal(llava[0].conversations[0].value, '<video>\nWhat activity is shown in the video?');
  const lf = JSON.parse(readFileSync(join(GOLDEN, 'fixture.json'), 'utf8'));
  assert.deepEqual(lf[1].messages[0], { role: 'user', content: '<video>When does the dive happen in the video?' });
  assert.deepEqual(lf[1].videos, ['/data/finediving/fd-0042.mp4']);
  const info = JSON.parse(readFileSync(join(GOLDEN, 'dataset_info.json'), 'utf8'));
  assert.deepEqual(info, {
    fixture: {
      file_name: 'fixture.json',
      formatting: 'sharegpt',
      columns: { messages: 'messages', videos: 'videos' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant' },
    },
  });
  const swift = readFileSync(join(GOLDEN, 'fixture.swift.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(swift.length, 3);
  assert.equal(swift[2].messages[0].content, '<video>What score would the judges give this performance?');
  const meta = readFileSync(join(GOLDEN, 'fixture.metadata.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(meta[2].verdict.checks[0].expected, 82.5);
  assert.equal(meta[1].hintPrompt.includes('Answer: from 12.0 s to 31.0 s.'), true);
});

test('llama-factory export keeps other datasets registered in dataset_info.json', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'dataset_info.json'), JSON.stringify({ other: { file_name: 'other.json' }, mine: { file_name: 'stale.json' } }));
    await exportSamples([sample()], 'llama-factory', dir, { name: 'mine' });
    const info = JSON.parse(readFileSync(join(dir, 'dataset_info.json'), 'utf8'));
    assert.deepEqual(info.other, { file_name: 'other.json' });
    assert.equal(info.mine.file_name, 'mine.json');
  } finally {
    cleanup();
  }
});

test('a broken dataset_info.json is not overwritten', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'dataset_info.json'), '{ "other": ');
    await assert.rejects(exportSamples([sample()], 'llama-factory', dir), (e: unknown) => e instanceof ExportError && /not valid JSON/.test((e as Error).message));
    assert.equal(readFileSync(join(dir, 'dataset_info.json'), 'utf8'), '{ "other": ');
    assert.ok(!existsSync(join(dir, 'vstar.json')));
  } finally {
    cleanup();
  }
});

test('selection: reject wins, accept wins, unreviewed follows the verdict', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const result = await exportSamples(
      [
        sample({ id: 'pass' }),
        sample({ id: 'fail', verdict: { pass: false, checks: [] } }),
        sample({ id: 'rejected', review: 'reject' }),
        sample({ id: 'rescued', verdict: { pass: false, checks: [] }, review: 'accept' }),
      ],
      'ms-swift',
      dir,
    );
    assert.deepEqual(result.counts, { exported: 2, skipped: 2, 'verdict-pass': 1, 'review-accept': 1, 'verdict-fail': 1, 'review-reject': 1, 'verdict-uncertain': 0, rationalized: 0 });
    const lines = readFileSync(join(dir, 'vstar.swift.jsonl'), 'utf8').trim().split('\n');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { messages: { content: string }[] }).messages[1]!.content), [sample().answer, sample().answer]);
  } finally {
    cleanup();
  }
});

test('a leak or an unloadable record aborts the export before anything is written', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const leaky = sample({
      id: 'r9',
      sampleId: 'k-9',
      stage: 'rationalize',
      question: 'What activity is shown in the video?\nAnswer: dancing.',
      hintPrompt: 'Question: What activity is shown in the video?\nAnswer: dancing.\nCan you explain step-by-step how one can arrive at this conclusion?',
    });
    await assert.rejects(exportSamples([sample(), leaky], 'llava', dir), (e: unknown) => e instanceof LeakError && /k-9/.test((e as Error).message));
    // A question carrying its own <video> token would give the record two.
    await assert.rejects(exportSamples([sample({ question: '<video> What happens?' })], 'llama-factory', dir), (e: unknown) =>
      e instanceof ExportError && /2 <video> token\(s\) in the messages but 1 path\(s\)/.test((e as Error).message),
    );
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    cleanup();
  }
});

test('refuses duplicate attempt ids, an empty selection and a file-unsafe name', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await assert.rejects(exportSamples([sample(), sample()], 'llava', dir), /appears twice/);
    await assert.rejects(exportSamples([sample({ review: 'reject' })], 'llava', dir), /nothing to export/);
    await assert.rejects(exportSamples([sample()], 'llava', dir, { name: '../escape' }), /must be letters/);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    cleanup();
  }
});
