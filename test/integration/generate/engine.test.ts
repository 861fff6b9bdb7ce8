import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCycle, openCycle, type CycleStore } from '../../../src/core/cycles';
import { InferenceBackend } from '../../../src/core/generate/inference';
import { runGeneration, type EngineOptions } from '../../../src/core/generate/engine';
import type { GenerationProgress } from '../../../src/core/generate/progress';
import { startChatServer, type ChatServer } from '../../support/chatServer';
import { modelScript, syntheticItems } from './fixtures/items';

// Every test here drives the real @huggingface/inference client over real HTTP against
// the OpenAI-compatible chat server test double (test/support/chatServer.ts).

const FAST_RETRY = { retries: 3, baseDelayMs: 10, maxDelayMs: 2000, timeoutMs: 2000 };

async function setup(script = modelScript()): Promise<{ dir: string; store: CycleStore; server: ChatServer; done: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  const created = await createCycle(dir, { model: 'm', dataset: 'd' });
  await created.close();
  const store = await openCycle(dir, 1, { write: true });
  const server = await startChatServer(script);
  return {
    dir,
    store,
    server,
    done: async () => {
      await store.close();
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function backendFor(server: ChatServer, token?: string): InferenceBackend {
  return new InferenceBackend({ kind: 'openai-compatible', model: 'test-model', endpointUrl: server.url, ...(token ? { token } : {}) });
}

const base = (store: CycleStore, server: ChatServer, extra: Partial<EngineOptions> = {}): EngineOptions => ({
  store,
  backend: backendFor(server),
  items: syntheticItems(9),
  rationalize: true,
  concurrency: 3,
  retry: FAST_RETRY,
  ...extra,
});

async function logLines(store: CycleStore, name: 'attempts' | 'verdicts'): Promise<Record<string, unknown>[]> {
  const text = fs.readFileSync(store.path(name), 'utf8');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('answer → verify → rationalize writes one attempt and one verdict per (sample, stage, try); a re-run asks nothing', async () => {
  const { store, server, done } = await setup();
  try {
    const events: GenerationProgress[] = [];
    const r = await runGeneration({ ...base(store, server), backend: backendFor(server, 'tok-SECRET-123'), onProgress: (p) => events.push(p), progressEveryMs: 0 });
    assert.equal(r.passedDirect, 3);
    assert.equal(r.passedAfterRationalization, 3);
    assert.equal(r.failed, 3);
    assert.equal(r.errors.length, 0);
    const attempts = await logLines(store, 'attempts');
    assert.equal(attempts.filter((a) => a.stage === 'answer').length, 9);
    assert.equal(attempts.filter((a) => a.stage === 'rationalize').length, 6);
    assert.equal((await logLines(store, 'verdicts')).length, 15);
    for (const a of attempts) {
      assert.doesNotMatch(String(a.question), /Answer:/, 'the bare question never holds the hint');
      if (a.stage === 'rationalize') assert.match(String(a.prompt), /\nAnswer: label\d+\./);
      assert.equal(a.backend, 'openai-compatible');
      assert.equal(a.model, 'test-model');
    }
    assert.equal(server.requests[0]?.authorization, 'Bearer tok-SECRET-123');
    assert.doesNotMatch(fs.readFileSync(store.path('attempts'), 'utf8') + fs.readFileSync(store.path('verdicts'), 'utf8'), /SECRET/);
    const last = events.at(-1)!;
    assert.equal(last.final, true);
    assert.equal(last.done, 9);
    assert.ok(Math.abs(last.passRate - 6 / 9) < 1e-9);
    const status = await store.status();
    assert.equal(status.counts.samples.passedDirect, 3);
    assert.equal(status.counts.samples.passedAfterRationalization, 3);
    assert.equal(status.counts.samples.failed, 3);
    assert.equal((await store.readState()).stages.generate?.status, 'done');

    const before = server.requests.length;
    const again = await runGeneration(base(store, server));
    assert.equal(server.requests.length, before, 'nothing asked twice');
    assert.equal(again.skipped, 9);
    assert.equal(again.passedDirect + again.passedAfterRationalization, 6);
    assert.equal((await logLines(store, 'attempts')).length, 15);
    assert.equal((await logLines(store, 'verdicts')).length, 15);
  } finally {
    await done();
  }
});

test('K samples per prompt: all recorded, each with its own seed; the sample passes if any does', async () => {
  const { store, server, done } = await setup((req) => ({ content: req.body.seed === 12 ? 'so it is label0' : 'no idea' }));
  try {
    const r = await runGeneration({ ...base(store, server), items: syntheticItems(1), samplesPerPrompt: 3, sampling: { seed: 10, temperature: 0.8, topP: 0.9, maxTokens: 64 } });
    assert.equal(r.passedDirect, 1);
    assert.deepEqual(server.requests.map((q) => q.body.seed).sort(), [10, 11, 12]);
    assert.equal(server.requests[0]?.body.temperature, 0.8);
    assert.equal(server.requests[0]?.body.top_p, 0.9);
    assert.equal(server.requests[0]?.body.max_tokens, 64);
    const attempts = await logLines(store, 'attempts');
    assert.deepEqual(attempts.map((a) => a.try).sort(), [0, 1, 2]);
  } finally {
    await done();
  }
});

test('429 with Retry-After, 500, dropped connections, malformed JSON and slow replies are retried', async () => {
  const script = modelScript();
  const { store, server, done } = await setup((req, n) => {
    if (n === 0) return { status: 429, retryAfter: '1' };
    if (n === 1) return { status: 500 };
    if (n === 2) return { drop: true };
    if (n === 3) return { malformed: true };
    if (n === 4) return { content: 'late', delayMs: 1500 };
    return script(req, n);
  });
  try {
    const t0 = Date.now();
    const r = await runGeneration({ ...base(store, server), items: syntheticItems(1), concurrency: 1, retry: { ...FAST_RETRY, retries: 5, timeoutMs: 500 } });
    assert.equal(r.errors.length, 0, JSON.stringify(r.errors));
    assert.equal(r.passedDirect, 1);
    assert.equal(r.retries, 5);
    assert.ok(Date.now() - t0 >= 1000, 'waited for Retry-After');
    assert.ok(server.requests[1]!.at - server.requests[0]!.at >= 950, 'second try after Retry-After');
    assert.equal((await logLines(store, 'attempts')).length, 1);
  } finally {
    await done();
  }
});

test('retries are bounded: a server that keeps failing leaves an error and no attempt; the next run completes', async () => {
  const { store, server, done } = await setup(() => ({ status: 503 }));
  try {
    const r = await runGeneration({ ...base(store, server), items: syntheticItems(2), retry: { ...FAST_RETRY, retries: 2 } });
    assert.equal(r.errors.length, 2);
    assert.match(r.errors[0]!.message, /HTTP 503/);
    assert.equal(server.requests.length, 6, '3 tries per item');
    assert.equal((await logLines(store, 'attempts')).length, 0);
    assert.equal((await store.readState()).stages.generate?.status, 'failed');
    server.script = modelScript();
    const again = await runGeneration({ ...base(store, server), items: syntheticItems(2) });
    assert.equal(again.errors.length, 0);
    assert.equal(again.passedDirect + again.passedAfterRationalization, 2);
  } finally {
    await done();
  }
});

test('a 400 is not retried', async () => {
  const { store, server, done } = await setup(() => ({ status: 400, body: '{"error":{"message":"bad request"}}' }));
  try {
    const r = await runGeneration({ ...base(store, server), items: syntheticItems(1) });
    assert.equal(r.errors.length, 1);
    assert.equal(server.requests.length, 1);
  } finally {
    await done();
  }
});

test('cancel through an AbortSignal stops promptly and leaves every attempt with its verdict; resume finishes', async () => {
  const { store, server, done } = await setup(modelScript(150));
  try {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 400);
    const t0 = Date.now();
    const r = await runGeneration({ ...base(store, server), items: syntheticItems(12), concurrency: 2, signal: ac.signal });
    assert.ok(Date.now() - t0 < 700, `stopped in ${Date.now() - t0} ms`);
    assert.equal(r.cancelled, true);
    assert.equal((await store.readState()).stages.generate?.status, 'pending');
    const attempts = await logLines(store, 'attempts');
    const verdicts = await logLines(store, 'verdicts');
    assert.ok(attempts.length > 0 && attempts.length < 20);
    assert.deepEqual(new Set(verdicts.map((v) => v.attemptId)), new Set(attempts.map((a) => a.id)));
    server.script = modelScript();
    const again = await runGeneration({ ...base(store, server), items: syntheticItems(12) });
    assert.equal(again.cancelled, false);
    assert.equal(again.passedDirect, 4);
    assert.equal(again.passedAfterRationalization, 4);
    const all = await logLines(store, 'attempts');
    assert.equal(all.length, 12 + 8);
    assert.equal(new Set(all.map((a) => a.id)).size, all.length);
  } finally {
    await done();
  }
});

test('the rate limit spaces requests', async () => {
  const { store, server, done } = await setup();
  try {
    await runGeneration({ ...base(store, server), items: syntheticItems(3), rationalize: false, concurrency: 3, rateLimit: 10 });
    const at = server.requests.map((q) => q.at).sort((a, b) => a - b);
    assert.ok(at.at(-1)! - at[0]! >= 150, `3 requests at 10/s took ${at.at(-1)! - at[0]!} ms`);
  } finally {
    await done();
  }
});

test('a run killed with SIGKILL mid-way and resumed loses and duplicates nothing', async () => {
  const { dir, store, server, done } = await setup(modelScript(15));
  try {
    const n = 30;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'run-engine.ts'), dir, server.url, String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (/progress (1\d)\b/.test(out)) {
          child.kill('SIGKILL');
          resolve();
        }
        if (/finished/.test(out)) reject(new Error('child finished before it was killed'));
      });
      child.on('error', reject);
    });
    await new Promise((r) => child.once('exit', r));
    const killedAt = (await logLines(store, 'attempts')).length;
    assert.ok(killedAt > 0, 'some attempts were written before the kill');
    server.script = modelScript();
    const r = await runGeneration({ ...base(store, server), items: syntheticItems(n), samplesPerPrompt: 2 });
    assert.equal(r.errors.length, 0);
    assert.equal(r.passedDirect, 10);
    assert.equal(r.passedAfterRationalization, 10);
    assert.equal(r.failed, 10);
    const attempts = await logLines(store, 'attempts');
    const keys = attempts.map((a) => `${a.sampleId}/${a.stage}/${a.try}`);
    assert.equal(new Set(keys).size, keys.length, 'no duplicates');
    // 30 × 2 answers + 20 × 2 rationalizations
    assert.equal(attempts.length, 100, 'nothing lost');
    const verdicts = await logLines(store, 'verdicts');
    assert.deepEqual(new Set(verdicts.map((v) => v.attemptId)), new Set(attempts.map((a) => a.id)));
    assert.equal(new Set(verdicts.map((v) => v.attemptId)).size, verdicts.length, 'one verdict per attempt');
  } finally {
    await done();
  }
});
