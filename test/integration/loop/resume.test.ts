import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { attemptIds, buildCli, makeAssets, python, readState, tempDir, until, vstar, writeProject, type StateFile } from './support';

// `vstar cycle run` on worker jobs (local target, 2 shards per wave, the tiny family),
// SIGKILLed at spread points (a wave's job running, between its two shards' ingests,
// during the finetune job, during the evaluation) and run again each time: it must end
// exactly where an uninterrupted run ends — no attempt lost or ingested twice, no
// finished job submitted again, the same yields and held-out accuracy. Answers are greedy
// (temperature 0) so the two runs can be compared answer for answer.

let work: string;
let cli: string;
let assets: string;

before(async () => {
  work = tempDir('vstar-loop-resume-');
  cli = buildCli(work);
  assets = await makeAssets(join(work, 'assets'), 16);
});
after(() => rmSync(work, { recursive: true, force: true }));

const SECTIONS = `
model: { family: tiny, path: models/base }
generate: { target: local, shards: 2, batchSize: 8, temperature: 0 }
finetune: { target: local, from: previous, epochs: 2 }
evaluate: { splits: [val, test] }
targets:
  local: { type: local, python: ${JSON.stringify(python)} }
cycles: { count: 1 }
`;

function project(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeProject(dir, assets, SECTIONS);
  return dir;
}

async function importSample(dir: string): Promise<void> {
  const r = await vstar(cli, dir, ['dataset', 'import', 'sample']).done;
  assert.equal(r.code, 0, r.stderr);
}

function jobKinds(dir: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of readdirSync(join(dir, 'vstar', 'jobs')).filter((n) => n.endsWith('.json'))) {
    const rec = JSON.parse(readFileSync(join(dir, 'vstar', 'jobs', f), 'utf8')) as { spec: { kind: string } };
    counts[rec.spec.kind] = (counts[rec.spec.kind] ?? 0) + 1;
  }
  return counts;
}

async function status(dir: string): Promise<{ yield: { total: unknown }; evaluation: StateFile['evaluation']; baseline: StateFile['baseline'] }> {
  const r = await vstar(cli, dir, ['--json', 'cycle', 'status', '1']).done;
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('cycle run survives SIGKILLs at spread points and ends as an uninterrupted run does', { timeout: 900_000 }, async () => {
  const ref = project('reference');
  const killed = project('killed');
  await importSample(ref);
  await importSample(killed);

  const reference = vstar(cli, ref, ['cycle', 'run', '--poll', '100']).done;

  const gen = (s: StateFile | undefined) => s?.stages.generate?.jobs?.find((j) => j.key === 'answer');
  const points: [string, () => boolean][] = [
    ['the answer wave\'s job running', () => Boolean(gen(readState(killed, 1))?.id) && !gen(readState(killed, 1))?.ingested?.length],
    ['one of the two shards ingested', () => gen(readState(killed, 1))?.ingested?.length === 1],
    ['the finetune job running', () => Boolean(readState(killed, 1)?.stages.finetune?.jobs?.[0]?.id)],
    ['the evaluation running', () => readState(killed, 1)?.stages.evaluate?.status === 'running'],
  ];
  const hit: string[] = [];
  for (const [name, cond] of points) {
    const run = vstar(cli, killed, ['cycle', 'run', '--poll', '100']);
    let ended = false;
    void run.done.then(() => (ended = true));
    await until(name, () => cond() || ended, 300_000);
    if (ended) assert.fail(`the run ended before ${name}: ${(await run.done).stderr.slice(-800)}`);
    run.child.kill('SIGKILL');
    const r = await run.done;
    assert.equal(r.signal, 'SIGKILL');
    hit.push(name);
  }
  assert.equal(hit.length, 4);
  const last = await vstar(cli, killed, ['cycle', 'run', '--poll', '100']).done;
  assert.equal(last.code, 0, last.stderr);
  const r = await reference;
  assert.equal(r.code, 0, r.stderr);

  const s = readState(killed, 1)!;
  for (const stage of ['baseline', 'generate', 'verify', 'rationalize', 'review', 'export', 'finetune', 'evaluate']) {
    assert.equal(s.stages[stage]?.status, 'done', `${stage}: ${JSON.stringify(s.stages[stage])}`);
  }
  // Every attempt once, and the same attempts as the uninterrupted run.
  for (const sub of [undefined, 'baseline', 'evaluate']) {
    const ids = attemptIds(killed, 1, sub);
    assert.equal(new Set(ids).size, ids.length, `duplicate attempts in ${sub ?? 'the cycle'}`);
    assert.deepEqual([...ids].sort(), [...attemptIds(ref, 1, sub)].sort(), `attempts of ${sub ?? 'the cycle'}`);
  }
  // No job submitted twice: the same jobs as the uninterrupted run (baseline, answer, rationalize, evaluate; finetune).
  assert.deepEqual(jobKinds(killed), jobKinds(ref));
  assert.deepEqual(jobKinds(ref), { generate: 4, finetune: 1 });
  // The same outcome.
  const a = await status(killed);
  const b = await status(ref);
  assert.deepEqual(a.yield.total, b.yield.total);
  assert.deepEqual(a.baseline?.overall, b.baseline?.overall);
  assert.deepEqual(a.evaluation?.byField, b.evaluation?.byField);
  assert.ok((a.evaluation?.questions ?? 0) > 0);
});
