// The review's dataset side at scale: a dataset of N records (~170 bytes each) and a
// cycle with one short attempt per record, then, each in a FRESH process (so peak RSS is
// the review's own, not the writer's):
//   info   open the review, the first SampleLookup.info() (which reads the dataset), a
//          second info() of another record, then a page filtered by a label;
//   label  open the review and a page filtered by a label straight away (cold);
// both then filter by a second label (the dataset already scanned).
// Memory: heapUsed + arrayBuffers after a GC with the session still open (what the
// extension host keeps), and the child's peak RSS.
// `--src DIR` runs the children against another checkout's src/ too (e.g. a `git
// worktree` of the commit before a change), so before/after come from the same run.
// Usage: node --import tsx bench/review-samples.bench.ts [--src DIR] [count ...]
// Timings on a shared machine are noisy; compare within one run.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { createCycle, type AttemptInput } from '../src/core/cycles';

const CLASSES = Array.from({ length: 400 }, (_, c) => `action class number ${c}`);
const idOf = (i: number): string => `kinetics700/train/${String(i).padStart(7, '0')}`;

async function writeDataset(dir: string, count: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(join(dir, 'records.jsonl'));
  for (let i = 0; i < count; i++) {
    const line = JSON.stringify({ id: idOf(i), video: `clips/${String(i).padStart(7, '0')}_000010_000020.mp4`, start: 10, end: 20, split: 'train', labels: { action: CLASSES[i % CLASSES.length] } }) + '\n';
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(join(dir, 'schema.json'), JSON.stringify({ action: { type: 'class', values: CLASSES } }));
  const counts = { total: count, imported: count, skipped: 0, missingVideos: 0 };
  writeFileSync(join(dir, 'report.json'), JSON.stringify({ name: 'ds', format: 'jsonl', annotations: 'a.jsonl', root: join(dir, 'videos'), allowRoots: [], importedAt: new Date(0).toISOString(), counts, problems: [], missingVideoExamples: [], notes: [] }));
}

function attemptAt(i: number): AttemptInput {
  return {
    sampleId: idOf(i),
    stage: 'answer',
    try: 0,
    backend: 'openai-compatible',
    prompt: 'What activity is being performed in this video?',
    question: 'What activity is being performed in this video?',
    output: `The person does ${CLASSES[(i * 7) % CLASSES.length]}.`,
    timing: { startedAt: '2025-06-01T12:00:00.000Z', ms: 800 },
  };
}

async function writeCycle(workdir: string, count: number): Promise<void> {
  const store = await createCycle(workdir, { model: 'm', dataset: 'ds' });
  for (let i = 0; i < count; i += 10_000) {
    await store.appendAttempts(Array.from({ length: Math.min(10_000, count - i) }, (_, k) => attemptAt(i + k)));
  }
  await store.close();
}

interface Figures {
  mode: string;
  firstInfoMs?: number;
  secondInfoMs?: number;
  labelMs: number;
  otherLabelMs: number;
  labelTotal: number;
  /** After open and a first page, before the dataset is touched. */
  baseRetainedMb: number;
  retainedMb: number;
  peakRssMb: number;
}

async function measure(src: string, workdir: string, mode: 'info' | 'label'): Promise<void> {
  const { ReviewSession } = (await import(join(src, 'core/review/index.ts'))) as typeof import('../src/core/review');
  const r = await ReviewSession.open(workdir, 1);
  const page = await r.page(0, 2);
  const label = CLASSES[3]!;
  const f: Partial<Figures> = { mode };
  global.gc?.();
  const m0 = process.memoryUsage();
  f.baseRetainedMb = (m0.heapUsed + m0.arrayBuffers) / (1 << 20);
  if (mode === 'info') {
    let t = performance.now();
    const a = await r.samples.info(page.items[0]!.sampleId);
    f.firstInfoMs = performance.now() - t;
    t = performance.now();
    const b = await r.samples.info(page.items[1]!.sampleId);
    f.secondInfoMs = performance.now() - t;
    if (!a?.labels.action || !b?.clip) throw new Error('info() found no record');
  }
  let t = performance.now();
  const filtered = await r.page(0, 50, { label });
  f.labelMs = performance.now() - t;
  f.labelTotal = filtered.total;
  // Another label: the dataset is scanned by now, this is the filter's own pass.
  t = performance.now();
  await r.page(0, 50, { label: CLASSES[4]! });
  f.otherLabelMs = performance.now() - t;
  global.gc?.();
  const m = process.memoryUsage();
  f.retainedMb = (m.heapUsed + m.arrayBuffers) / (1 << 20);
  f.peakRssMb = process.resourceUsage().maxRSS / 1024;
  await r.close();
  console.log(JSON.stringify(f));
}

function child(src: string, workdir: string, mode: string): Figures {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192', __filename, '--measure', src, workdir, mode], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Figures;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') return measure(args[1]!, args[2]!, args[3] as 'info' | 'label');
  const srcs: Array<[string, string]> = [['this', resolve(__dirname, '../src')]];
  const at = args.indexOf('--src');
  if (at !== -1) srcs.unshift(['other', resolve(args[at + 1]!, 'src')]), args.splice(at, 2);
  const counts = args.length ? args.map(Number) : [100_000, 1_000_000];
  const ms = (x: number | undefined): string => (x === undefined ? '-' : `${x.toFixed(0)} ms`);
  for (const count of counts) {
    const dir = mkdtempSync(join(tmpdir(), 'vstar-review-samples-'));
    try {
      const workdir = join(dir, 'vstar');
      await writeDataset(join(workdir, 'datasets', 'ds'), count);
      await writeCycle(workdir, count);
      for (const [name, src] of srcs) {
        for (const mode of ['info', 'label']) {
          const f = child(src, workdir, mode);
          console.log(`${count} records, ${name} src, ${mode}: first info ${ms(f.firstInfoMs)}, second info ${ms(f.secondInfoMs)}, ` +
            `label filter ${ms(f.labelMs)} (${f.labelTotal} match), another label ${ms(f.otherLabelMs)}; ` +
            `retained ${f.retainedMb.toFixed(0)} MB (${(f.retainedMb - f.baseRetainedMb).toFixed(0)} MB more than before the dataset), peak RSS ${f.peakRssMb.toFixed(0)} MB`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

void main();
