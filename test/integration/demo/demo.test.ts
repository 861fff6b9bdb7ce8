import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

// A short `vstar demo` (one small cycle) through the real CLI: the committed tiny model
// answers with onnxruntime-node, the real verifiers filter, the cycle's export goes to a
// real finetune job (local runner → `python -m vstar_workers.finetune` in the workers'
// venv), and the finetuned model answers the next cycle.

const repo = resolve(__dirname, '../../..');
const python = join(repo, '.venv/bin/python');
let work: string;
let cli: string;

before(() => {
  const how = 'run `bash scripts/setup-python.sh` first (creates .venv with torch and the workers)';
  if (!existsSync(python)) throw new Error(`no Python venv at ${python}: ${how}`);
  const r = spawnSync(python, ['-c', 'import vstar_workers.tinyvlm.finetune, matplotlib'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the venv cannot import the tiny trainer or matplotlib (${r.stderr.trim().split('\n').pop()}): ${how}`);
  work = mkdtempSync(join(tmpdir(), 'vstar-demo-'));
  cli = join(work, 'vstar.js');
  buildSync({ stdin: { contents: "require('./src/cli/main').main();", resolveDir: repo, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', outfile: cli, logLevel: 'error', external: ['*.node', 'cpu-features'] });
});
after(() => rmSync(work, { recursive: true, force: true }));

function vstar(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    // The bundle lives in a temp folder: onnxruntime-node (required at run time) comes from the repo.
    const p = spawn(process.execPath, [cli, ...args], { env: { ...process.env, NODE_PATH: join(repo, 'node_modules') } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

interface Cycle {
  cycle: number;
  model: string;
  storeCycle: number;
  accuracy: { overall: number; byLabelType: Record<string, number>; byField: Record<string, number>; questions: number };
  yield: { attempted: number; passedDirect: number; passedRationalized: number; failed: number };
  finetune?: { jobId: string; examples: number; firstLoss: number; lastLoss: number };
}

test('vstar demo: one small cycle answers, verifies, rationalizes, finetunes through a job, evaluates and plots', { timeout: 300_000 }, async () => {
  const out = join(work, 'demo');
  const r = await vstar(['demo', '--out', out, '--cycles', '1', '--clips', '24', '--epochs', '2', '--model', join(repo, 'models/tiny'), '--python', python, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { rationalize: boolean; clips: { train: number; heldOut: number }; cycles: Cycle[] };
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')), summary);
  assert.equal(summary.rationalize, true);
  assert.equal(summary.clips.train + summary.clips.heldOut, 24);
  assert.deepEqual(summary.cycles.map((c) => c.cycle), [0, 1]);
  for (const c of summary.cycles) {
    // Four questions (shape, colour, direction, bounce) about every clip.
    assert.equal(c.accuracy.questions, 4 * summary.clips.heldOut);
    assert.deepEqual(Object.keys(c.accuracy.byLabelType), ['class', 'yes_no']);
    assert.deepEqual(Object.keys(c.accuracy.byField), ['bounces', 'color', 'direction', 'shape']);
    for (const v of [c.accuracy.overall, ...Object.values(c.accuracy.byField)]) assert.ok(v >= 0 && v <= 1, `accuracy ${v}`);
    const y = c.yield;
    assert.equal(y.attempted, 4 * summary.clips.train);
    assert.equal(y.passedDirect + y.passedRationalized + y.failed, y.attempted);
    // The tiny model knows colours: most answers pass unaided.
    assert.ok(y.passedDirect > y.attempted / 2, JSON.stringify(y));
    assert.ok(existsSync(join(out, 'vstar', 'cycles', String(c.storeCycle), 'attempts.jsonl')));
  }
  // The starting model copes with colour on held-out clips (answers read by the real verifiers).
  assert.ok(summary.cycles[0]!.accuracy.byField.color! >= 0.9, JSON.stringify(summary.cycles[0]!.accuracy));

  // The finetune went through the job runner, on the cycle's kept answers, and made cycle 1's model.
  const ft = summary.cycles[0]!.finetune!;
  assert.equal(ft.examples, summary.cycles[0]!.yield.passedDirect + summary.cycles[0]!.yield.passedRationalized);
  const job = JSON.parse(readFileSync(join(out, 'vstar', 'jobs', `${ft.jobId}.json`), 'utf8')) as { spec: { kind: string; command: string[] } };
  assert.equal(job.spec.kind, 'finetune');
  assert.deepEqual(job.spec.command.slice(1, 3), ['-m', 'vstar_workers.finetune']);
  assert.equal(summary.cycles[1]!.model, 'vstar/models/cycle-1');
  const w0 = readFileSync(join(out, 'models/cycle-0/model.onnx'));
  const w1 = readFileSync(join(out, 'vstar/models/cycle-1/model.onnx'));
  assert.ok(!w0.equals(w1), 'the finetuned model differs from the starting one');
  assert.equal(summary.cycles[0]!.finetune === undefined, false);
  assert.equal(summary.cycles[1]!.finetune, undefined, 'the last cycle is evaluated, not finetuned');

  // The export it trained on holds bare questions (no hint) and the kept rationales.
  const exported = readFileSync(join(out, 'vstar/cycles/1/exports/cycle-1.metadata.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { question: string; answer: string; stage: string });
  assert.equal(exported.length, ft.examples);
  assert.ok(exported.every((e) => !/Answer:/.test(e.question)));
  assert.ok(exported.some((e) => e.stage === 'rationalize') || summary.cycles[0]!.yield.passedRationalized === 0);

  // It went through the loop: cycle 1 has every stage done, its finetune's output in its lineage and its
  // evaluation (= summary row 1); cycle 2 generates with that model and stopped after rationalizing.
  const state = (n: number) => JSON.parse(readFileSync(join(out, 'vstar', 'cycles', String(n), 'state.json'), 'utf8')) as {
    model: string; stages: Record<string, { status: string }>; lineage?: { parentCycle?: number; adapter?: string; output?: { jobId: string; adapter: string } };
    evaluation?: { overall: number }; baseline?: { overall: number };
  };
  const s1 = state(1);
  const s2 = state(2);
  assert.deepEqual(Object.fromEntries(Object.entries(s1.stages).map(([k, v]) => [k, v.status])), {
    baseline: 'done', generate: 'done', verify: 'done', rationalize: 'done', review: 'done', export: 'done', finetune: 'done', evaluate: 'done',
  });
  assert.equal(s1.lineage?.output?.jobId, ft.jobId);
  assert.equal(s1.baseline?.overall, summary.cycles[0]!.accuracy.overall);
  assert.equal(s1.evaluation?.overall, summary.cycles[1]!.accuracy.overall);
  assert.equal(s2.lineage?.parentCycle, 1);
  assert.equal(s2.lineage?.adapter, s1.lineage?.output?.adapter);
  assert.equal(s2.stages.rationalize?.status, 'done');
  assert.equal(s2.stages.export, undefined, 'the extra cycle stops after its rationalization');

  const png = readFileSync(join(out, 'accuracy.png'));
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
  // The project file the demo wrote is a valid one: the extension opens the folder as a project.
  assert.match(readFileSync(join(out, 'vstar.yaml'), 'utf8'), /^version: 1$/m);
});

test('vstar demo refuses a folder that holds something else, and names it', async () => {
  const out = join(work, 'taken');
  mkdirSync(out);
  writeFileSync(join(out, 'notes.txt'), 'mine');
  const r = await vstar(['demo', '--out', out, '--model', join(repo, 'models/tiny'), '--python', python]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /is not empty and holds no earlier demo/);
  assert.deepEqual(readdirSync(out), ['notes.txt']);
});
