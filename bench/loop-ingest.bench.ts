// The loop's ingest of worker output: N attempts (default 1M) in 2 shard files written as the
// generate worker writes them, ingested into a fresh cycle exactly once (ingestAttempts) and
// verified (verifyPending, class labels), against the least any reader pays: readLines +
// JSON.parse of every line of the same files. Each measurement in a FRESH process (its own
// peak RSS); the best of `--reps` runs (default 1). Targets (issue 14): ≤ 10 s, ≤ 400 MB.
// Usage: node --import tsx bench/loop-ingest.bench.ts [--reps N] [count]
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLines } from '../src/core/cycles/lines';
import { createCycle } from '../src/core/cycles/workdir';
import { ingestAttempts, verifyPending } from '../src/core/loop/ingest';

const CLASSES = Array.from({ length: 400 }, (_, c) => `action class number ${c}`);
const SHARDS = 2;

/** The sample's class: the loop knows it from its plan; here it is a function of the id. */
const classOf = (sampleId: string): number => Number(sampleId.slice(-7)) % CLASSES.length;

async function writeShards(dir: string, count: number): Promise<string[]> {
  const files = Array.from({ length: SHARDS }, (_, s) => join(dir, `attempts-${s}.jsonl`));
  const outs = files.map((f) => createWriteStream(f));
  for (let i = 0; i < count; i++) {
    const sampleId = `kinetics700/train/${String(i).padStart(7, '0')}`;
    const c = i % CLASSES.length;
    // About 60% name their class in the conclusion; the rest another one.
    const named = i % 5 < 3 ? CLASSES[c]! : CLASSES[(c + 7) % CLASSES.length]!;
    const rec = {
      id: `c1/answer/0/${sampleId}`, sampleId, stage: 'answer', try: 0, cycle: 1, model: 'qwen2-vl-7b', backend: 'transformers',
      prompt: 'Question: What activity is shown in the video?\nCan you explain step-by-step how one can arrive at this conclusion?',
      question: 'What activity is shown in the video?',
      output: `The video shows a person outdoors. They move their arms in a steady rhythm and the camera follows them. Step by step: the setting, the motion and the objects all fit. So the activity is ${named}.`,
      timing: { startedAt: '2026-12-07T12:00:00.000Z', ms: 812.5 },
    };
    const out = outs[i % SHARDS]!;
    if (!out.write(JSON.stringify(rec) + '\n')) await once(out, 'drain');
  }
  for (const o of outs) {
    o.end();
    await once(o, 'finish');
  }
  return files;
}

interface Figures {
  ms: number;
  attempts: number;
  passed: number;
  peakRssMb: number;
}

async function measure(dir: string, mode: 'plain' | 'ingest'): Promise<void> {
  const files = Array.from({ length: SHARDS }, (_, s) => join(dir, `attempts-${s}.jsonl`));
  let attempts = 0;
  let passed = 0;
  const t = performance.now();
  if (mode === 'plain') {
    for (const f of files) for await (const { text } of readLines(f)) if ((JSON.parse(text) as { id?: unknown }).id !== undefined) attempts++;
  } else {
    const labels = CLASSES.map((value) => [{ type: 'class' as const, field: 'action', value }]);
    const store = await createCycle(join(dir, 'work'), { model: 'qwen2-vl-7b', dataset: 'kinetics' });
    const labelsOf = (id: string) => labels[classOf(id)];
    for (const f of files) attempts += (await ingestAttempts(store, f, labelsOf)).added;
    // Nothing is left for it (each attempt was verified as it was ingested), but a run always asks.
    if ((await verifyPending(store, labelsOf)).verified !== 0) throw new Error('attempts left unverified by the ingest');
    passed = readFileSync(store.path("verdicts"), "utf8").split(`","pass":true,"cycle"`).length - 1;
    await store.close();
  }
  const f: Figures = { ms: performance.now() - t, attempts, passed, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(f));
}

function child(dir: string, mode: string): Figures {
  rmSync(join(dir, 'work'), { recursive: true, force: true });
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--measure', dir, mode], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Figures;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') return measure(args[1]!, args[2] as 'plain' | 'ingest');
  const ri = args.indexOf('--reps');
  const reps = ri === -1 ? 1 : Number(args.splice(ri, 2)[1]);
  const count = Number(args[0] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'vstar-ingest-bench-'));
  try {
    await writeShards(dir, count);
    const best = (mode: string): Figures => Array.from({ length: reps }, () => child(dir, mode)).reduce((a, b) => (b.ms < a.ms ? b : a));
    const plain = best('plain');
    const ingest = best('ingest');
    if (ingest.attempts !== count) throw new Error(`ingested ${ingest.attempts} of ${count}`);
    const s = (f: Figures) => `${(f.ms / 1000).toFixed(2)} s, peak RSS ${f.peakRssMb.toFixed(0)} MB`;
    console.log(`loop ingest of ${count} worker attempts in ${SHARDS} shards (best of ${reps}):`);
    console.log(`  baseline readLines + JSON.parse   ${s(plain)}`);
    console.log(`  ingest + verify (${ingest.passed} passed)  ${s(ingest)}  ratio ${(ingest.ms / plain.ms).toFixed(2)}x`);
    console.log(`  targets: <= 10 s ${ingest.ms <= 10_000 ? 'met' : 'MISSED'}, <= 400 MB ${ingest.peakRssMb <= 400 ? 'met' : 'MISSED'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
