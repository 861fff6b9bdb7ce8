/**
 * Re-check time of the vstar.yaml language server on a generated 2,000-line file: what
 * happens after each typing pause (parse with positions + schema + references + label
 * fields + templates + paths on a real folder). Target: ≤ 50 ms. Baseline, in the same
 * run: a plain `yaml.parseDocument` of the same text. Measured three ways: an edit as the
 * server sees it (incremental parse: the edited entry re-parsed, the rest shifted), a cold
 * chunked parse (the file just opened), and a full parse. Also completion and hover.
 * Times are CPU time of this process, medians and 95th percentiles of 60 runs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { completions, ConfigDocParser, configDiagnostics, diskEnv, hover, parseConfigDoc } from '../src/core/lsp';
import { SAMPLE_LABEL_SCHEMA } from '../src/core/sample/dataset';

const TARGET_LINES = Number(process.env.LSP_BENCH_LINES ?? 2000);
const RUNS = 60;

function generate(): string {
  const out = ['version: 1', 'workdir: vstar', 'datasets:'];
  const nDatasets = Math.ceil(TARGET_LINES / 40);
  for (let d = 0; d < nDatasets; d++) {
    out.push(`  ds${d}:`, '    format: jsonl', `    annotations: sample/annotations.jsonl`, '    root: sample', '    split: train');
  }
  out.push('tasks:');
  let t = 0;
  // Leave room for backends/targets/cycles (about 30 lines).
  while (out.length < TARGET_LINES - 30) {
    out.push(
      `  task${t}:`,
      `    dataset: ds${t % nDatasets}`,
      '    fields: [direction, bounces]',
      '    questions:',
      '      - "Which way does the {label.color} {label.shape} move?"',
      '      - "Does the {label.shape} bounce off a wall in clip {sample.id}?"',
      '    verifier:',
      '      synonyms: { left: [leftward, leftwards], right: [rightward] }',
    );
    t++;
  }
  out.push('backends:');
  for (let b = 0; b < 4; b++) out.push(`  b${b}:`, '    type: openai', '    url: http://localhost:8000/v1', '    model: Qwen/Qwen2.5-VL-7B-Instruct', '    sampling: { temperature: 0.7 }');
  out.push('targets:', '  local:', '    type: local', '  box:', '    type: ssh', '    host: gpu-box', '  cluster:', '    type: slurm', '    via: box', '    gpus: 1');
  out.push('cycles:', '  backend: b0', '  target: cluster', '  concurrency: 2');
  while (out.length < TARGET_LINES) out.push('# padding comment line');
  return out.join('\n') + '\n';
}

function stats(xs: number[]): { median: number; p95: number; min: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f: number): number => s[Math.min(s.length - 1, Math.floor(f * s.length))] ?? NaN;
  return { median: q(0.5), p95: q(0.95), min: s[0] ?? NaN };
}

// CPU time of this process (user + system), so other load on the shared machine inflates
// the figures less than wall-clock time would.
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function time(fn: () => unknown): number[] {
  for (let i = 0; i < 10; i++) fn(); // warm-up: JIT, schema caches
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = cpuMs();
    fn();
    out.push(cpuMs() - t0);
  }
  return out;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-lsp-bench-'));
try {
  fs.mkdirSync(path.join(dir, 'sample'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'sample', 'annotations.jsonl'), '');
  fs.writeFileSync(path.join(dir, 'sample', 'schema.json'), JSON.stringify(SAMPLE_LABEL_SCHEMA));
  const configFile = path.join(dir, 'vstar.yaml');
  const text = generate();
  fs.writeFileSync(configFile, text);
  const env = diskEnv(configFile);
  const lines = text.split('\n').length - 1;

  const first = configDiagnostics(parseConfigDoc(text), env);
  if (first.length !== 0) throw new Error(`generated file should be clean, got: ${first.slice(0, 3).map((d) => d.message).join('; ')}`);
  // A broken variant exercises the error paths (schema issue + unknown names + placeholders).
  const broken = text.replace('format: jsonl', 'format: json').replace('dataset: ds1\n', 'dataset: dsX\n').replace('{label.color}', '{label.colr}');
  const brokenCount = configDiagnostics(parseConfigDoc(broken), env).length;

  // An edit in the middle of the file, undone and redone: each re-check sees a new text.
  const mid = text.indexOf(`  task${Math.floor(text.split('task').length / 4)}:`);
  const edited = text.slice(0, mid) + text.slice(mid).replace('fields: [direction, bounces]', 'fields: [direction, shape]');
  const parser = new ConfigDocParser();
  let flip = false;
  const incremental = stats(time(() => configDiagnostics(parser.parse((flip = !flip) ? edited : text), env)));
  const cold = stats(time(() => configDiagnostics(new ConfigDocParser().parse(text), env)));
  const base = stats(time(() => parseDocument(text)));
  const check = stats(time(() => configDiagnostics(parseConfigDoc(text), env)));
  const checkBroken = stats(time(() => configDiagnostics(parseConfigDoc(broken), env)));
  const cd = parseConfigDoc(text);
  const at = text.indexOf('{label.shape}') + 3;
  const complete = stats(time(() => completions(cd, at, env)));
  const hov = stats(time(() => hover(cd, text.indexOf('minIoU') >= 0 ? text.indexOf('synonyms') : at, env)));

  const f = (x: number): string => x.toFixed(2);
  console.log(`vstar.yaml: ${lines} lines, ${(text.length / 1024).toFixed(1)} KiB; broken variant: ${brokenCount} diagnostics`);
  console.log(`baseline yaml.parseDocument: median ${f(base.median)} ms, p95 ${f(base.p95)} ms`);
  const row = (name: string, x: { median: number; p95: number }): void =>
    console.log(`${name.padEnd(29)}median ${f(x.median)} ms, p95 ${f(x.p95)} ms, ratio ${(x.median / base.median).toFixed(2)}× baseline`);
  row('re-check after an edit:', incremental);
  row('cold check (chunked parse):', cold);
  row('full re-check (clean):', check);
  row('full re-check (broken):', checkBroken);
  console.log(`completion (placeholder):    median ${f(complete.median)} ms; hover: median ${f(hov.median)} ms (on a cached parse)`);
  // The target is for what happens on every edit; the full parse is the fallback for files
  // chunking does not handle (anchors, several documents) and is reported for comparison.
  const ok = incremental.p95 <= 50;
  console.log(`target ≤ 50 ms per re-check after an edit (p95): ${ok ? 'met' : 'MISSED'}; full re-check p95 ${check.p95 <= 50 ? 'within' : 'over'} 50 ms`);
  if (!ok) process.exitCode = 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
