/**
 * Engine overhead: the whole answer → verify → record path (real @huggingface/inference
 * client, real HTTP, real cycle store with fsync'd appends) against the OpenAI-compatible
 * chat server test double answering instantly, in a separate process. Target: ≥ 2,000
 * requests/s at concurrency 64 on this 2-core machine, and memory flat over 100k
 * requests (heap after GC at 10% vs at the end).
 * ENGINE_BENCH_N sets the request count (default 100,000).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCycle, openCycle } from '../src/core/cycles';
import { InferenceBackend } from '../src/core/generate/inference';
import { runGeneration, type GenerationItem } from '../src/core/generate/engine';

const N = Number(process.env.ENGINE_BENCH_N ?? 100_000);
const CONCURRENCY = 64;

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(path.join(__dirname, 'support', 'chat-server-process.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, url: String((m as { url: string }).url) }));
    child.once('error', reject);
  });
}

function items(from: number, to: number): GenerationItem[] {
  const out: GenerationItem[] = [];
  for (let i = from; i < to; i++) {
    out.push({ sampleId: `s${i}`, question: `What is shown in clip ${i}?`, hint: 'label', labels: [{ type: 'class', value: i % 2 ? 'juggling' : 'surfing', field: 'action' }] });
  }
  return out;
}

const heapMb = (): number => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
};

void (async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-bench-'));
  const { child, url } = await startServer();
  try {
    await (await createCycle(dir, { model: 'm', dataset: 'd' })).close();
    const store = await openCycle(dir, 1, { write: true });
    const backend = new InferenceBackend({ kind: 'openai-compatible', model: 'bench', endpointUrl: url });
    // Warm-up (connections, JIT), not timed.
    await runGeneration({ store, backend, items: items(0, 2000).map((x) => ({ ...x, sampleId: `w${x.sampleId}` })), concurrency: CONCURRENCY });
    const chunks = 10;
    const heaps: number[] = [];
    let requests = 0;
    let ms = 0;
    for (let c = 0; c < chunks; c++) {
      const part = items((c * N) / chunks, ((c + 1) * N) / chunks);
      const t0 = performance.now();
      const r = await runGeneration({ store, backend, items: part, concurrency: CONCURRENCY });
      ms += performance.now() - t0;
      requests += r.requests;
      if (r.errors.length) throw new Error(`errors: ${r.errors[0]!.message}`);
      heaps.push(heapMb());
    }
    const rps = requests / (ms / 1000);
    // Baseline in the same run: the bare client, same concurrency, no engine or store.
    let sent = 0;
    const B = Math.min(N, 20_000);
    const b0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < B) {
          sent++;
          await backend.complete({ prompt: 'Question: q', media: [], sampling: {} });
        }
      }),
    );
    const bare = B / ((performance.now() - b0) / 1000);
    console.log(`bare client (no engine, no store): ${bare.toFixed(0)} req/s → engine at ${((100 * rps) / bare).toFixed(0)}% of it`);
    console.log(`engine: ${requests} requests at concurrency ${CONCURRENCY} in ${(ms / 1000).toFixed(1)} s = ${rps.toFixed(0)} req/s (target ≥ 2000)`);
    console.log(`heap after GC: ${heaps.map((h) => h.toFixed(1)).join(' → ')} MB (first chunk ${heaps[0]!.toFixed(1)}, last ${heaps.at(-1)!.toFixed(1)})`);
    console.log(`attempts.jsonl ${(fs.statSync(store.path('attempts')).size / 1e6).toFixed(1)} MB; rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
    await store.close();
  } finally {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
})();
