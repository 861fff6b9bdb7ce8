import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import fc from 'fast-check';
import { importDataset } from '../../src/core/datasets/importer';
import type { DatasetFormat } from '../../src/core/datasets/options';
import { loadConfig, parseConfigText } from '../../src/core/config/load';
import { verifyLine } from '../../src/core/verify';
import { decodeLine, readRawLines } from '../../src/core/verify/jsonl';
import { sampleFrames } from '../../src/core/frames/sample';
import { makeSampleDataset } from '../../src/core/sample/dataset';
import { InputError, UsageError, type InputProblem } from '../../src/core/util/errors';
import { buildCli, recordFigures, runCli, strayTemps, syntheticCycle, walk } from './support';

// A corpus of malformed inputs — the small ones committed under test/fixtures/bad/<kind>/,
// named `L<n>-…` (a problem must name line n) or `F-…` (a problem must name the file); the
// big and binary ones made here — plus property-based fuzzing (fast-check) of the importers,
// the config loader and the verifiers' parsers. Each input must give a clear problem naming
// its file (and line), never an unexpected exception or a hang, and leave nothing half-written.

const BAD = join(__dirname, '../fixtures/bad');
const FORMAT: Record<string, DatasetFormat> = { jsonl: 'jsonl', csv: 'csv', kinetics: 'kinetics', finediving: 'finediving', star: 'star', ssv2: 'ssv2' };
const HANG_MS = 10_000;
let work: string;
let cli: string;
const tried: Record<string, number> = {};
let fuzzRuns = 0;
const count = (kind: string): void => void (tried[kind] = (tried[kind] ?? 0) + 1);

before(() => {
  work = mkdtempSync(join(tmpdir(), 'vstar-'));
  cli = buildCli(work);
});
after(() => {
  const total = Object.values(tried).reduce((a, b) => a + b, 0);
  recordFigures('bad-inputs', { badInputs: total, byKind: tried, fuzzRuns });
  rmSync(work, { recursive: true, force: true });
});

/** Resolves within HANG_MS or fails the test: a bad input must never hang. */
async function noHang<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what}: no answer after ${HANG_MS} ms (hang)`)), HANG_MS)));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/** The problems an input gives: returned ones, or a thrown InputError / UsageError (which must name the file). */
async function problemsOf(file: string, run: () => Promise<InputProblem[]>): Promise<InputProblem[]> {
  try {
    return await noHang(file, run());
  } catch (err) {
    if (err instanceof InputError) return [err.problem];
    if (err instanceof UsageError) return [{ file: err.message.includes(file) ? file : '(none)', message: err.message }];
    throw new Error(`${file}: crashed instead of reporting a problem: ${(err as Error).stack ?? String(err)}`);
  }
}

function expectNamed(file: string, problems: InputProblem[]): void {
  assert.ok(problems.length > 0, `${file}: no problem reported`);
  for (const p of problems) {
    assert.equal(p.file, file, `${file}: a problem names another file: ${JSON.stringify(p)}`);
    assert.ok(p.message.length > 0);
  }
  const want = /^L(\d+)-/.exec(basename(file));
  if (want) assert.ok(problems.some((p) => p.line === Number(want[1])), `${file}: no problem on line ${want[1]}: ${JSON.stringify(problems)}`);
}

const importProblems = (file: string, format: DatasetFormat): Promise<InputProblem[]> =>
  problemsOf(file, async () => {
    const r = await importDataset({ name: 'bad', format, annotations: file, root: dirname(file), checkVideos: false });
    assert.equal(r.counts.imported + r.counts.rejected, r.counts.read, `${file}: counts add up`);
    for (const rec of r.records) assert.ok(!rec.video.startsWith('..') && !rec.video.startsWith('/'), `${file}: an escaping clip path was kept: ${rec.video}`);
    // Only a whole-file problem may come without a line; a kept record never carries one.
    return r.problems;
  });

async function verifyProblems(file: string): Promise<InputProblem[]> {
  const out: InputProblem[] = [];
  for await (const { line, bytes } of readRawLines(file)) {
    const text = decodeLine(bytes);
    if (text === null) out.push({ file, line, field: '(line)', message: 'not valid UTF-8' });
    else if (text.trim() !== '') {
      const r = verifyLine(text, file, line);
      if (r.problem) out.push(r.problem);
    }
  }
  return out;
}

test('the committed corpus: every importer format, vstar.yaml and verify input names its file and line', async () => {
  for (const kind of readdirSync(BAD).sort()) {
    if (kind === 'review' || kind === 'README.md') continue;
    for (const name of readdirSync(join(BAD, kind)).sort()) {
      const file = join(BAD, kind, name);
      count(kind);
      if (kind === 'config') expectNamed(file, await problemsOf(file, async () => (await loadConfig(file)).problems));
      else if (kind === 'verify') expectNamed(file, await problemsOf(file, () => verifyProblems(file)));
      else expectNamed(file, await importProblems(file, FORMAT[kind]!));
    }
  }
  assert.ok(Object.values(tried).reduce((a, b) => a + b, 0) >= 80);
});

test('made here: broken UTF-8, a 10 MB line, NUL bytes, CRLF, a BOM and a 50k-deep nesting, in JSONL, CSV, verify input and vstar.yaml', async () => {
  const dir = join(work, 'made');
  mkdirSync(dir);
  const good = '{"id":"a","video":"a.mp4","split":"train","labels":{"action":"run"}}';
  const vgood = '{"id":"g","question":"q?","answer":"it is run","labels":[{"type":"class","value":"run"}]}';
  const huge = 'x'.repeat(10 << 20);
  const cases: Array<[string, Buffer | string, 'jsonl' | 'csv' | 'verify' | 'config', number | undefined]> = [
    ['L2-broken-utf8.jsonl', Buffer.concat([Buffer.from(good + '\n{"id":"b","video":"b.mp4","labels":{"action":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}}\n')]), 'jsonl', 2],
    ['L2-10mb-line.jsonl', `${good}\n{"id":"b","video":"b.mp4","labels":{"action":"${huge}"\n`, 'jsonl', 2],
    ['L2-10mb-id.jsonl', `${good}\n{"id":"${huge}","video":"b.mp4","labels":{"action":1},"split":"nope"}\n`, 'jsonl', 2],
    ['L2-nul-bytes.jsonl', Buffer.concat([Buffer.from(good + '\n'), Buffer.alloc(4096), Buffer.from('\n')]), 'jsonl', 2],
    ['L2-deep-nesting.jsonl', `${good}\n${'['.repeat(50_000)}${']'.repeat(50_000)}\n`, 'jsonl', 2],
    ['L2-bom-crlf.jsonl', `\ufeff${good}\r\n{"id":"b"}\r\n`, 'jsonl', 2],
    ['L3-broken-utf8.csv', Buffer.concat([Buffer.from('id,video,split,action\na,a.mp4,train,run\nb,b.mp4,'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(',run\n')]), 'csv', 3],
    ['L2-10mb-cell.csv', `id,video,split,action\na,a.mp4,${huge},run\n`, 'csv', 2],
    ['L2-broken-utf8.verify.jsonl', Buffer.concat([Buffer.from(vgood + '\n{"id":"x","question":"q","answer":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('","labels":[]}\n')]), 'verify', 2],
    ['L2-10mb-answer.verify.jsonl', `${vgood}\n{"id":"x","question":"q","answer":"${huge}","labels":[{"type":"number","value":"x"}]}\n`, 'verify', 2],
    ['L2-10mb-unterminated.verify.jsonl', `${vgood}\n{"id":"x","answer":"${huge}\n`, 'verify', 2],
    ['L2-broken-utf8.yaml', Buffer.concat([Buffer.from('version: 1\nworkdir: "'), Buffer.from([0xc0, 0xaf]), Buffer.from('"\ndatasets: 7\n')]), 'config', undefined],
    ['L1-10mb-line.yaml', `version: ${huge}\n`, 'config', 1],
    ['F-nul.yaml', Buffer.alloc(2048), 'config', undefined],
  ];
  for (const [name, content, kind, line] of cases) {
    const file = join(dir, name);
    writeFileSync(file, content);
    count(`made-${kind}`);
    const t0 = Date.now();
    const problems =
      kind === 'config'
        ? await problemsOf(file, async () => (await loadConfig(file)).problems)
        : kind === 'verify'
          ? await problemsOf(file, () => verifyProblems(file))
          : await importProblems(file, kind);
    assert.ok(problems.length > 0, `${name}: no problem reported`);
    for (const p of problems) assert.equal(p.file, file, `${name}: ${JSON.stringify(p).slice(0, 300)}`);
    if (line !== undefined) assert.ok(problems.some((p) => p.line === line), `${name}: no problem on line ${line}: ${JSON.stringify(problems).slice(0, 500)}`);
    for (const p of problems) assert.ok(p.message.length < 2000, `${name}: a problem message of ${p.message.length} chars echoes the input`);
    assert.ok(Date.now() - t0 < HANG_MS);
    rmSync(file);
  }
});

test('the CLI on bad inputs: exit 1 with file:line, nothing half-written (good records only, no temp files, review log untouched)', async () => {
  const dir = join(work, 'cli');
  mkdirSync(dir);
  // Imports: a file with one good record keeps just that one; a file with none writes nothing.
  for (const name of ['L2-video-dotdot.jsonl', 'L2-truncated-object.jsonl', 'L2-labels-string.jsonl', 'L1-only-garbage.jsonl', 'F-empty.jsonl']) {
    const ann = join(BAD, 'jsonl', name);
    const wd = join(dir, name);
    const r = await runCli(cli, dir, ['dataset', 'import', '--name', 'd', '--format', 'jsonl', '--annotations', ann, '--workdir', wd, '--no-check-videos']);
    count('cli-import');
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    const line = /^L(\d+)-/.exec(name)?.[1];
    assert.match(r.stderr, new RegExp(`${name.replace(/\./g, '\\.')}${line ? `:${line}:` : ''}`));
    const records = join(wd, 'datasets', 'd', 'records.jsonl');
    if (name.startsWith('L2-')) assert.deepEqual(readFileSync(records, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id), ['a']);
    else assert.equal(existsSync(records), false, `${name}: records written from a file with no good record`);
    if (existsSync(wd)) assert.deepEqual(strayTemps(wd), []);
  }
  // A csv header naming a column twice refuses the whole file: exit 1, the header line named, nothing written.
  for (const name of ['L1-duplicate-header.csv', 'L1-duplicate-video-column.csv']) {
    const wd = join(dir, name);
    const r = await runCli(cli, dir, ['dataset', 'import', '--name', 'd', '--format', 'csv', '--annotations', join(BAD, 'csv', name), '--workdir', wd, '--no-check-videos']);
    count('cli-import');
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`${name.replace(/\./g, '\\.')}:1: .*more than once`));
    assert.equal(existsSync(join(wd, 'datasets', 'd', 'records.jsonl')), false, `${name}: records written from a refused file`);
  }
  for (const name of readdirSync(join(BAD, 'config')).filter((n) => n.startsWith('L')).slice(0, 4)) {
    const p = join(dir, `cfg-${name}`);
    mkdirSync(p);
    copyFileSync(join(BAD, 'config', name), join(p, 'vstar.yaml'));
    const r = await runCli(cli, p, ['cycle', 'list']);
    count('cli-config');
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /vstar\.yaml:\d+: /, name);
    assert.deepEqual(walk(p), ['vstar.yaml'], `${name}: the CLI wrote something`);
  }
  // Review import: any bad line refuses the whole file; the review log is untouched.
  const wd = join(dir, 'review', 'vstar');
  await syntheticCycle(wd, 10);
  const log = join(wd, 'cycles', '1', 'reviews.jsonl');
  for (const name of readdirSync(join(BAD, 'review')).sort()) {
    const file = join(BAD, 'review', name);
    const before = existsSync(log) ? readFileSync(log) : Buffer.alloc(0);
    const r = await runCli(cli, dir, ['review', 'import', file, '--cycle', '1', '--workdir', wd]);
    count('review');
    assert.equal(r.code, 1, `${name}: ${r.stdout}${r.stderr}`);
    const line = /^L(\d+)-/.exec(name)![1];
    assert.match(r.stderr, new RegExp(`${name.replace(/\./g, '\\.')}:${line}: `), name);
    assert.ok((existsSync(log) ? readFileSync(log) : Buffer.alloc(0)).equals(before), `${name}: the review log changed`);
  }
  const verifyBad = join(BAD, 'verify', 'L2-no-answer.jsonl');
  const out = join(dir, 'v', 'out.jsonl');
  const v = await runCli(cli, dir, ['verify', '--input', verifyBad, '--output', out]);
  count('cli-verify');
  assert.equal(v.code, 1);
  assert.match(v.stderr, /L2-no-answer\.jsonl:2: answer: /);
  assert.equal(readFileSync(out, 'utf8').split('\n').length, 3, 'one verdict or error per line, written whole');
});

test('videos: missing, zero-length, truncated, audio only, text and random bytes named .mp4 fail with the file named, no hang, no half cache', async () => {
  const dir = join(work, 'videos');
  const s = await makeSampleDataset({ out: join(dir, 'ok'), count: 1, seed: 1, width: 64, height: 48 });
  const real = join(dir, 'ok', s.records[0]!.video);
  const files: Record<string, () => void> = {
    'missing.mp4': () => {},
    'zero.mp4': () => writeFileSync(join(dir, 'zero.mp4'), ''),
    'truncated.mp4': () => {
      copyFileSync(real, join(dir, 'truncated.mp4'));
      truncateSync(join(dir, 'truncated.mp4'), 700);
    },
    'text.mp4': () => writeFileSync(join(dir, 'text.mp4'), 'this is not a video\n'),
    'random.mp4': () => writeFileSync(join(dir, 'random.mp4'), Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251))),
    'audio-only.mp4': () => {
      const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', '-y', join(dir, 'audio-only.mp4')]);
      assert.equal(r.status, 0, String(r.stderr));
    },
  };
  const cache = join(dir, 'cache');
  for (const [name, make] of Object.entries(files)) {
    make();
    count('video');
    const file = join(dir, name);
    await assert.rejects(
      noHang(name, sampleFrames(file, { frames: 2, cacheDir: cache })),
      (err: Error) => err.message.includes(name) && !/hang/.test(err.message),
      `${name}: an error naming the file`,
    );
  }
  const cached = existsSync(cache) ? walk(cache) : [];
  assert.deepEqual(cached.filter((f) => f.endsWith('times.json')), [], 'no cache entry for a clip that failed');
  assert.deepEqual(strayTemps(dir), []);
});

// ---- property-based fuzzing -------------------------------------------------------------

const junkValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }));
const recordish = fc.record(
  { id: junkValue, video: fc.oneof(fc.constantFrom('a.mp4', '../x.mp4', '/etc/passwd', 'clips/../../y', ''), junkValue), split: fc.oneof(fc.constantFrom('train', 'val', 'test', 'dev'), junkValue), start: junkValue, end: junkValue, labels: fc.oneof(fc.dictionary(fc.string({ maxLength: 6 }), junkValue, { maxKeys: 4 }), junkValue) },
  { requiredKeys: [] },
);
const jsonlLine = fc.oneof({ weight: 4, arbitrary: recordish.map((r) => JSON.stringify(r)) }, fc.string({ unit: 'binary' }), fc.constant(''), fc.constant('{"id":'));

const CSV_HEADERS = ['id,video,split,action', 'id,video,action,action', 'id,video,split,id', 'id,video,split,action,speed,speed'];

/** Whether a fuzzed JSONL line is an object with an own "labels" key, and its value. */
function lineLabels(line: string): { present: boolean; value?: unknown } {
  try {
    const v: unknown = JSON.parse(line.replace(/[\r\n]/g, ' '));
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, 'labels')) return { present: true, value: (v as { labels: unknown }).labels };
  } catch {
    // not JSON: not this property's concern
  }
  return { present: false };
}

test('fuzz: the JSONL and CSV importers never crash, count every line, name file and a line in range', async () => {
  const dir = join(work, 'fuzz-import');
  mkdirSync(dir);
  let k = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(jsonlLine, { maxLength: 12 }), async (lines) => {
      fuzzRuns++;
      const file = join(dir, `f${k++}.jsonl`);
      writeFileSync(file, lines.map((l) => l.replace(/[\r\n]/g, ' ')).join('\n'));
      const r = await noHang(file, importDataset({ name: 'f', format: 'jsonl', annotations: file, root: dir, checkVideos: false }));
      assert.equal(r.counts.imported + r.counts.rejected, r.counts.read);
      for (const p of r.problems) {
        assert.equal(p.file, file);
        if (p.line !== undefined) assert.ok(p.line >= 1 && p.line <= lines.length, `line ${p.line} of ${lines.length}`);
      }
      for (const rec of r.records) assert.ok(!rec.video.startsWith('..') && !rec.video.startsWith('/'));
      // A line whose "labels" is there but not an object of field → value is refused at that line.
      lines.forEach((l, i) => {
        const labels = lineLabels(l);
        if (labels.present && (!labels.value || typeof labels.value !== 'object' || Array.isArray(labels.value))) {
          assert.ok(r.problems.some((p) => p.line === i + 1 && p.field === 'labels'), `line ${i + 1}: "labels": ${JSON.stringify(labels.value)} accepted`);
        }
      });
      rmSync(file);
    }),
    { numRuns: 150, seed: 42 },
  );
  const cell = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('"', '""', ',', '\n', '"a,b"', '../../x', 'train', '1.5', '-3'));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...CSV_HEADERS), fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 8 }), async (header, rows) => {
      fuzzRuns++;
      const file = join(dir, `f${k++}.csv`);
      writeFileSync(file, [header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
      const r = await noHang(file, importDataset({ name: 'f', format: 'csv', annotations: file, root: dir, checkVideos: false }));
      assert.equal(r.counts.imported + r.counts.rejected, r.counts.read);
      const physical = readFileSync(file, 'utf8').split('\n').length;
      for (const p of r.problems) {
        assert.equal(p.file, file);
        if (p.line !== undefined) assert.ok(p.line >= 1 && p.line <= physical, `line ${p.line} of ${physical}`);
      }
      // A header naming a column twice: one problem at line 1, no row imported (never a guess).
      if (new Set(header.split(',')).size < header.split(',').length) {
        assert.equal(r.counts.imported, 0);
        assert.ok(r.problems.some((p) => p.line === 1 && /more than once/.test(p.message)));
      }
      rmSync(file);
    }),
    { numRuns: 150, seed: 43 },
  );
});

test('fuzz: the config loader never throws and every problem has a line inside the file', () => {
  const key = fc.constantFrom('version', 'workdir', 'datasets', 'tasks', 'backends', 'targets', 'cycles', 'format', 'annotations', 'labels', 'type', 'url', 'tokenEnv', 'x');
  const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, junkValue, fc.dictionary(key, tie('node'), { maxKeys: 4 }), fc.array(tie('node'), { maxLength: 3 })),
  })).node;
  const text = fc.oneof(
    tree.map((t) => JSON.stringify(t, null, 1)), // JSON is YAML
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(fc.tuple(key, fc.nat(4), fc.string({ maxLength: 10 })), { maxLength: 10 }).map((ls) => ls.map(([k, d, v]) => `${' '.repeat(d)}${k}: ${v}`).join('\n')),
  );
  fc.assert(
    fc.property(text, (t) => {
      fuzzRuns++;
      const r = parseConfigText(t, '/p/vstar.yaml');
      assert.ok(r.config === undefined || r.problems.length === 0);
      const lines = t.split(/\r\n|\r|\n/).length;
      for (const p of r.problems) {
        assert.equal(p.file, '/p/vstar.yaml');
        if (p.line !== undefined) assert.ok(p.line >= 1 && p.line <= lines + 1, `line ${p.line} of ${lines}`);
      }
    }),
    { numRuns: 400, seed: 44 },
  );
});

test("fuzz: the verifiers' parsers take any answer text: no throw, no hang, spans inside the answer, a clear problem for any bad record", async () => {
  // In a worker thread, so a verifier stuck in a loop (a synchronous hang) is caught and stopped.
  const bundle = join(work, 'fuzz-verify.worker.js');
  buildSync({ entryPoints: [join(__dirname, 'fuzz-verify.worker.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' });
  const worker = new Worker(bundle);
  const result = await new Promise<{ runs: number; error?: string }>((resolve) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ runs: 0, error: `the verifier fuzz did not finish in 60 s (a verifier hangs); last input: ${last}` });
    }, 60_000);
    let last = '';
    worker.on('message', (m: { current?: string; runs?: number; error?: string }) => {
      if (m.current !== undefined) last = m.current;
      else {
        clearTimeout(timer);
        resolve({ runs: m.runs ?? 0, ...(m.error ? { error: m.error } : {}) });
      }
    });
    worker.on('error', (err) => {
      clearTimeout(timer);
      resolve({ runs: 0, error: err.stack ?? String(err) });
    });
  });
  await worker.terminate();
  fuzzRuns += result.runs;
  assert.equal(result.error, undefined);
  assert.ok(result.runs >= 900);
});
