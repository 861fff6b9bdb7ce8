import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readLoopRun, RunFile, runFilePath } from '../../../src/core/loop/runFile';

// run.json: one live loop per project; a dead one's file does not block the next run.

test('a live run refuses a second one with what to do; a dead run\'s file is taken over', async () => {
  const workdir = mkdtempSync(join(tmpdir(), 'vstar-run-'));
  try {
    const live = { pid: process.ppid, host: hostname(), startedAt: '2026-12-07T10:00:00Z', updatedAt: '2026-12-07T10:00:00Z', state: 'running', cyclesTarget: 3, cycle: 2, stage: 'finetune', done: 1, total: 8 };
    mkdirSync(join(workdir, 'loop'));
    writeFileSync(runFilePath(workdir), JSON.stringify(live));
    await assert.rejects(RunFile.claim(workdir, 1), (err: Error) => /already running .*pid \d+ .*cycle 2 finetune.*delete .*run\.json/.test(err.message));

    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(runFilePath(workdir), JSON.stringify({ ...live, pid: Number(dead.stdout) }));
    const run = await RunFile.claim(workdir, 2);
    await run.stage(1, 'generate');
    run.progress(10, 100);
    await run.finish('done');
    const now = readLoopRun(workdir)!;
    assert.deepEqual([now.pid, now.state, now.cycle, now.stage, now.cyclesTarget], [process.pid, 'done', 1, 'generate', 2]);
    assert.equal(now.etaSeconds, undefined, 'no ETA guessed from the first items');
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
});
