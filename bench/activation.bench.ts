// Activation time of the built extension. WHAT THIS MEASURES: a fresh production bundle
// (scripts/build.mjs --production, into a temp dir) loaded in a fresh plain Node process
// with a minimal fake `vscode` module injected through the module resolver
// (bench/support/fake-vscode.cjs: registrations are no-ops, no editors are open, the
// workspace is a small trusted project), timing `require(extension.js)` + `activate()`.
// It is not VS Code's extension host (no IPC, no real views), so it counts the extension's
// own load and registration work only: what lazy loading can save. Target: <= 150 ms.
// Baselines in the same run, same way: requiring an empty module, and `yaml` (a ~250 KB
// package the extension needs at activation anyway). Median of several cold processes.
// Usage: node --import tsx bench/activation.bench.ts [runs] [--bundle path/to/extension.js]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const CHILD = join(__dirname, 'support', 'activate-child.cjs');
const TARGET_MS = 150;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function runChild(args: string[], env: NodeJS.ProcessEnv): Record<string, unknown> {
  const r = spawnSync(process.execPath, [CHILD, ...args], { encoding: 'utf8', env, cwd: ROOT });
  if (r.status !== 0) throw new Error(`activation child failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

function project(dir: string): string {
  const folder = join(dir, 'project');
  const ds = join(folder, 'vstar', 'datasets', 'shapes');
  mkdirSync(ds, { recursive: true });
  mkdirSync(join(folder, 'vstar', 'cycles', '1'), { recursive: true });
  writeFileSync(join(folder, 'vstar.yaml'), 'datasets:\n  shapes:\n    format: jsonl\n    annotations: shapes.jsonl\ntargets:\n  laptop:\n    type: local\n');
  writeFileSync(join(ds, 'records.jsonl'), '{"id":"c1","video":"c1.mp4","split":"train","labels":{"shape":"circle"}}\n');
  writeFileSync(join(ds, 'schema.json'), '{"shape":{"type":"class","values":["circle"]}}');
  return folder;
}

function main(): void {
  const args = process.argv.slice(2);
  const bundleArg = args.includes('--bundle') ? args[args.indexOf('--bundle') + 1] : undefined;
  const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 7);
  const dir = mkdtempSync(join(tmpdir(), 'vstar-activation-bench-'));
  try {
    let bundle = bundleArg ? resolve(bundleArg) : join(dir, 'ext', 'dist', 'extension.js');
    if (!bundleArg) {
      const b = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--outdir', join(dir, 'ext', 'dist')], { cwd: ROOT, encoding: 'utf8' });
      if (b.status !== 0) throw new Error(`production build failed:\n${b.stdout}${b.stderr}`);
      bundle = join(dir, 'ext', 'dist', 'extension.js');
    }
    const empty = join(dir, 'empty.js');
    writeFileSync(empty, '');
    const env = { ...process.env, VSTAR_BENCH_FOLDER: project(dir) };
    const storage = join(dir, 'storage');
    const samples: Array<Record<string, unknown>> = [];
    const emptyMs: number[] = [];
    const yamlMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Interleaved, so a busy moment on the machine hits all three alike.
      emptyMs.push(runChild(['--baseline', empty], env).requireMs as number);
      yamlMs.push(runChild(['--baseline', require.resolve('yaml')], env).requireMs as number);
      samples.push(runChild(['--activate', bundle, storage], env));
    }
    const total = median(samples.map((s) => s.totalMs as number));
    const req = median(samples.map((s) => s.requireMs as number));
    const act = median(samples.map((s) => s.activateMs as number));
    const ms = (x: number): string => `${x.toFixed(1)} ms`;
    console.log(`bundle: ${bundleArg ? bundle : 'fresh production build of src/extension/extension.ts'}; ${runs} cold Node processes each, medians`);
    console.log(`baseline: require(empty module) ${ms(median(emptyMs))}; require('yaml') ${ms(median(yamlMs))}`);
    console.log(`activation: require(extension.js) ${ms(req)} + activate() ${ms(act)} = ${ms(total)}  (${(total / median(yamlMs)).toFixed(1)}x require('yaml'); target <= ${TARGET_MS} ms)`);
    console.log(`  registrations: ${samples[0]!.subscriptions as number} disposables; modules loaded outside the bundle: ${JSON.stringify(samples[0]!.extra)}`);
    console.log(`  all runs (ms): ${samples.map((s) => (s.totalMs as number).toFixed(0)).join(' ')}`);
    if (total > TARGET_MS) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
