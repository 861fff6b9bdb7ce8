// Re-validating a stored dataset (scanDataset: every line of records.jsonl against the record
// shape, the label schema, the clip roots and the other ids) against the least any reader of
// the file pays: readLines + JSON.parse of every line. Datasets of N records shaped like the
// review bench's (Kinetics-style ids, a segment, one class of 400), each measurement in a
// FRESH process so its peak RSS is its own; the best of `--reps` runs (default 2).
// `--src DIR` measures another checkout's scanDataset too (e.g. a `git worktree` of the commit
// before a change), so before and after come from the same run.
// Usage: node --import tsx bench/dataset-scan.bench.ts [--src DIR] [--reps N] [count ...]
// Timings on a shared machine are noisy; compare within one run.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';

const CLASSES = Array.from({ length: 400 }, (_, c) => `action class number ${c}`);

async function writeDataset(dir: string, count: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(join(dir, 'records.jsonl'));
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(7, '0');
    const line = JSON.stringify({ id: `kinetics700/train/${n}`, video: `clips/${n}_000010_000020.mp4`, start: 10, end: 20, split: 'train', labels: { action: CLASSES[i % CLASSES.length] } }) + '\n';
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(join(dir, 'schema.json'), JSON.stringify({ action: { type: 'class', values: CLASSES } }));
  const counts = { read: count, imported: count, rejected: 0, missingVideos: 0 };
  writeFileSync(join(dir, 'report.json'), JSON.stringify({ name: 'ds', format: 'jsonl', annotations: 'a.jsonl', root: join(dir, 'videos'), allowRoots: [], importedAt: new Date(0).toISOString(), counts, problems: [], missingVideoExamples: [], notes: [] }));
}

interface Figures {
  ms: number;
  records: number;
  peakRssMb: number;
}

/** One measurement, in this (child) process. */
async function measure(src: string, dir: string, mode: 'plain' | 'scan'): Promise<void> {
  let records = 0;
  const t = performance.now();
  if (mode === 'plain') {
    const { readLines } = (await import(join(src, 'core/cycles/lines.ts'))) as typeof import('../src/core/cycles/lines');
    for await (const { text } of readLines(join(dir, 'records.jsonl'), 0, 1 << 20, { tail: true })) {
      if ((JSON.parse(text) as { id?: unknown }).id !== undefined) records++;
    }
  } else {
    const { scanDataset } = (await import(join(src, 'core/datasets/store.ts'))) as typeof import('../src/core/datasets/store');
    const scan = await scanDataset(dir, () => records++);
    if (scan.problems.length > 0) throw new Error(`unexpected problems: ${JSON.stringify(scan.problems.slice(0, 3))}`);
  }
  const f: Figures = { ms: performance.now() - t, records, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(f));
}

function child(src: string, dir: string, mode: string): Figures {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--measure', src, dir, mode], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Figures;
}

/** The fastest of `reps` runs, with the highest peak RSS seen. */
function best(reps: number, run: () => Figures): Figures {
  const all = Array.from({ length: reps }, run);
  return { ...all.reduce((a, b) => (b.ms < a.ms ? b : a)), peakRssMb: Math.max(...all.map((f) => f.peakRssMb)) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') return measure(args[1]!, args[2]!, args[3] as 'plain' | 'scan');
  const here = resolve(__dirname, '../src');
  const srcs: Array<[string, string]> = [['this', here]];
  const at = args.indexOf('--src');
  if (at !== -1) srcs.unshift(['other', resolve(args[at + 1]!, 'src')]), args.splice(at, 2);
  const r = args.indexOf('--reps');
  const reps = r === -1 ? 2 : Number(args.splice(r, 2)[1]);
  const counts = args.length ? args.map(Number) : [100_000, 1_000_000];
  const show = (f: Figures): string => `${f.ms.toFixed(0)} ms, peak RSS ${f.peakRssMb.toFixed(0)} MB`;
  for (const count of counts) {
    const dir = mkdtempSync(join(tmpdir(), 'vstar-dataset-scan-'));
    try {
      await writeDataset(dir, count);
      const plain = best(reps, () => child(here, dir, 'plain'));
      console.log(`${count} records: readLines + JSON.parse ${show(plain)}`);
      const scans: Figures[] = [];
      for (const [name, src] of srcs) {
        const f = best(reps, () => child(src, dir, 'scan'));
        if (f.records !== count) throw new Error(`${name} src: ${f.records} of ${count} records passed`);
        scans.push(f);
        console.log(`${count} records: ${name} src scanDataset ${show(f)} = ${(f.ms / plain.ms).toFixed(2)}x the plain read`);
      }
      if (scans.length === 2) console.log(`${count} records: this src scans in ${((scans[1]!.ms / scans[0]!.ms) * 100).toFixed(0)}% of the other's time (${(scans[0]!.ms / scans[1]!.ms).toFixed(2)}x faster)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

void main();
