// The review's dataset side: SampleLookup keeps where records sit (one scan) and reads
// a record when asked; the label filter streams the records its samples need. Real
// dataset folders and real cycles built with the store API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCycle, type AttemptInput } from '../../../src/core/cycles';
import { ReviewSession, SampleLookup, splitSampleId } from '../../../src/core/review';
import { sampleIdOf } from '../../../src/core/generate/sample-id';

interface Rec {
  id: string;
  video: string;
  split: string;
  start?: number;
  labels: Record<string, unknown>;
}

function writeDataset(ds: string, records: Array<Rec | string>, root: string): void {
  fs.mkdirSync(ds, { recursive: true });
  const lines = records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r)));
  // Replaced the way an import writes it: a new file renamed over the old one.
  fs.writeFileSync(path.join(ds, 'records.jsonl.tmp'), lines.join('\n') + '\n');
  fs.renameSync(path.join(ds, 'records.jsonl.tmp'), path.join(ds, 'records.jsonl'));
  const schema = { action: { type: 'class', values: ['run', 'jump', 'swim'] }, tool: { type: 'text' }, count: { type: 'number' } };
  fs.writeFileSync(path.join(ds, 'schema.json'), JSON.stringify(schema));
  fs.writeFileSync(path.join(ds, 'report.json'), JSON.stringify({ name: 'ds', root, allowRoots: [] }));
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
}

test('splitSampleId reads back what sampleIdOf makes; a plain id or a leading # is the record id', () => {
  assert.deepEqual(splitSampleId(sampleIdOf('clip#7', 'qa', 'action')), { recordId: 'clip#7', field: 'action' });
  assert.deepEqual(splitSampleId('clip7'), { recordId: 'clip7' });
  assert.deepEqual(splitSampleId('#clip7'), { recordId: '#clip7' });
  assert.deepEqual(splitSampleId('clip7#task'), { recordId: 'clip7' });
});

test('info: a record by sample id or by its record part, with field and clip; bad lines and unknown ids have none', async () => {
  const dir = tempDir();
  try {
    const ds = path.join(dir, 'ds');
    writeDataset(ds, [
      { id: 'a', video: 'a.mp4', split: 'train', start: 2, labels: { action: 'run', tool: 'pole' } },
      '{"id": "broken", ',
      { id: 'bad', video: 'b.mp4', split: 'train', labels: { action: 'fly' } },
      { id: 'c#1', video: 'sub/c.mp4', split: 'val', labels: { count: 3 } },
    ], path.join(dir, 'clips'));
    const lookup = new SampleLookup(ds);
    assert.deepEqual(lookup.roots, [], 'nothing is read before the first use');
    assert.deepEqual(await lookup.info('a'), { labels: { action: 'run', tool: 'pole' }, clip: { path: path.join(dir, 'clips', 'a.mp4'), start: 2 } });
    assert.deepEqual(lookup.roots, [path.join(dir, 'clips')]);
    const c = await lookup.info('c#1#count.count');
    assert.deepEqual([c?.labels, c?.field, c?.clip?.path], [{ count: 3 }, 'count', path.join(dir, 'clips', 'sub', 'c.mp4')]);
    assert.deepEqual((await lookup.info('c#1'))?.labels, { count: 3 }, 'a record id with # of its own');
    assert.equal(await lookup.info('bad'), undefined, 'a class outside the schema is a problem line');
    assert.equal(await lookup.info('broken'), undefined);
    assert.equal(await lookup.info('nope#t.action'), undefined);
    // The same record again comes from the small cache, equal to the first read.
    assert.deepEqual((await lookup.info('a'))?.labels, { action: 'run', tool: 'pole' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('info after a re-import reads the new records.jsonl, not the offsets of the old one', async () => {
  const dir = tempDir();
  try {
    const ds = path.join(dir, 'ds');
    const root = path.join(dir, 'clips');
    writeDataset(ds, [{ id: 'a', video: 'a.mp4', split: 'train', labels: { action: 'run' } }, { id: 'b', video: 'b.mp4', split: 'train', labels: { action: 'jump' } }], root);
    const lookup = new SampleLookup(ds);
    assert.deepEqual((await lookup.info('b'))?.labels, { action: 'jump' });
    const before = await lookup.load();
    writeDataset(ds, [{ id: 'b', video: 'b.mp4', split: 'train', labels: { action: 'swim', tool: 'a much longer label than before' } }], root);
    assert.deepEqual((await lookup.info('b'))?.labels, { action: 'swim', tool: 'a much longer label than before' });
    assert.equal(await lookup.info('a'), undefined);
    assert.notEqual(await lookup.load(), before, 'a new scan: keys of the old one no longer hold');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('DatasetRecords.forEach reads exactly the wanted records across many reads, in file order', async () => {
  const dir = tempDir();
  try {
    const ds = path.join(dir, 'ds');
    // ~2.4 MB: more than one read span, with gaps between wanted records both small and large.
    const records: Rec[] = Array.from({ length: 4000 }, (_, i) => ({ id: `r${i}`, video: `${i}.mp4`, split: 'train', labels: { tool: `t${i} ${'x'.repeat(i % 7 === 0 ? 2000 : 500)}` } }));
    writeDataset(ds, records, path.join(dir, 'clips'));
    const lookup = new SampleLookup(ds);
    const recs = await lookup.load();
    assert.equal(recs.size, 4000);
    const wanted = new Uint8Array(recs.size);
    const want = (i: number): boolean => i % 3 === 0 || (i > 1000 && i < 1200) || i === 3999;
    for (let i = 0; i < 4000; i++) if (want(i)) wanted[recs.keyOf(`r${i}`)] = 1;
    const got: string[] = [];
    await recs.forEach(wanted, (key, rec) => {
      assert.equal(key, recs.keyOf(rec.id));
      assert.deepEqual(rec.labels, records[key]!.labels);
      got.push(rec.id);
    });
    assert.deepEqual(got, records.filter((_, i) => want(i)).map((r) => r.id));
    assert.equal((await recs.read(recs.keyOf('r3998')))?.id, 'r3998');
    assert.equal(recs.keyOf('r4000'), -1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function attempt(sampleId: string): AttemptInput {
  return { sampleId, stage: 'answer', try: 0, backend: 'b', prompt: 'p', question: 'q', output: 'o', timing: { startedAt: '2025-01-01T00:00:00.000Z', ms: 1 } };
}

test('label filter: the field a sample id names, else any field; kept across decisions; new samples and a re-import counted', async () => {
  const dir = tempDir();
  try {
    const workdir = path.join(dir, 'vstar');
    const ds = path.join(workdir, 'datasets', 'ds');
    const root = path.join(dir, 'clips');
    const recs: Array<Rec | string> = [
      { id: 'r0', video: '0.mp4', split: 'train', labels: { action: 'run', tool: 'jump' } },
      // Written by hand with an escape: the line does not hold "jump" as such, its value does.
      '{"id":"r1","video":"1.mp4","split":"train","labels":{"action":"j\\u0075mp","tool":"rope"}}',
      { id: 'r2', video: '2.mp4', split: 'train', labels: { count: 2, tool: 'jump' } },
      { id: 'r3', video: '3.mp4', split: 'train', labels: { action: 'swim' } },
    ];
    writeDataset(ds, recs, root);
    const store = await createCycle(workdir, { model: 'm', dataset: 'ds' });
    // r0 asked about both fields, r2 about a field it lacks (any field counts), r1 and r3 by record id.
    await store.appendAttempts(['r0#q.action', 'r0#t.tool', 'r1', 'r2#q.action', 'r3', 'gone#q.action'].map(attempt));
    const r = await ReviewSession.open(workdir, 1);
    try {
      const ids = async (label: string): Promise<string[]> => (await r.page(0, 50, { label })).items.map((a) => a.sampleId);
      assert.deepEqual(await ids('jump'), ['r0#t.tool', 'r1', 'r2#q.action']);
      assert.deepEqual(await ids('2'), ['r2#q.action'], 'numbers compare as JSON');
      assert.deepEqual(await ids('run'), ['r0#q.action']);

      // A decision refreshes and drops the filter's positions; the answer per sample stays right.
      await r.decide(['c1/answer/0/r1'], 'accept');
      await r.refresh();
      assert.deepEqual((await r.page(0, 50, { label: 'jump', review: 'accepted' })).items.map((a) => a.sampleId), ['r1']);

      // Samples appended since are looked up too (only they are read).
      await store.appendAttempts(['r3#q.action', 'r1#t.tool'].map(attempt));
      await r.refresh();
      assert.deepEqual(await ids('jump'), ['r0#t.tool', 'r1', 'r2#q.action']);
      assert.deepEqual(await ids('swim'), ['r3', 'r3#q.action']);

      // A re-import: the filter reads the new records.
      writeDataset(ds, [...recs.slice(0, 3), { id: 'r3', video: '3.mp4', split: 'train', labels: { action: 'jump' } }], root);
      await r.refresh();
      assert.deepEqual(await ids('jump'), ['r0#t.tool', 'r1', 'r2#q.action', 'r3', 'r3#q.action']);
      assert.deepEqual(await ids('swim'), []);
    } finally {
      await r.close();
      await store.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
