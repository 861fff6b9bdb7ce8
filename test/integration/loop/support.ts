import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { makeSampleDataset } from '../../../src/core/sample/dataset';

/**
 * Loop tests drive the real `vstar` CLI (bundled once per file) over a small synthetic
 * project whose model is the committed tiny model: every stage runs for real (worker jobs
 * in the workers' venv, verifiers, export, finetune, evaluation).
 */

export const repo = resolve(__dirname, '../../..');
export const python = join(repo, '.venv/bin/python');

export function buildCli(work: string): string {
  const how = 'run `bash scripts/setup-python.sh` first (creates .venv with torch and the workers)';
  if (!existsSync(python)) throw new Error(`no Python venv at ${python}: ${how}`);
  const r = spawnSync(python, ['-c', 'import vstar_workers.generate, vstar_workers.tinyvlm.finetune'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the venv cannot import the workers (${r.stderr.trim().split('\n').pop()}): ${how}`);
  const cli = join(work, 'vstar.js');
  buildSync({ stdin: { contents: "require('./src/cli/main').main();", resolveDir: repo, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', outfile: cli, logLevel: 'error', external: ['*.node', 'cpu-features'] });
  return cli;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The sample dataset (clips made with ffmpeg) and the tiny model, made once and copied into each project. */
export async function makeAssets(dir: string, clips: number): Promise<string> {
  await makeSampleDataset({ out: join(dir, 'sample'), count: clips, seed: 7 });
  cpSync(join(repo, 'models/tiny'), join(dir, 'models/base'), { recursive: true });
  return dir;
}

export interface ProjectSections {
  /** YAML of `model:`'s body and more sections, appended after the dataset and tasks. */
  loop: string;
}

export function writeProject(dir: string, assets: string, sections: string): void {
  cpSync(join(assets, 'sample'), join(dir, 'sample'), { recursive: true });
  cpSync(join(assets, 'models'), join(dir, 'models'), { recursive: true });
  writeFileSync(
    join(dir, 'vstar.yaml'),
    `version: 1
workdir: vstar
datasets:
  sample:
    format: jsonl
    annotations: sample/annotations.jsonl
    root: sample
    labels:
      shape: { type: class, values: [circle, square, triangle] }
      color: { type: class, values: [red, green, blue, yellow] }
      direction: { type: class, values: [left, right, up, down] }
      bounces: { type: yes_no }
tasks:
  appearance: { dataset: sample, fields: [shape, color] }
  direction: { dataset: sample, field: direction, questions: ["Which way does the {label.color} {label.shape} move?"] }
  bounce: { dataset: sample, field: bounces, questions: ["Does the {label.shape} bounce off a wall?"] }
${sections}`,
  );
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function vstar(cli: string, cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliResult> } {
  // The bundle lives in a temp folder: onnxruntime-node (required at run time) comes from the repo.
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NODE_PATH: join(repo, 'node_modules'), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
  return { child, done };
}

export interface StateFile {
  model: string;
  stages: Record<string, { status: string; note?: string; jobs?: { key: string; id?: string; outcome?: string; ingested?: number[] }[]; counts?: Record<string, number> }>;
  lineage?: { parentCycle?: number; adapter?: string; adapterTarget?: string; output?: { jobId: string; adapter: string; target: string; local?: string } };
  evaluation?: { overall: number; byField: Record<string, number>; questions: number };
  baseline?: { overall: number; questions: number };
}

export function readState(project: string, cycle: number, sub?: string): StateFile | undefined {
  const f = join(project, 'vstar', 'cycles', String(cycle), ...(sub ? [sub] : []), 'state.json');
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as StateFile;
  } catch {
    return undefined; // being replaced right now
  }
}

/** Attempt ids of a log, in order (duplicates kept, so a test can find them). */
export function attemptIds(project: string, cycle: number, sub?: string): string[] {
  const f = join(project, 'vstar', 'cycles', String(cycle), ...(sub ? [sub] : []), 'attempts.jsonl');
  return readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id);
}

export async function until(what: string, cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
