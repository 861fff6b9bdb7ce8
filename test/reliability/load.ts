// The load run shared by bench/reliability-load.bench.ts (1M samples) and load.test.ts
// (100k): a synthetic cycle through `vstar verify --output` and `vstar export --cycle` in
// fresh CLI processes, each one's peak RSS against the store benchmark's bound, then 100k
// decisions in the review log and a review session opened and one decision applied.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCycle } from '../../src/core/cycles';
import { ReviewSession } from '../../src/core/review';
import { buildCli, syntheticCycle } from './support';

export const BOUND_MB = 400;
const MB = 1 << 20;

/** Runs the CLI in a fresh process and reports its exit code, wall time and peak RSS. */
function measure(cli: string, hook: string, args: string[]): { code: number | null; ms: number; rssMb: number; stderr: string } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--require', hook, cli, ...args], { encoding: 'utf8', maxBuffer: 64 * MB });
  const m = /VSTAR_MAXRSS_KB (\d+)/.exec(r.stderr);
  return { code: r.status, ms: Date.now() - t0, rssMb: m ? Number(m[1]) / 1024 : NaN, stderr: r.stderr.replace(/VSTAR_MAXRSS_KB \d+\n?/, '').slice(0, 500) };
}

export interface LoadFigures {
  samples: number;
  boundMb: number;
  verify: { ms: number; peakRssMb: number; ok: boolean };
  export: { ms: number; peakRssMb: number; ok: boolean };
  /** The same-run baseline: a fresh process reading attempts.jsonl line by line with JSON.parse. */
  baseline: { ms: number; peakRssMb: number };
  review: { attempts: number; decisions: number; openMs: number; decideMs: number };
}

/** The load run of bench/reliability-load.bench.ts (and, smaller, of load.test.ts); logs a line per step. */
export async function runLoad(n: number, log: (line: string) => void = console.log): Promise<LoadFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-load-'));
  try {
    const cli = buildCli(dir);
    const hook = join(dir, 'maxrss.cjs');
    writeFileSync(hook, "process.on('exit', () => process.stderr.write('VSTAR_MAXRSS_KB ' + process.resourceUsage().maxRSS + '\\n'));\n");
    const wd = join(dir, 'vstar');
    let t = Date.now();
    await syntheticCycle(wd, n);
    const attemptsMb = statSync(join(wd, 'cycles', '1', 'attempts.jsonl')).size / MB;
    log(`wrote a ${n}-sample cycle in ${((Date.now() - t) / 1000).toFixed(1)} s (attempts ${attemptsMb.toFixed(0)} MB)`);

    const input = join(dir, 'verify.jsonl');
    await new Promise<void>((resolve) => {
      const ws = createWriteStream(input);
      let i = 0;
      const pump = (): void => {
        while (i < n) {
          const line = `{"id":"v${i}","question":"What is shown?","answer":"Step 1: I look. So the answer is label${i % 50}.","labels":[{"type":"class","value":"label${i % 47}"}]}\n`;
          i++;
          if (!ws.write(line)) return void ws.once('drain', pump);
        }
        ws.end(resolve);
      };
      pump();
    });
    const verify = measure(cli, hook, ['verify', '--input', input, '--output', join(dir, 'verdicts.jsonl')]);
    log(`verify  ${n} lines: exit ${verify.code}, ${(verify.ms / 1000).toFixed(1)} s, peak RSS ${verify.rssMb.toFixed(0)} MB  bound ${BOUND_MB} MB: ${verify.rssMb <= BOUND_MB ? 'PASS' : 'FAIL'} ${verify.code ? verify.stderr : ''}`);
    const exp = measure(cli, hook, ['export', '--cycle', '1', '--format', 'metadata', '--workdir', wd, '--out', join(dir, 'out')]);
    // Baseline: the least any export does, reading every attempt once (readline + JSON.parse).
    const reader = join(dir, 'read-attempts.cjs');
    writeFileSync(reader, "const rl = require('readline').createInterface({ input: require('fs').createReadStream(process.argv[2]) }); let n = 0; rl.on('line', (l) => { if (JSON.parse(l).id) n++; }); rl.on('close', () => console.log(n));\n");
    const base = measure(reader, hook, [join(wd, 'cycles', '1', 'attempts.jsonl')]);
    log(`export  ${n} samples: exit ${exp.code}, ${(exp.ms / 1000).toFixed(1)} s (${(exp.ms / base.ms).toFixed(1)}x the baseline), peak RSS ${exp.rssMb.toFixed(0)} MB  bound ${BOUND_MB} MB: ${exp.rssMb <= BOUND_MB ? 'PASS' : 'FAIL'} ${exp.code ? exp.stderr : ''}`);
    log(`baseline: reading attempts.jsonl with JSON.parse per line took ${(base.ms / 1000).toFixed(1)} s, peak RSS ${base.rssMb.toFixed(0)} MB`);

    // 100k decisions in the review log, then open a session and apply one more.
    const decisions = Math.min(100_000, n);
    const store = await openCycle(wd, 1, { write: true });
    t = Date.now();
    for (let k = 0; k < decisions; k += 10_000) {
      await store.appendReviews(Array.from({ length: Math.min(10_000, decisions - k) }, (_, j) => ({ attemptId: `c1/answer/0/r${k + j}`, decision: (k + j) % 3 === 0 ? ('reject' as const) : ('accept' as const) })));
    }
    await store.close();
    log(`review log: ${decisions} decisions appended in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
    const session = await ReviewSession.open(wd, 1);
    const page = await session.page(0, 50, { verdict: 'failed' });
    const counts = session.counts();
    const openMs = Date.now() - t;
    t = Date.now();
    await session.decide([page.items[0]!.id], page.items[0]!.decision === 'accept' ? 'reject' : 'accept');
    const after = session.counts();
    const decideMs = Date.now() - t;
    await session.close();
    log(`review session over ${counts.total} attempts / ${decisions} decisions: open + first page + counts ${openMs} ms, one decision applied (fsync'd) ${decideMs} ms; accepted ${counts.accepted} -> ${after.accepted}, rejected ${counts.rejected} -> ${after.rejected}`);
    return {
      samples: n,
      boundMb: BOUND_MB,
      verify: { ms: verify.ms, peakRssMb: Math.round(verify.rssMb), ok: verify.code === 0 && verify.rssMb <= BOUND_MB },
      export: { ms: exp.ms, peakRssMb: Math.round(exp.rssMb), ok: exp.code === 0 && exp.rssMb <= BOUND_MB },
      baseline: { ms: base.ms, peakRssMb: Math.round(base.rssMb) },
      review: { attempts: counts.total, decisions, openMs, decideMs },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

