import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSampleDataset } from '../../src/core/sample/dataset';
import { startChatServer, type ChatServer } from '../support/chatServer';
import { buildCli, jsonlLines, killAfter, killWhen, ok, prng, recordFigures, runCli, shapesCycleProject, spreadPoints, startCli, strayTemps, syntheticCycle } from './support';
import { shapesProjectYaml } from '../support/shapesProject';

// SIGKILL the real `vstar` CLI at 50 seeded, spread points — 10 each during dataset import,
// generation, verification, review writes and export — then resume (run the same command
// again) and check: every acknowledged record and decision is there exactly once, no file
// or line is torn, no temp file is left, and the result is byte-equal to an uninterrupted run.
// Kill points are spread over [10%, 95%] of the uninterrupted run's wall time.

const SEED = 20250909;
const KILLS_PER_PHASE = 10;
let work: string;
let cli: string;
let server: ChatServer;
const figures: Record<string, { kills: number; landedMidRun: number; tornTails: number; acknowledged: number; lost: number; duplicated: number; referenceMs: number }> = {};

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'vstar-'));
  cli = buildCli(work);
  // The model answers "circle" unless given a hint, then repeats the hint: every sample
  // passes directly or after rationalization, deterministically, with a little latency.
  server = await startChatServer((req) => {
    const hint = /\nAnswer: (.+)\.\n/.exec(req.prompt)?.[1];
    return { content: `Looking at the frames step by step, the shape is a ${hint ?? 'circle'}.`, delayMs: 15 };
  });
});
after(async () => {
  await server.close();
  const total = Object.values(figures);
  recordFigures('crash', {
    seed: SEED,
    phases: figures,
    kills: total.reduce((a, f) => a + f.kills, 0),
    landedMidRun: total.reduce((a, f) => a + f.landedMidRun, 0),
    acknowledged: total.reduce((a, f) => a + f.acknowledged, 0),
    lost: total.reduce((a, f) => a + f.lost, 0),
    duplicated: total.reduce((a, f) => a + f.duplicated, 0),
  });
  rmSync(work, { recursive: true, force: true });
});

const read = (f: string): Buffer | undefined => (existsSync(f) ? readFileSync(f) : undefined);

/** Kill times for a phase: spread over [10%, 95%] of the reference run. */
function killPoints(phase: number, referenceMs: number): number[] {
  return spreadPoints(prng(SEED + phase), KILLS_PER_PHASE, 0.1 * referenceMs, 0.95 * referenceMs).map(Math.round);
}

test('dataset import: killed 10 times, each file is the old or the new one whole; resume gives the uninterrupted result', async () => {
  const dir = join(work, 'import');
  mkdirSync(dir);
  const n = 15_000;
  const line = (i: number): string => JSON.stringify({ id: `clip-${i}`, video: `v/${i}.mp4`, split: i % 10 === 0 ? 'val' : 'train', action: `a${i % 40}`, score: (i % 97) / 10 }) + '\n';
  writeFileSync(join(dir, 'ann.jsonl'), Array.from({ length: n }, (_, i) => line(i)).join(''));
  writeFileSync(join(dir, 'old.jsonl'), Array.from({ length: 100 }, (_, i) => line(i)).join(''));
  const yaml = (ann: string): string => `version: 1\ndatasets:\n  big:\n    format: jsonl\n    annotations: ${join(dir, ann)}\n    root: ${dir}\n`;
  const files = ['records.jsonl', 'schema.json'];
  const project = (name: string, withOld: boolean): Promise<string> => {
    const p = join(dir, name);
    mkdirSync(p);
    if (!withOld) return Promise.resolve(p);
    writeFileSync(join(p, 'vstar.yaml'), yaml('old.jsonl'));
    return runCli(cli, p, ['dataset', 'import', 'big', '--no-check-videos']).then((r) => (ok(r, 'old import'), p));
  };
  const ref = await project('ref', false);
  writeFileSync(join(ref, 'vstar.yaml'), yaml('ann.jsonl'));
  const refRun = ok(await runCli(cli, ref, ['dataset', 'import', 'big', '--no-check-videos']), 'reference import');
  const dsOf = (p: string): string => join(p, 'vstar', 'datasets', 'big');
  const want = files.map((f) => readFileSync(join(dsOf(ref), f)));
  const old = await project('old-template', true);
  const oldBytes = files.map((f) => readFileSync(join(dsOf(old), f)));

  const f = (figures.import = { kills: 0, landedMidRun: 0, tornTails: 0, acknowledged: 0, lost: 0, duplicated: 0, referenceMs: refRun.ms });
  for (const [k, ms] of killPoints(1, refRun.ms).entries()) {
    const p = join(dir, `round-${k}`);
    cpSync(old, p, { recursive: true });
    writeFileSync(join(p, 'vstar.yaml'), yaml('ann.jsonl'));
    // Odd rounds: killed while writing (a temp file of the atomic write exists); even ones at a spread time.
    const ds = dsOf(p);
    const args = ['dataset', 'import', 'big', '--no-check-videos'];
    const { killed, lines } = k % 2 ? await killWhen(cli, p, args, () => existsSync(ds) && strayTemps(ds).length > 0) : await killAfter(cli, p, args, ms);
    f.kills += killed ? 1 : 0;
    const acked = lines.some((l) => /^imported 15000 of 15000 records/.test(l));
    f.acknowledged += acked ? n : 0;
    // Each file is the previous import's or the new one, never a mix or a torn file.
    const now = files.map((name) => read(join(dsOf(p), name)));
    now.forEach((b, i) => assert.ok(b && (b.equals(oldBytes[i]!) || b.equals(want[i]!)), `round ${k}: ${files[i]} is neither the old nor the new file`));
    if (acked && !now[0]!.equals(want[0]!)) f.lost += n;
    const mixed = !now.every((b, i) => b!.equals(want[i]!)) && !now.every((b, i) => b!.equals(oldBytes[i]!));
    if (killed && (mixed || strayTemps(ds).length > 0)) f.landedMidRun++;
    ok(await runCli(cli, p, ['dataset', 'import', 'big', '--no-check-videos']), `resume ${k}`);
    files.forEach((name, i) => assert.ok(readFileSync(join(dsOf(p), name)).equals(want[i]!), `round ${k}: resumed ${name} differs from the uninterrupted import`));
    assert.deepEqual(strayTemps(dsOf(p)), [], `round ${k}: temp files left behind`);
    rmSync(p, { recursive: true, force: true });
  }
  assert.equal(f.lost, 0);
  assert.ok(f.kills >= 8, `most kills landed while the import ran (${f.kills})`);
});

interface GenProject {
  dir: string;
  attempts: string;
  verdicts: string;
}

test('generation: killed 10 times mid-run, every attempt on disk stays exactly once; resume gives the uninterrupted export', async () => {
  const dir = join(work, 'gen');
  const clips = join(dir, 'sample');
  await makeSampleDataset({ out: clips, count: 40, seed: 9, width: 64, height: 48 });
  const cache = join(dir, 'cache');
  mkdirSync(cache);
  const yaml = shapesProjectYaml({ root: clips, url: server.url, tail: 'cycles:\n  backend: tiny\n  concurrency: 4\n' });
  // A template with the dataset imported and cycle 1 created; every copy shares the frame cache.
  const template = await shapesCycleProject(cli, join(dir, 'template'), yaml);
  const copy = (name: string): GenProject => {
    const p = join(dir, name);
    cpSync(template, p, { recursive: true });
    symlinkSync(cache, join(p, 'vstar', 'cache'));
    const c = join(p, 'vstar', 'cycles', '1');
    return { dir: p, attempts: join(c, 'attempts.jsonl'), verdicts: join(c, 'verdicts.jsonl') };
  };
  const generate = ['generate', '--cycle', '1', '--frame-size', '64'];
  const exportArgs = (p: GenProject): string[] => ['export', '--cycle', '1', '--format', 'llava', '--out', join(p.dir, 'out'), '--video-root', clips];
  // Warm the frame cache once, so every timed run does the same work.
  const warm = copy('warm');
  ok(await runCli(cli, warm.dir, generate), 'warm-up generate');
  const ref = copy('ref');
  const refRun = ok(await runCli(cli, ref.dir, generate), 'reference generate');
  ok(await runCli(cli, ref.dir, exportArgs(ref)), 'reference export');
  const want = readFileSync(join(ref.dir, 'out', 'vstar.llava.json'));
  const refCount = jsonlLines(ref.attempts).lines.length;
  assert.ok(refCount >= 40, `the reference run wrote ${refCount} attempts`);

  const f = (figures.generate = { kills: 0, landedMidRun: 0, tornTails: 0, acknowledged: 0, lost: 0, duplicated: 0, referenceMs: refRun.ms });
  // Kill points by progress: after a seeded, spread number of attempts reached the disk.
  const targets = spreadPoints(prng(SEED + 2), KILLS_PER_PHASE, 1, refCount - 1).map(Math.floor);
  for (const [k, target] of targets.entries()) {
    const p = copy(`round-${k}`);
    const { killed } = await killWhen(cli, p.dir, generate, () => existsSync(p.attempts) && readFileSync(p.attempts, 'utf8').split('\n').length > target);
    f.kills += killed ? 1 : 0;
    const a = jsonlLines(p.attempts);
    const v = jsonlLines(p.verdicts);
    if (a.torn) f.tornTails++;
    if (v.torn) f.tornTails++;
    // What is on disk after the kill was acknowledged by an fsync: it must survive the resume as is.
    const acked = a.lines;
    f.acknowledged += acked.length;
    if (acked.length > 0 && acked.length < refCount) f.landedMidRun++;
    for (const l of acked) JSON.parse(l); // complete lines are whole records
    const attemptsOf = new Set(acked.map((l) => (JSON.parse(l) as { id: string }).id));
    for (const l of v.lines) assert.ok(attemptsOf.has((JSON.parse(l) as { attemptId: string }).attemptId), `round ${k}: a verdict before its attempt`);
    ok(await runCli(cli, p.dir, generate), `resume ${k}`);
    const after = jsonlLines(p.attempts).lines;
    const afterSet = new Set(after);
    for (const l of acked) if (!afterSet.has(l)) f.lost++;
    const ids = after.map((l) => (JSON.parse(l) as { id: string }).id);
    f.duplicated += ids.length - new Set(ids).size;
    assert.equal(ids.length, refCount, `round ${k}: attempts after resume`);
    const vids = jsonlLines(p.verdicts).lines.map((l) => (JSON.parse(l) as { attemptId: string }).attemptId);
    assert.deepEqual(new Set(vids), new Set(ids), `round ${k}: one verdict per attempt`);
    assert.equal(vids.length, ids.length, `round ${k}: no verdict twice`);
    ok(await runCli(cli, p.dir, exportArgs(p)), `export ${k}`);
    assert.ok(readFileSync(join(p.dir, 'out', 'vstar.llava.json')).equals(want), `round ${k}: the export differs from the uninterrupted run's`);
    rmSync(p.dir, { recursive: true, force: true });
  }
  assert.equal(f.lost, 0);
  assert.equal(f.duplicated, 0);
  assert.ok(f.landedMidRun >= 5, `kills landed mid-generation in ${f.landedMidRun} rounds`);
});

test('verify --output: killed 10 times, the output is the old file or the whole new one; resume is byte-equal', async () => {
  const dir = join(work, 'verify');
  mkdirSync(dir);
  const evalLines = readFileSync(join(__dirname, '../fixtures/verify/eval.jsonl'), 'utf8').split('\n').filter(Boolean);
  const n = 40_000;
  const input = join(dir, 'in.jsonl');
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = JSON.parse(evalLines[i % evalLines.length]!) as Record<string, unknown>;
    parts.push(JSON.stringify({ ...r, id: `${String(r.id)}-${i}` }));
  }
  writeFileSync(input, parts.join('\n') + '\n');
  const refOut = join(dir, 'ref.jsonl');
  const refRun = ok(await runCli(cli, dir, ['verify', '--input', input, '--output', refOut]), 'reference verify');
  const want = readFileSync(refOut);
  const f = (figures.verify = { kills: 0, landedMidRun: 0, tornTails: 0, acknowledged: 0, lost: 0, duplicated: 0, referenceMs: refRun.ms });
  const oldText = Buffer.from('{"id":"old","pass":true}\n');
  // Kill points by progress: once the temp output holds a seeded, spread fraction of the result.
  for (const [k, frac] of spreadPoints(prng(SEED + 3), KILLS_PER_PHASE, 0.02, 0.98).entries()) {
    const rd = join(dir, `round-${k}`);
    mkdirSync(rd);
    const out = join(rd, 'verdicts.jsonl');
    writeFileSync(out, oldText);
    const grown = (): boolean => strayTemps(rd).some((t) => statSync(join(rd, t), { throwIfNoEntry: false })!?.size >= frac * want.length);
    const { killed, lines } = await killWhen(cli, rd, ['verify', '--input', input, '--output', out], grown);
    f.kills += killed ? 1 : 0;
    const acked = lines.some((l) => l.startsWith(`verified ${n} records`));
    if (acked) f.acknowledged += n;
    const now = readFileSync(out);
    assert.ok(now.equals(oldText) || now.equals(want), `round ${k}: the output is neither the old file nor the complete new one`);
    if (acked && !now.equals(want)) f.lost += n;
    if (killed && strayTemps(rd).length > 0) f.landedMidRun++;
    ok(await runCli(cli, rd, ['verify', '--input', input, '--output', out]), `resume ${k}`);
    assert.ok(readFileSync(out).equals(want), `round ${k}: resumed output differs`);
    assert.deepEqual(strayTemps(rd), [], `round ${k}: temp files left behind`);
    rmSync(rd, { recursive: true, force: true });
  }
  assert.equal(f.lost, 0);
  assert.ok(f.landedMidRun >= 5, `kills landed while writing the output in ${f.landedMidRun} rounds`);
});

test('review import and export: killed 10 times each, every acknowledged decision is in force exactly once; exports byte-equal', async () => {
  const dir = join(work, 'review');
  const n = 10_000;
  const template = join(dir, 'template');
  await syntheticCycle(join(template, 'vstar'), n);
  // Decisions: accept every 4th, reject every 7th, some first accepted then rejected, a few cleared.
  const rand = prng(SEED + 40);
  const decisions: string[] = [];
  const final = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const id = `c1/answer/0/r${i}`;
    const d = i % 4 === 0 ? 'accept' : i % 7 === 0 ? 'reject' : rand() < 0.02 ? 'clear' : undefined;
    if (!d) continue;
    if (d === 'reject' && rand() < 0.3) decisions.push(JSON.stringify({ attemptId: id, decision: 'accept' }));
    decisions.push(JSON.stringify({ attemptId: id, decision: d }));
  }
  const file = join(dir, 'decisions.jsonl');
  writeFileSync(file, decisions.join('\n') + '\n');
  const lastLine = new Map<string, number>();
  decisions.forEach((l, i) => {
    const r = JSON.parse(l) as { attemptId: string; decision: string };
    final.set(r.attemptId, r.decision);
    lastLine.set(r.attemptId, i + 1);
  });
  const wd = (p: string): string[] => ['--workdir', join(p, 'vstar')];
  const reviewsOf = (p: string): string => join(p, 'vstar', 'cycles', '1', 'reviews.jsonl');
  const exportFiles = ['vstar.json', 'dataset_info.json'];
  const exportArgs = (p: string): string[] => ['export', '--cycle', '1', '--format', 'llama-factory', ...wd(p), '--out', join(p, 'out')];

  const ref = join(dir, 'ref');
  cpSync(template, ref, { recursive: true });
  ok(await runCli(cli, ref, ['review', 'reject', 'c1/answer/0/r1', '--cycle', '1', ...wd(ref)]), 'reference review reject');
  const refChild = startCli(cli, ref, ['review', 'import', file, '--batch', '200', '--cycle', '1', ...wd(ref)]);
  const refImport = ok(await refChild.done, 'reference review import');
  // The writes happen after the cycle is loaded: kill between the first and the last acknowledgement.
  const ackTimes = refChild.times.filter((_, i) => refChild.lines[i]!.startsWith('in force through'));
  assert.ok(ackTimes.length >= 10, 'the import wrote in several batches');
  const refExport = ok(await runCli(cli, ref, exportArgs(ref)), 'reference export');
  const want = exportFiles.map((x) => readFileSync(join(ref, 'out', x)));
  const fr = (figures.review = { kills: 0, landedMidRun: 0, tornTails: 0, acknowledged: 0, lost: 0, duplicated: 0, referenceMs: refImport.ms });
  const fe = (figures.export = { kills: 0, landedMidRun: 0, tornTails: 0, acknowledged: 0, lost: 0, duplicated: 0, referenceMs: refExport.ms });

  /** Per attempt: its lines in the review log. */
  const logOf = (p: string): { byId: Map<string, string[]>; torn: boolean } => {
    const { lines, torn } = jsonlLines(reviewsOf(p));
    const byId = new Map<string, string[]>();
    for (const l of lines) {
      const r = JSON.parse(l) as { attemptId: string; decision: string };
      byId.set(r.attemptId, [...(byId.get(r.attemptId) ?? []), r.decision]);
    }
    return { byId, torn };
  };
  const exportPoints = killPoints(5, refExport.ms);
  // Kill points by progress: after a seeded, spread number of acknowledged batches.
  const importPoints = spreadPoints(prng(SEED + 4), KILLS_PER_PHASE, 1, ackTimes.length).map(Math.floor);
  for (const [k, acks] of importPoints.entries()) {
    const p = join(dir, `round-${k}`);
    cpSync(template, p, { recursive: true });
    // A decision made by hand before the import, acknowledged by the CLI's printed line.
    const hand = ok(await runCli(cli, p, ['review', 'reject', 'c1/answer/0/r1', '--cycle', '1', ...wd(p)]), 'review reject');
    assert.match(hand.stdout, /^reject c1\/answer\/0\/r1$/m);
    const { killed, lines } = await killWhen(cli, p, ['review', 'import', file, '--batch', '200', '--cycle', '1', ...wd(p)], (c) => c.lines.filter((l) => l.startsWith('in force')).length >= acks);
    fr.kills += killed ? 1 : 0;
    const through = Math.max(0, ...lines.map((l) => Number(/^in force through line (\d+)/.exec(l)?.[1] ?? 0)));
    const log = logOf(p);
    if (log.torn) fr.tornTails++;
    const ackedIds = [...lastLine].filter(([, line]) => line <= through).map(([id]) => id);
    fr.acknowledged += ackedIds.length + 1;
    if (through > 0 && through < decisions.length) fr.landedMidRun++;
    for (const id of ackedIds) {
      const d = final.get(id)!;
      const got = log.byId.get(id) ?? [];
      if (got.at(-1) !== d && !(d === 'clear' && got.length === 0)) fr.lost++;
    }
    if (log.byId.get('c1/answer/0/r1')?.[0] !== 'reject') fr.lost++;
    ok(await runCli(cli, p, ['review', 'import', file, '--batch', '200', '--cycle', '1', ...wd(p)]), `resume ${k}`);
    const after = logOf(p);
    assert.equal(after.torn, false);
    for (const [id, d] of final) {
      const got = (after.byId.get(id) ?? []).filter((x) => x === d);
      if (d !== 'clear' && got.length !== 1) fr.duplicated += Math.max(0, got.length - 1);
      if (d !== 'clear' && got.length === 0) fr.lost++;
      assert.equal(after.byId.get(id)?.at(-1) ?? 'clear', d, `round ${k}: ${id}`);
    }
    assert.ok(!final.has('c1/answer/0/r1'));
    assert.deepEqual(after.byId.get('c1/answer/0/r1'), ['reject'], 'the hand decision, once');

    // Export, killed at its own point, then resumed: each file old-or-new, final byte-equal.
    mkdirSync(join(p, 'out'));
    writeFileSync(join(p, 'out', 'dataset_info.json'), '{}\n');
    const outDir = join(p, 'out');
    const e = k % 2 ? await killWhen(cli, p, exportArgs(p), () => strayTemps(outDir).length > 0 || existsSync(join(outDir, exportFiles[0]!))) : await killAfter(cli, p, exportArgs(p), exportPoints[k]!);
    fe.kills += e.killed ? 1 : 0;
    const data = read(join(p, 'out', exportFiles[0]!));
    const info = read(join(p, 'out', exportFiles[1]!))!;
    assert.ok(data === undefined || data.equals(want[0]!), `round ${k}: ${exportFiles[0]} is torn`);
    assert.ok(info.equals(Buffer.from('{}\n')) || info.equals(want[1]!), `round ${k}: ${exportFiles[1]} is torn`);
    if (e.lines.some((l) => l.startsWith('wrote ')) && !data) fe.lost++;
    if (e.killed && (data !== undefined || strayTemps(join(p, 'out')).length > 0)) fe.landedMidRun++;
    ok(await runCli(cli, p, exportArgs(p)), `export resume ${k}`);
    assert.deepEqual(strayTemps(p), [], `round ${k}: temp files left behind`);
    exportFiles.forEach((x, i) => assert.ok(readFileSync(join(p, 'out', x)).equals(want[i]!), `round ${k}: ${x} differs from the uninterrupted export`));
    rmSync(p, { recursive: true, force: true });
  }
  assert.equal(fr.lost, 0);
  assert.equal(fr.duplicated, 0);
  assert.ok(fr.landedMidRun >= 5, `kills landed mid-import in ${fr.landedMidRun} rounds`);
});
