import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { starterConfigText } from '../../../src/core/config/starter';
import { attemptId, openCycle } from '../../../src/core/cycles';
import { attempt } from '../../unit/cycles/helpers';

// The real `vstar` CLI, bundled from source the way scripts/build.mjs does.
let work: string;
let cli: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'vstar-'));
  cli = join(work, 'vstar.js');
  const repo = resolve(__dirname, '../../..');
  buildSync({ stdin: { contents: "require('./src/cli/main').main();", resolveDir: repo, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', outfile: cli, logLevel: 'error', external: ['*.node', 'cpu-features'] });
});
after(() => rmSync(work, { recursive: true, force: true }));

function vstar(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('vstar cycle new/list/status in a project: defaults from vstar.yaml, lineage, counts', async () => {
  const proj = join(work, 'proj');
  mkdirSync(join(proj, 'sub'), { recursive: true });
  writeFileSync(join(proj, 'vstar.yaml'), starterConfigText());

  const none = vstar(proj, 'cycle', 'status');
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no cycles yet/);

  const first = vstar(join(proj, 'sub'), '--json', 'cycle', 'new'); // finds vstar.yaml upwards
  assert.equal(first.code, 0, first.stderr);
  const created = JSON.parse(first.stdout) as { cycle: number; model: string; dataset: string; dir: string };
  assert.deepEqual([created.cycle, created.model, created.dataset], [1, 'models/tiny', 'sample']);
  assert.equal(created.dir, join(proj, 'vstar', 'cycles', '1'));

  const second = vstar(proj, 'cycle', 'new', '--model', 'tiny-ft1');
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /created cycle 2 .*model tiny-ft1, dataset sample/);
  assert.equal(vstar(proj, 'cycle', 'new', '--dataset', 'nope').code, 2);

  const list = vstar(proj, 'cycle', 'list');
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^cycle\s+model\s+parent/);
  assert.match(list.stdout, /\n2\s+tiny-ft1\s+models\/tiny\s+sample/);

  const store = await openCycle(join(proj, 'vstar'), 2);
  await store.appendAttempts([attempt('a'), attempt('b'), attempt('b', 'rationalize')]);
  const v = (id: string, pass: boolean) => ({ attemptId: id, pass, verifier: 'label-match@1', checks: [] });
  await store.appendVerdicts([v(attemptId(2, 'a', 'answer', 0), true), v(attemptId(2, 'b', 'answer', 0), false), v(attemptId(2, 'b', 'rationalize', 0), true)]);
  await store.appendReviews([{ attemptId: attemptId(2, 'a', 'answer', 0), decision: 'accept' }]);
  await store.updateState((s) => void (s.stages.answer = { status: 'done' }));
  await store.close();

  const status = vstar(proj, 'cycle', 'status', '--json');
  assert.equal(status.code, 0, status.stderr);
  const s = JSON.parse(status.stdout) as { cycle: number; parentModel: string; counts: Record<string, Record<string, number>> };
  assert.equal(s.cycle, 2, 'the latest cycle by default');
  assert.equal(s.parentModel, 'models/tiny');
  assert.deepEqual(s.counts.samples, { total: 2, passedDirect: 1, passedAfterRationalization: 1, failed: 0, unverified: 0 });
  assert.deepEqual(s.counts.reviews, { accepted: 1, rejected: 0, unreviewed: 1 });

  const human = vstar(proj, 'cycle', 'status', '2');
  assert.match(human.stdout, /passed after rationalization\s+1\s+50\.0%/);
  assert.match(human.stdout, /stages: answer:done/);
  assert.equal(vstar(proj, 'cycle', 'status', '1', '--json').code, 0);
  assert.equal(vstar(proj, 'cycle', 'status', '9').code, 2);
  assert.equal(vstar(proj, 'cycle', 'status', 'x').code, 2);
});

test('vstar cycle without a project: --workdir, usage errors, --help everywhere', () => {
  const bare = join(work, 'bare');
  mkdirSync(bare);
  const noProject = vstar(bare, 'cycle', 'list');
  assert.equal(noProject.code, 2);
  assert.match(noProject.stderr, /no vstar\.yaml/);
  const noModel = vstar(bare, 'cycle', 'new', '--workdir', 'wd');
  assert.equal(noModel.code, 2);
  assert.match(noModel.stderr, /--model/);
  assert.equal(vstar(bare, 'cycle', 'new', '--workdir', 'wd', '--model', 'm', '--dataset', 'd').code, 0);
  assert.match(vstar(bare, 'cycle', 'list', '--workdir', 'wd').stdout, /\n1\s+m\s+-\s+d/);
  for (const args of [['cycle'], ['cycle', 'new'], ['cycle', 'list'], ['cycle', 'status']]) {
    const help = vstar(bare, ...args, '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: vstar cycle/);
  }
});
