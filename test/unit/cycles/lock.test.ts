import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FileLock } from '../../../src/core/cycles';
import { tempDir } from './helpers';

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('a held lock excludes others until released', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'x.lock');
    const a = new FileLock(path);
    const b = new FileLock(path, { timeoutMs: 100 });
    assert.equal(a.tryAcquire(), true);
    assert.equal(b.tryAcquire(), false, 'a live holder is never broken');
    await assert.rejects(b.acquire(), /timed out waiting for lock .* pid \d+/);
    a.release();
    assert.equal(existsSync(path), false);
    assert.equal(b.tryAcquire(), true);
    b.release();
  } finally {
    cleanup();
  }
});

test('waiters run one at a time', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'x.lock');
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        new FileLock(path).with(async () => {
          maxInside = Math.max(maxInside, ++inside);
          await new Promise((r) => setTimeout(r, 3));
          inside--;
        }),
      ),
    );
    assert.equal(maxInside, 1);
  } finally {
    cleanup();
  }
});

test('a lock left by a dead process, or an old unreadable one, is broken', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'x.lock');
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: hostname(), nonce: 'n', at: '' }));
    await new FileLock(path, { timeoutMs: 2000 }).with(() => undefined);

    writeFileSync(path, ''); // crashed between create and write
    assert.equal(new FileLock(path, { staleMs: 60_000 }).tryAcquire(), false, 'young: maybe still being written');
    const old = new Date(Date.now() - 120_000);
    utimesSync(path, old, old);
    await new FileLock(path, { staleMs: 60_000, timeoutMs: 2000 }).with(() => undefined);
    assert.equal(existsSync(path), false);
    assert.equal(existsSync(path + '.break'), false);
  } finally {
    cleanup();
  }
});
