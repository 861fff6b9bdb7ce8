import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AttemptRecord } from '../../../src/core/cycles/records';
import { createRunner } from '../../../src/core/jobs';
import { parseProgressLine, type Progress } from '../../../src/core/jobs/progress';
import { done, tempDir, waitStatus } from './helpers';

const python = resolve('.venv/bin/python');

/** The workers' venv, or an error saying how to make it: this test fails, never skips. */
function requireVenv(): void {
  const how = 'run `bash scripts/setup-python.sh` first (creates .venv with torch, transformers, peft and the workers)';
  if (!existsSync(python)) throw new Error(`no Python venv at ${python}: ${how}`);
  const r = spawnSync(python, ['-c', 'import vstar_workers.generate, peft, transformers'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the venv cannot import the workers (${r.stderr.trim().split('\n').pop()}): ${how}`);
}

test('generate worker run by the local runner: progress lines parse, attempts parse as the core\'s AttemptRecord', async () => {
  requireVenv();
  const t = tempDir();
  const runner = createRunner({ kind: 'local' }, join(t.dir, 'vstar'));
  try {
    const clip = join(t.dir, 'clip.mp4');
    const ff = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=8', '-t', '1', '-pix_fmt', 'yuv420p', clip]);
    assert.equal(ff.status, 0, String(ff.stderr));
    const requests = join(t.dir, 'requests.jsonl');
    const q = "What's shown? $(touch PWNED)";
    writeFileSync(
      requests,
      [
        { sampleId: 'k700/abc 1', stage: 'answer', try: 0, prompt: q, question: q, video: 'clip.mp4' },
        { sampleId: 'k700/def', stage: 'rationalize', try: 2, prompt: `${q}\nAnswer: dancing.`, question: q, video: clip, start: 0.1, end: 0.9 },
      ]
        .map((r) => JSON.stringify(r) + '\n')
        .join(''),
    );
    // one interpreter builds the tiny random Qwen2-VL and runs the real worker entry point
    const boot = 'import sys; from vstar_workers.tiny import build_tiny_qwen2vl; from vstar_workers import generate; build_tiny_qwen2vl("model"); sys.exit(generate.main(sys.argv[1:]))';
    const h = await runner.submit({
      name: 'generate tiny',
      kind: 'generate',
      command: [python, '-c', boot, '--model', 'model', '--requests', 'in/requests.jsonl', '--out', 'out/attempts-{shard}.jsonl', '--cycle', '1',
        '--video-root', t.dir, '--frames', '2', '--frame-size', '56', '--max-new-tokens', '4', '--model-name', 'tiny-qwen2vl', '--batch-size', '1'],
      inputs: [{ local: requests, remote: 'in/requests.jsonl' }],
      outputs: ['out'],
    });
    const progress: Progress[] = [];
    for await (const line of runner.logs(h.id, { follow: true, stream: 'stdout', pollMs: 200 })) {
      const p = parseProgressLine(line);
      if (p) progress.push(p);
    }
    const s = await waitStatus(runner, h.id, done, 5000);
    assert.equal(s.state, 'completed', `${JSON.stringify(s)}\n${readFileSync(join(h.record.dir, 'stderr.log'), 'utf8').slice(-2000)}`);
    // One line per batch (here one request each), after the load line.
    assert.deepEqual(progress.filter((p) => p.phase !== 'frames').map((p) => [p.done, p.total]), [[0, 2], [1, 2], [2, 2]]);

    await runner.fetchArtifacts(h.id, join(t.dir, 'back'));
    const lines = readFileSync(join(t.dir, 'back', 'out', 'attempts-0.jsonl'), 'utf8').trim().split('\n');
    const attempts = lines.map((l) => AttemptRecord.parse(JSON.parse(l)));
    assert.deepEqual(attempts.map((a) => [a.id, a.stage, a.try, a.cycle, a.model, a.backend]), [
      ['c1/answer/0/k700/abc 1', 'answer', 0, 1, 'tiny-qwen2vl', 'transformers'],
      ['c1/rationalize/2/k700/def', 'rationalize', 2, 1, 'tiny-qwen2vl', 'transformers'],
    ]);
    assert.equal(attempts[0]!.question, q);
    assert.ok(attempts.every((a) => typeof a.output === 'string' && a.timing.ms >= 0 && !Number.isNaN(Date.parse(a.timing.startedAt))));
    assert.equal(existsSync(join(h.record.dir, 'PWNED')), false);
  } finally {
    await runner.close();
    t.cleanup();
  }
});
