import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { requireServices } from '../jobs/services';
import { attemptIds, buildCli, makeAssets, python, readState, tempDir, vstar, writeProject } from './support';

// Two cycles of the loop on the real Slurm, reached over the real sshd on loopback: each
// generation wave is a 2-task array job of the generate worker (the tiny family, the same
// path a GPU run takes), the finetune a Slurm job whose adapter stays on the cluster side
// and is recorded in the lineage; cycle 2 generates with it.

const svc = requireServices({ slurm: true });
let work: string;
let cli: string;
let home: string;
let assets: string;

before(async () => {
  work = tempDir('vstar-loop-slurm-');
  cli = buildCli(work);
  assets = await makeAssets(join(work, 'assets'), 12);
  // vstar.yaml names the host; its ssh config and known_hosts come from $HOME/.ssh, as for a user.
  home = join(work, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true });
  copyFileSync(svc.sshConfig, join(home, '.ssh', 'config'));
  copyFileSync(svc.knownHosts, join(home, '.ssh', 'known_hosts'));
});
after(() => rmSync(work, { recursive: true, force: true }));

test('two cycles on Slurm over SSH: 2 shards per wave, every attempt once, evaluation per cycle, cycle 2 on cycle 1\'s finetune', { timeout: 900_000 }, async () => {
  const dir = join(work, 'project');
  mkdirSync(dir);
  const remote = join(work, 'cluster');
  writeProject(
    dir,
    assets,
    `
model: { family: tiny, path: { cluster: ${JSON.stringify(join(dir, 'models/base'))} } }
generate: { target: cluster, shards: 2, batchSize: 8, temperature: 1.0, topP: 1.0 }
finetune: { target: cluster, from: previous, epochs: 2 }
targets:
  login: { type: ssh, host: vstar-test, workdir: ${JSON.stringify(remote)} }
  cluster: { type: slurm, via: login, partition: debug, cpus: 1, python: ${JSON.stringify(python)} }
cycles: { count: 2 }
`,
  );
  const env = { HOME: home };
  const imp = await vstar(cli, dir, ['dataset', 'import', 'sample'], env).done;
  assert.equal(imp.code, 0, imp.stderr);
  const r = await vstar(cli, dir, ['--json', 'cycle', 'run', '--poll', '200'], env).done;
  assert.equal(r.code, 0, r.stderr.slice(-2000));
  const result = JSON.parse(r.stdout) as { completed: number[]; evaluations: { cycle: number; evaluation: { overall: number } }[] };
  assert.deepEqual(result.completed, [1, 2]);
  assert.deepEqual(result.evaluations.map((e) => e.cycle), [0, 1, 2]);

  const jobs = readdirSync(join(dir, 'vstar', 'jobs')).filter((n) => n.endsWith('.json')).map((n) => JSON.parse(readFileSync(join(dir, 'vstar', 'jobs', n), 'utf8')) as {
    id: string; dir: string; slurmJobId?: string; target: { kind: string }; spec: { kind: string; name: string; resources: { array?: { count: number } } };
  });
  const train = readFileSync(join(dir, 'vstar', 'datasets', 'sample', 'records.jsonl'), 'utf8').trim().split('\n').filter((l) => JSON.parse(l).split === 'train').length;
  assert.ok(train > 0);
  for (const c of [1, 2]) {
    const s = readState(dir, c)!;
    for (const stage of ['generate', 'verify', 'rationalize', 'export', 'finetune', 'evaluate']) assert.equal(s.stages[stage]?.status, 'done', `cycle ${c} ${stage}`);
    // Every attempt ingested exactly once: one line per (sample, stage, try), and each from a worker on Slurm.
    const ids = attemptIds(dir, c);
    assert.equal(new Set(ids).size, ids.length, `cycle ${c}: duplicate attempts`);
    const answers = ids.filter((id) => id.includes('/answer/')).length;
    assert.equal(answers, 4 * train);
    const wave = s.stages.generate!.jobs!.find((j) => j.key === 'answer')!;
    const rec = jobs.find((j) => j.id === wave.id)!;
    assert.equal(rec.target.kind, 'slurm');
    assert.match(rec.slurmJobId ?? '', /^\d+$/);
    assert.equal(rec.spec.resources.array?.count, 2, 'a 2-task array');
    assert.deepEqual(wave.ingested, [0, 1]);
    // Held-out accuracy stored with the cycle.
    assert.ok(s.evaluation && s.evaluation.questions > 0 && s.evaluation.overall >= 0 && s.evaluation.overall <= 1);
    assert.equal(s.lineage?.output?.target, 'cluster');
  }
  const s1 = readState(dir, 1)!;
  const s2 = readState(dir, 2)!;
  assert.ok(s1.baseline && s1.baseline.questions === s1.evaluation!.questions);
  // Cycle 2's model is cycle 1's finetune output, on the cluster side (the job's folder there).
  assert.equal(s2.lineage?.parentCycle, 1);
  assert.equal(s2.lineage?.adapter, s1.lineage?.output?.adapter);
  assert.equal(s2.lineage?.adapterTarget, 'cluster');
  const ft1 = jobs.find((j) => j.id === s1.lineage!.output!.jobId)!;
  assert.equal(s1.lineage!.output!.adapter, join(ft1.dir, 'out'));
  const wave2 = jobs.find((j) => j.id === s2.stages.generate!.jobs![0]!.id)!;
  const cmd = JSON.parse(readFileSync(join(dir, 'vstar', 'jobs', `${wave2.id}.json`), 'utf8')).spec.command as string[];
  assert.equal(cmd[cmd.indexOf('--model') + 1], s1.lineage!.output!.adapter, 'cycle 2 generates with cycle 1\'s model');
  const models = new Set(readFileSync(join(dir, 'vstar', 'cycles', '2', 'attempts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).model as string));
  assert.deepEqual([...models], [s2.model]);
});
