// Review panel at scale: a 100k-attempt cycle (~1 KB per attempt, a verdict each, some
// reviews) written through the store API, then in a FRESH process: open the review and
// build its first page (50 rows) and counts, i.e. what the panel needs for its first
// screen. Target <= 500 ms from open. Baseline in the same process: a plain streaming
// newline count over attempts.jsonl + verdicts.jsonl with the same read size.
// Also times a filtered first page (failed) and one attempt in full.
// Usage: node --import tsx bench/review.bench.ts [count]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCycle, type AttemptInput } from '../src/core/cycles';
import { ReviewSession } from '../src/core/review';

const filler = 'First, the person runs forward and plants the pole. Then they swing their legs up and rotate over the bar. ';

function attemptAt(i: number): AttemptInput {
  return {
    sampleId: `kinetics700/train/${String(i).padStart(7, '0')}`,
    stage: i % 4 === 3 ? 'rationalize' : 'answer',
    try: 0,
    backend: 'openai-compatible',
    prompt: 'Question: What activity is being performed in this video?\nCan you explain step-by-step how one can arrive at this conclusion?',
    question: 'What activity is being performed in this video?',
    output: `${filler.repeat(7)} So the answer is pole vaulting (#${i}).`,
    timing: { startedAt: '2025-06-01T12:00:00.000Z', ms: 800 },
  };
}

async function write(workdir: string, count: number): Promise<void> {
  const store = await createCycle(workdir, { model: 'Qwen/Qwen2.5-VL-7B-Instruct', dataset: 'kinetics700' });
  for (let i = 0; i < count; i += 2000) {
    const recs = await store.appendAttempts(Array.from({ length: Math.min(2000, count - i) }, (_, k) => attemptAt(i + k)));
    await store.appendVerdicts(recs.map((a, k) => ({ attemptId: a.id, pass: (i + k) % 3 !== 0, verifier: 'label-match@1',
      checks: [{ field: 'action', pass: (i + k) % 3 !== 0, kind: 'class', expected: 'pole vaulting', extracted: 'pole vaulting', span: [700, 713], score: 1 }] })));
    if (i % 10000 === 0) await store.appendReviews(recs.slice(0, 100).map((a) => ({ attemptId: a.id, decision: 'accept' as const })));
  }
  await store.close();
}

function countLines(path: string): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(8 << 20);
  let n = 0;
  let pos = 0;
  for (;;) {
    const got = readSync(fd, buf, 0, buf.length, pos);
    if (got === 0) break;
    for (let i = buf.indexOf(10, 0); i !== -1 && i < got; i = buf.indexOf(10, i + 1)) n++;
    pos += got;
  }
  closeSync(fd);
  return n;
}

async function measure(workdir: string): Promise<void> {
  const cyc = join(workdir, 'cycles', '1');
  const tb = performance.now();
  const lines = countLines(join(cyc, 'attempts.jsonl')) + countLines(join(cyc, 'verdicts.jsonl'));
  const baseline = performance.now() - tb;
  const t0 = performance.now();
  const r = await ReviewSession.open(workdir, 1);
  const tOpen = performance.now() - t0;
  const page = await r.page(0, 50);
  const tPage = performance.now() - t0 - tOpen;
  const counts = r.counts();
  const first = performance.now() - t0;
  const t1 = performance.now();
  const failed = await r.page(0, 50, { verdict: 'failed' });
  const tFailed = performance.now() - t1;
  const t2 = performance.now();
  await r.attempt(page.items[0]!.id);
  const tAttempt = performance.now() - t2;
  await r.close();
  console.log(JSON.stringify({ lines, total: page.total, failed: failed.total, accepted: counts.accepted, baselineMs: baseline, firstScreenMs: first, openMs: tOpen, pageMs: tPage, countsMs: first - tOpen - tPage, failedPageMs: tFailed, attemptMs: tAttempt }));
}

async function main(): Promise<void> {
  if (process.argv[2] === '--measure') return measure(process.argv[3]!);
  const count = Number(process.argv[2] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'vstar-review-bench-'));
  try {
    const t = performance.now();
    await write(join(dir, 'vstar'), count);
    console.log(`wrote ${count} attempts + verdicts in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--measure', join(dir, 'vstar')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
    const ms = (x: number | undefined): string => `${(x ?? NaN).toFixed(0)} ms`;
    console.log(`baseline: newline count over attempts+verdicts (${m.lines} lines): ${ms(m.baselineMs)}`);
    console.log(`first screen (open + page of 50 + counts, ${m.total} attempts): ${ms(m.firstScreenMs)}  (${(m.firstScreenMs! / m.baselineMs!).toFixed(1)}x baseline; target <= 500 ms)`);
    console.log(`  of which: open (index + verdicts + reviews) ${ms(m.openMs)}, page ${ms(m.pageMs)}, counts ${ms(m.countsMs)}`);
    console.log(`first page filtered to failed (${m.failed}): ${ms(m.failedPageMs)}; one attempt in full: ${ms(m.attemptMs)}`);
    if (m.firstScreenMs! > 500) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
