import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { attemptIds, buildCli, makeAssets, python, readState, tempDir, vstar, writeProject } from './support';

// A tiny random Qwen2-VL (built from a config by the workers: its text is noise, the
// plumbing is real) through the loop on the transformers engine: cycle 1 stops at the
// review gate, a person accepts two answers, continue → export → LoRA finetune job →
// the adapter in the lineage → held-out evaluation → cycle 2's generation loads it.

let work: string;
let cli: string;
let assets: string;

before(async () => {
  work = tempDir('vstar-loop-qwen-');
  cli = buildCli(work);
  assets = await makeAssets(join(work, 'assets'), 8);
  const r = spawnSync(python, ['-m', 'vstar_workers.tiny', join(assets, 'models', 'qwen')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
after(() => rmSync(work, { recursive: true, force: true }));

test('a tiny Qwen2-VL through one cycle: review gate, export, LoRA finetune, adapter in the lineage, cycle 2 generates with it', { timeout: 900_000 }, async () => {
  const dir = join(work, 'project');
  mkdirSync(dir);
  writeProject(
    dir,
    assets,
    `
model: { family: qwen2-vl, path: models/qwen }
generate: { target: local, batchSize: 4, frames: 2, maxTokens: 6 }
finetune: { target: local, maxSteps: 2, batchSize: 2, frames: 2, lora: { r: 4, alpha: 8 } }
evaluate: { splits: [val, test], limit: 2 }
targets:
  local: { type: local, python: ${JSON.stringify(python)} }
cycles: { count: 2, review: before-export, limit: 3 }
`,
  );
  const run = async (args: string[]) => {
    const r = await vstar(cli, dir, args).done;
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr.slice(-2000)}`);
    return r;
  };
  await run(['dataset', 'import', 'sample']);
  const first = JSON.parse((await run(['--json', 'cycle', 'run', '--cycles', '1'])).stdout) as { stopped?: { cycle: number; reason: string } };
  assert.deepEqual(first.stopped, { cycle: 1, stage: 'review', reason: 'review' });
  assert.equal(readState(dir, 1)!.stages.review?.status, 'waiting');
  assert.equal(readState(dir, 1)!.stages.export, undefined, 'nothing is exported before the review');

  // Noise fails the verifier; a person accepts two answers anyway, and continues.
  const accepted = attemptIds(dir, 1).filter((id) => id.includes('/answer/')).slice(0, 2);
  await run(['review', 'accept', '--cycle', '1', ...accepted]);
  await run(['cycle', 'continue', '1']);
  await run(['cycle', 'run', '--cycles', '2', '--until', 'generate']);

  const s1 = readState(dir, 1)!;
  for (const stage of ['export', 'finetune', 'evaluate']) assert.equal(s1.stages[stage]?.status, 'done', stage);
  // The two accepted answers, and any the verifier passed (noise can say "yes" or "no").
  const exported = readFileSync(join(dir, 'vstar', 'cycles', '1', 'exports', 'cycle-1.metadata.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
  for (const id of accepted) assert.ok(exported.includes(id), `${id} was accepted, so it is exported`);
  assert.equal(s1.stages.export?.counts?.exported, exported.length);
  const adapter = join(dir, 'vstar', 'models', 'cycle-1', 'adapter');
  assert.equal(s1.lineage?.output?.adapter, adapter);
  assert.ok(existsSync(join(adapter, 'adapter_config.json')), 'a PEFT adapter');
  const lora = JSON.parse(readFileSync(join(adapter, 'adapter_config.json'), 'utf8')) as { r: number; lora_alpha: number };
  assert.deepEqual([lora.r, lora.lora_alpha], [4, 8], 'the LoRA settings of vstar.yaml reached the trainer');
  assert.ok(s1.evaluation && s1.evaluation.questions > 0);

  const s2 = readState(dir, 2)!;
  assert.equal(s2.lineage?.adapter, adapter);
  assert.equal(s2.stages.generate?.status, 'done');
  assert.equal(s2.stages.verify, undefined, 'stopped after generate (--until)');
  const wave = s2.stages.generate!.jobs![0]!;
  const cmd = (JSON.parse(readFileSync(join(dir, 'vstar', 'jobs', `${wave.id}.json`), 'utf8')) as { spec: { command: string[] } }).spec.command;
  assert.equal(cmd[cmd.indexOf('--adapter') + 1], adapter, 'cycle 2 generates with base + the adapter');
  assert.equal(cmd[cmd.indexOf('--model') + 1], join(dir, 'models', 'qwen'));
  const models = new Set(readFileSync(join(dir, 'vstar', 'cycles', '2', 'attempts.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { model: string }).model));
  assert.deepEqual([...models], [s2.model]);
  assert.equal(s2.model, 'vstar/models/cycle-1/adapter');
});
