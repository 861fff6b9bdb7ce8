// A child process for the cycle store's integration tests (bundled by the test with
// esbuild so it starts fast). Modes:
//   concurrent <dir> <tag> <count> <batch>  append <count> attempts `<tag>-<i>`, 4 batches in flight
//   resume <dir> <total> <batch>            append attempts 0..total-1 that are not there yet,
//                                           printing `ack <first> <last>` after each fsync
//   read-state <dir> <ms>                   re-read state.json for <ms>, print {reads, torn}
import { readFileSync } from 'node:fs';
import { CycleStore, type AttemptInput } from '../../../src/core/cycles';

const pad = 'x'.repeat(200);

function rec(sampleId: string): AttemptInput {
  return {
    sampleId,
    stage: 'answer',
    try: 0,
    backend: 'test',
    prompt: 'Question: What activity is shown?',
    question: 'What activity is shown?',
    output: `answer for ${sampleId} ${pad}`,
    timing: { startedAt: '2025-01-01T00:00:00.000Z', ms: 1 },
  };
}

const out = (line: string): void => void process.stdout.write(line + '\n');

async function concurrent(dir: string, tag: string, count: number, batch: number): Promise<void> {
  const store = await CycleStore.open(dir, { write: true });
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < count; i += batch) {
    const ids = Array.from({ length: Math.min(batch, count - i) }, (_, k) => `${tag}-${i + k}`);
    inFlight.push(store.appendAttempts(ids.map(rec)));
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  await store.close();
  out('done');
}

async function resume(dir: string, total: number, batch: number): Promise<void> {
  const store = await CycleStore.open(dir, { write: true });
  out(`ready ${await store.repairedBytes}`);
  const todo: number[] = [];
  for (let i = 0; i < total; i++) if (!store.has(`s${i}`, 'answer', 0)) todo.push(i);
  for (let k = 0; k < todo.length; k += batch) {
    const ids = todo.slice(k, k + batch);
    await store.appendAttempts(ids.map((i) => rec(`s${i}`)));
    out(`ack ${ids[0]} ${ids.at(-1)}`); // only after fsync
  }
  await store.close();
  out('done');
}

function readState(dir: string, ms: number): void {
  const until = Date.now() + ms;
  let reads = 0;
  let torn = 0;
  while (Date.now() < until) {
    reads++;
    try {
      JSON.parse(readFileSync(`${dir}/state.json`, 'utf8'));
    } catch {
      torn++;
    }
  }
  out(JSON.stringify({ reads, torn }));
}

const [mode, dir = '', a = '', b = '', c = ''] = process.argv.slice(2);
if (mode === 'concurrent') void concurrent(dir, a, Number(b), Number(c));
else if (mode === 'resume') void resume(dir, Number(a), Number(b));
else if (mode === 'read-state') readState(dir, Number(a));
else throw new Error(`unknown mode ${mode}`);
