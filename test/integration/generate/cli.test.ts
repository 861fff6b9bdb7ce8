import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { makeSampleDataset } from '../../../src/core/sample/dataset';
import { startChatServer, type ChatServer } from '../../support/chatServer';
import { shapesProjectYaml } from '../../support/shapesProject';

// The real `vstar` CLI (bundled from source) against the OpenAI-compatible chat server
// test double, on the project's real sample clips (frames sampled with real ffmpeg).

let work: string;
let cli: string;
let server: ChatServer;
before(async () => {
  work = mkdtempSync(join(tmpdir(), 'vstar-'));
  cli = join(work, 'vstar.js');
  const repo = resolve(__dirname, '../../..');
  buildSync({ stdin: { contents: "require('./src/cli/main').main();", resolveDir: repo, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', outfile: cli, logLevel: 'error', external: ['*.node', 'cpu-features'] });
  // A model that always says "circle", and repeats the hint when given one.
  server = await startChatServer((req) => {
    const hint = /\nAnswer: (.+)\.\n/.exec(req.prompt)?.[1];
    return { content: `Looking at the frames step by step, the shape is a ${hint ?? 'circle'}.` };
  });
});
after(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

function vstar(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, VSTAR_TEST_TOKEN: 'tok-SECRET' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

test('vstar generate answers, verifies and rationalizes a cycle; vstar cycle status reports the yield per type and class', async () => {
  const proj = join(work, 'proj');
  const sample = await makeSampleDataset({ out: join(proj, 'sample'), count: 6, seed: 3, width: 96, height: 64 });
  writeFileSync(
    join(proj, 'vstar.yaml'),
    shapesProjectYaml({ root: 'sample', url: server.url, backend: ['tokenEnv: VSTAR_TEST_TOKEN', 'sampling: { temperature: 0.2, maxTokens: 128 }'] }),
  );
  const imp = await vstar(proj, 'dataset', 'import', 'sample');
  assert.equal(imp.code, 0, imp.stderr);
  const created = await vstar(proj, 'cycle', 'new', '--model', 'tiny-vlm');
  assert.equal(created.code, 0, created.stderr);

  const gen = await vstar(proj, '--json', 'generate', '--cycle', '1', '--concurrency', '2');
  assert.equal(gen.code, 0, gen.stderr + gen.stdout);
  const r = JSON.parse(gen.stdout) as { total: number; passedDirect: number; passedAfterRationalization: number; failed: number };
  const train = sample.records.filter((x) => x.split === 'train');
  const circles = train.filter((x) => x.labels.shape === 'circle').length;
  assert.ok(train.length >= 2, 'the sample has training clips');
  assert.equal(r.total, train.length);
  assert.equal(r.passedDirect, circles);
  assert.equal(r.passedAfterRationalization, train.length - circles);
  // Frames went as image_url data URLs, two per clip, with the token from the environment.
  const first = server.requests[0]!;
  const parts = first.body.messages[0]!.content as { type: string; image_url?: { url: string } }[];
  assert.equal(parts.filter((p) => p.type === 'image_url').length, 2);
  assert.match(parts[0]!.image_url!.url, /^data:image\/jpeg;base64,/);
  assert.equal(first.authorization, 'Bearer tok-SECRET');
  assert.equal(first.body.temperature, 0.2);
  const cycleDir = join(proj, 'vstar', 'cycles', '1');
  assert.doesNotMatch(readFileSync(join(cycleDir, 'attempts.jsonl'), 'utf8'), /tok-SECRET/);

  const again = await vstar(proj, '--json', 'generate', '--cycle', '1');
  assert.equal(again.code, 0, again.stderr);
  assert.equal((JSON.parse(again.stdout) as { requests: number }).requests, 0, 'resume asks nothing again');

  const st = await vstar(proj, '--json', 'cycle', 'status', '1');
  assert.equal(st.code, 0, st.stderr);
  const y = (JSON.parse(st.stdout) as { yield: { total: Record<string, number>; byLabelType: Record<string, Record<string, number>>; byClass: Record<string, Record<string, number>> } }).yield;
  assert.deepEqual(y.total, { attempted: train.length, passedDirect: circles, passedAfterRationalization: train.length - circles, failed: 0 });
  assert.equal(y.byLabelType.class?.attempted, train.length);
  if (circles > 0) assert.equal(y.byClass.circle?.passedDirect, circles);
  for (const [k, c] of Object.entries(y.byClass)) if (k !== 'circle') assert.equal(c.passedDirect, 0);
  const human = await vstar(proj, 'cycle', 'status', '1');
  assert.match(human.stdout, /type class/);
});
