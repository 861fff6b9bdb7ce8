// Shared helpers of the reliability suite: the real `vstar` CLI bundled from source, child
// processes that can be killed at a chosen moment, a seeded PRNG, synthetic cycles and the
// figures each test file records for docs/reliability.md.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { createCycle, type AttemptInput } from '../../src/core/cycles';
import { writeDataset } from '../../src/core/datasets/store';
import type { SampleRecord } from '../../src/core/datasets/record';

export const REPO = resolve(__dirname, '../..');

/**
 * The CLI as `npm run build` bundles it (src/cli/main.ts, all dependencies inlined), written
 * to `dir` so the test always runs the code of the working tree, not a stale dist/.
 */
export function buildCli(dir: string): string {
  const out = join(dir, 'vstar.js');
  buildSync({ stdin: { contents: "require('./src/cli/main').main();", resolveDir: REPO, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error', external: ['*.node', 'cpu-features'] });
  return out;
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Child {
  proc: ChildProcess;
  /** Complete stdout lines so far (a line cut by a kill is no acknowledgement). */
  lines: string[];
  /** When each line arrived (ms after the spawn). */
  times: number[];
  done: Promise<Run>;
}

export function startCli(cli: string, cwd: string, args: string[], env: Record<string, string> = {}): Child {
  const t0 = Date.now();
  const proc = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const times: number[] = [];
  let stdout = '';
  let stderr = '';
  let partial = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    const parts = (partial + d).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const _ of parts) times.push(Date.now() - t0);
  });
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Run>((res) => proc.on('close', (code, signal) => res({ code, signal, stdout, stderr, ms: Date.now() - t0 })));
  return { proc, lines, times, done };
}

export function runCli(cli: string, cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return startCli(cli, cwd, args, env).done;
}

/** `r`, after checking the command exited 0 (else the failure names `what`, with its output). */
export function ok(r: Run, what: string): Run {
  assert.equal(r.code, 0, `${what} failed (${r.code ?? r.signal}):\n${r.stderr}\n${r.stdout}`);
  return r;
}

/**
 * A project at `dir` with `yaml` (a shapesProjectYaml) as its vstar.yaml, its sample dataset
 * imported and cycle 1 created (model tiny-vlm), all by the CLI.
 */
export async function shapesCycleProject(cli: string, dir: string, yaml: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'vstar.yaml'), yaml);
  ok(await runCli(cli, dir, ['dataset', 'import', 'sample']), 'import');
  ok(await runCli(cli, dir, ['cycle', 'new', '--model', 'tiny-vlm']), 'cycle new');
  return dir;
}

/** Runs the CLI and SIGKILLs it after `afterMs` (unless it ended first). */
export async function killAfter(cli: string, cwd: string, args: string[], afterMs: number, env: Record<string, string> = {}): Promise<{ run: Run; lines: string[]; killed: boolean }> {
  const c = startCli(cli, cwd, args, env);
  const timer = setTimeout(() => c.proc.kill('SIGKILL'), afterMs);
  const run = await c.done;
  clearTimeout(timer);
  return { run, lines: c.lines, killed: run.signal === 'SIGKILL' };
}

/** Runs the CLI and SIGKILLs it as soon as `when` holds (polled every few ms). */
export async function killWhen(cli: string, cwd: string, args: string[], when: (c: Child) => boolean, env: Record<string, string> = {}): Promise<{ run: Run; lines: string[]; killed: boolean }> {
  const c = startCli(cli, cwd, args, env);
  let fired = false;
  const timer = setInterval(() => {
    if (!fired && when(c)) {
      fired = true;
      c.proc.kill('SIGKILL');
    }
  }, 3);
  const run = await c.done;
  clearInterval(timer);
  return { run, lines: c.lines, killed: run.signal === 'SIGKILL' };
}

/** mulberry32: a small seeded PRNG, so every kill point and fault is reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` points in [lo, hi), one in each of n equal strata: random but spread over the range. */
export function spreadPoints(rand: () => number, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, (_, k) => lo + ((k + rand()) / n) * (hi - lo));
}

/** Every file under `dir` (recursively), as paths relative to it. */
export function walk(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) out.push(...walk(p, base));
    else out.push(p.slice(base.length + 1));
  }
  return out;
}

/** Temp files an atomic write left behind (`.<name>.<pid>[.<hex>].tmp`). */
export function strayTemps(dir: string): string[] {
  return walk(dir).filter((p) => /(^|\/)\.[^/]+\.\d+(\.[0-9a-f]+)?\.tmp$/.test(p));
}

/** Complete lines of a JSONL file, and whether its tail is torn (no final newline). */
export function jsonlLines(file: string): { lines: string[]; torn: boolean } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { lines: [], torn: false };
  }
  const parts = text.split('\n');
  const tail = parts.pop()!;
  return { lines: parts.filter((l) => l !== ''), torn: tail !== '' };
}

/**
 * A synthetic cycle of `n` samples (one answer each, one verdict, every third failing) over
 * a synthetic dataset, written through the real store: the input of the review, export and
 * load tests. Clip files are not needed by the export (paths only); `clips` names real ones
 * (the dataset's root, and sample i's video under it) for a test that plays them.
 */
export async function syntheticCycle(workdir: string, n: number, clips?: { root: string; video: (i: number) => string }): Promise<void> {
  const video = clips?.video ?? ((i: number): string => `clips/r${i}.mp4`);
  const records: SampleRecord[] = Array.from({ length: n }, (_, i) => ({ id: `r${i}`, video: video(i), split: 'train', labels: { action: `label${i % 50}` } }));
  await writeDataset(join(workdir, 'datasets'), 'syn', {
    name: 'syn',
    format: 'jsonl',
    annotations: join(workdir, 'ann.jsonl'),
    root: clips?.root ?? join(workdir, 'clips-root'),
    allowRoots: [],
    records,
    schema: { action: { type: 'class', values: Array.from({ length: 50 }, (_, i) => `label${i}`) } },
    counts: { read: n, imported: n, rejected: 0, missingVideos: 0 },
    problems: [],
    missingVideoExamples: [],
    notes: [],
  });
  const store = await createCycle(workdir, { model: 'tiny', dataset: 'syn' });
  const at = '2025-01-01T00:00:00.000Z';
  for (let k = 0; k < n; k += 5000) {
    const ids = records.slice(k, k + 5000);
    const attempts: AttemptInput[] = ids.map((r) => ({
      sampleId: r.id,
      stage: 'answer',
      try: 0,
      backend: 'test',
      prompt: 'Question: What is shown?',
      question: 'What is shown?',
      output: `Step 1: I look. So the answer is ${String(r.labels.action)}.`,
      timing: { startedAt: at, ms: 1 },
    }));
    const written = await store.appendAttempts(attempts);
    await store.appendVerdicts(written.map((a, j) => ({ attemptId: a.id, pass: (k + j) % 3 !== 2, verifier: 'class', checks: [] })));
  }
  await store.close();
}

/** Writes this file's figures to test-results/reliability/<area>.json (scripts/reliability-report.ts reads them). */
export function recordFigures(area: string, figures: Record<string, unknown>): void {
  const dir = join(REPO, 'test-results', 'reliability');
  mkdirSync(dir, { recursive: true });
  // seconds: this process's age, i.e. the test file's own runtime when called at its end.
  writeFileSync(join(dir, `${area}.json`), JSON.stringify({ area, at: new Date().toISOString(), seconds: Math.round(process.uptime()), ...figures }, null, 2) + '\n');
}
