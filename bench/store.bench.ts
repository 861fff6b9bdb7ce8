// Cycle store at scale: append 1M attempt records of ~1 KB (1 GB) through the public
// API in fsync'd batches, then open and index the cycle in a FRESH process (so its peak
// RSS is the index's own, not the writer's), against a baseline in that same process:
// a plain streaming newline count over the same file with the same read size.
// Targets: open + index <= 2 s, peak RSS <= 400 MB. The file goes to os.tmpdir() and is
// deleted afterwards.  Usage: node --import tsx --expose-gc bench/store.bench.ts [count]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCycle, CycleStore, attemptId, type AttemptInput } from '../src/core/cycles';

const MB = 1 << 20;
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const rssMb = (): number => process.resourceUsage().maxRSS / 1024;

const question = 'What activity is being performed in this video?';
const prompt = `Question: ${question}\nCan you explain step-by-step how one can arrive at this conclusion?`;
const filler =
  'First, the person stands on a wooden platform holding a long pole. Next, they run forward, plant the pole into a box, ' +
  'and bend it while swinging their legs upward. Then, they push off the pole and rotate their body over a horizontal bar. ' +
  'Finally, they release the pole and fall onto a thick mat. These steps match the typical motion sequence of pole vaulting. ';

/** ~1 KB attempt i: 750k answer attempts for samples 0..749999, then 250k rationalizations. */
function attemptAt(i: number, samples: number): AttemptInput {
  const stage = i < samples ? 'answer' : 'rationalize';
  const s = i < samples ? i : i - samples;
  return {
    sampleId: `kinetics700/train/${String(s).padStart(7, '0')}`,
    stage,
    try: 0,
    backend: 'openai-compatible',
    prompt: stage === 'answer' ? prompt : `Question: ${question}\nAnswer: pole vaulting.\nCan you explain step-by-step how one can arrive at this conclusion?`,
    question,
    output: `${filler}${filler.slice(0, 120 + (i % 200))} So the answer is pole vaulting (#${i}).`,
    timing: { startedAt: '2025-06-01T12:00:00.000Z', ms: 800 + (i % 900) },
  };
}

async function write(workdir: string, count: number): Promise<string> {
  const samples = Math.round(count * 0.75);
  const store = await createCycle(workdir, { model: 'Qwen/Qwen2.5-VL-7B-Instruct', dataset: 'kinetics700' });
  const batch = 2000;
  const t0 = performance.now();
  for (let i = 0; i < count; i += batch) {
    const n = Math.min(batch, count - i);
    await store.appendAttempts(Array.from({ length: n }, (_, k) => attemptAt(i + k, samples)));
  }
  const tAttempts = performance.now() - t0;
  // Verdicts for every attempt (passes every third), and a few reviews, so status() has work.
  const t1 = performance.now();
  for (let i = 0; i < count; i += 10_000) {
    const n = Math.min(10_000, count - i);
    await store.appendVerdicts(
      Array.from({ length: n }, (_, k) => {
        const j = i + k;
        const stage = j < samples ? 'answer' : 'rationalize';
        const id = attemptId(1, `kinetics700/train/${String(j < samples ? j : j - samples).padStart(7, '0')}`, stage, 0);
        const pass = j < samples ? j % 3 === 0 : j % 2 === 0;
        return { attemptId: id, pass, verifier: 'label-match@1', checks: [{ field: 'action', pass, kind: 'class-named', span: [640, 653] as [number, number] }] };
      }),
    );
  }
  const tVerdicts = performance.now() - t1;
  await store.close();
  const size = statSync(store.path('attempts')).size;
  console.log(`write   ${count} attempts, ${(size / MB).toFixed(0)} MB (${(size / count).toFixed(0)} B/record), batches of ${batch}, fsync per batch`);
  console.log(`        attempts ${fmt(tAttempts)} (${Math.round(count / (tAttempts / 1000))}/s, ${(size / MB / (tAttempts / 1000)).toFixed(0)} MB/s)` +
    `; verdicts ${fmt(tVerdicts)} (${(statSync(store.path('verdicts')).size / MB).toFixed(0)} MB); writer peak RSS ${rssMb().toFixed(0)} MB`);
  return store.dir;
}

/** Runs in the fresh child process: baseline, then open + index, then lookups and status. */
async function measure(dir: string): Promise<void> {
  const file = join(dir, 'attempts.jsonl');
  const rss0 = rssMb();
  // Baseline: count lines with the same 8 MB positioned reads and memchr the index uses.
  const t0 = performance.now();
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(8 * MB);
  let lines = 0;
  for (let pos = 0; ; ) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) break;
    const view = buf.subarray(0, n);
    for (let i = view.indexOf(10); i !== -1; i = view.indexOf(10, i + 1)) lines++;
    pos += n;
  }
  closeSync(fd);
  const tBase = performance.now() - t0;
  const rssBase = rssMb();

  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  const store = await CycleStore.open(dir);
  const index = store.index();
  const tIndex = performance.now() - t1;
  const cpu = process.cpuUsage(cpu1);
  const cpuIndex = (cpu.user + cpu.system) / 1000;
  global.gc?.();
  const heap = process.memoryUsage();
  const rssIndex = rssMb();

  const ids = Array.from({ length: 10_000 }, (_, k) => {
    const i = (k * 7919) % index.size;
    return attemptId(1, `kinetics700/train/${String(i % index.samples).padStart(7, '0')}`, 'answer', 0);
  });
  const t2 = performance.now();
  let found = 0;
  for (const id of ids) if (store.getAttempt(id)?.output.includes('pole vaulting')) found++;
  const tGet = performance.now() - t2;
  const t3 = performance.now();
  const status = await store.status();
  const tStatus = performance.now() - t3;
  const t4 = performance.now();
  await store.status(); // nothing appended since: only counting, no re-read
  const tStatus2 = performance.now() - t4;
  const rssEnd = rssMb();
  await store.close();

  if (index.size !== lines || found !== ids.length) throw new Error(`index has ${index.size} of ${lines} lines, found ${found}/${ids.length}`);
  console.log(`baseline  streaming line count          ${fmt(tBase)}  (${lines} lines; process RSS ${rssBase.toFixed(0)} MB, ${rss0.toFixed(0)} MB at start)`);
  console.log(`index     open + index ${index.size} attempts  ${fmt(tIndex)}  = ${(tIndex / tBase).toFixed(2)}x baseline   target <= 2 s: ${tIndex <= 2000 ? 'PASS' : 'FAIL'}`);
  // On a shared machine wall time includes waiting for a core; CPU time is the work itself.
  console.log(`          (CPU time ${fmt(cpuIndex)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores)`);
  console.log(`memory    peak RSS after index ${rssIndex.toFixed(0)} MB (heap used ${(heap.heapUsed / MB).toFixed(0)} MB, array buffers ${(heap.arrayBuffers / MB).toFixed(0)} MB)   target <= 400 MB: ${rssIndex <= 400 ? 'PASS' : 'FAIL'}`);
  console.log(`lookup    getAttempt x ${ids.length} (positioned read + parse + validate)  ${(tGet / ids.length * 1000).toFixed(1)} us each`);
  console.log(`status    verdicts + reviews + counts  ${fmt(tStatus)}  (${status.counts.samples.passedDirect} passed directly, ` +
    `${status.counts.samples.passedAfterRationalization} after rationalization, ${status.counts.samples.failed} failed); again ${fmt(tStatus2)}; peak RSS ${rssEnd.toFixed(0)} MB`);
  if (tIndex > 2000 || rssIndex > 400) process.exitCode = 1;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--measure') return measure(process.argv[3]!);
  const count = Number(process.argv[2] ?? 1_000_000);
  const workdir = mkdtempSync(join(tmpdir(), 'vstar-bench-'));
  try {
    const dir = await write(workdir, count);
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--measure', dir], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = 1;
  } finally {
    if (!process.env.KEEP) rmSync(workdir, { recursive: true, force: true }); else console.log(workdir);
  }
}

void main();
