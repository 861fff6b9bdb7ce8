import type { Command } from 'commander';
import { findConfigFile } from '../../core/config/paths';
import type { Evaluation } from '../../core/cycles/records';
import { listCycles } from '../../core/cycles/workdir';
import { PROGRESS_MARKER } from '../../core/jobs/progress';
import { continueAfterReview, isLoopStage, LOOP_STAGES, runLoop, type LoopStage } from '../../core/loop';
import { UsageError } from '../../core/util/errors';
import { outputFor, table, type Output } from '../output';
import { cliProject } from '../project';
import { makeProgress, type Progress } from '../progress';

/**
 * `vstar cycle run` and `vstar cycle continue`: the self-training loop, headless. Progress
 * is a bar per stage on a terminal; with --json, `VSTAR_PROGRESS` lines on stderr (what the
 * extension's Run Cycles reads) and the result on stdout. Ctrl-C stops cleanly: jobs keep
 * running and the next run re-attaches to them.
 */

const pct = (x: number | undefined): string => (x === undefined ? '-' : (100 * x).toFixed(1));

/** Held-out accuracy per cycle (cycle 0: the starting model), overall, per label type and per field. */
export function evaluationTable(rows: readonly { cycle: number; evaluation?: Evaluation | undefined }[]): string {
  const types = [...new Set(rows.flatMap((r) => Object.keys(r.evaluation?.byLabelType ?? {})))].sort();
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r.evaluation?.byField ?? {})))].sort();
  return table([
    ['cycle', 'overall', ...types.map((t) => `type:${t}`), ...fields],
    ...rows.map((r) => [String(r.cycle), pct(r.evaluation?.overall), ...types.map((t) => pct(r.evaluation?.byLabelType[t])), ...fields.map((f) => pct(r.evaluation?.byField[f]))]),
  ]);
}

/** Rows of the held-out table for every cycle of a project: cycle 0 is cycle 1's baseline. */
export async function evaluationRows(workdir: string): Promise<{ cycle: number; evaluation?: Evaluation }[]> {
  const rows: { cycle: number; evaluation?: Evaluation }[] = [];
  for (const c of await listCycles(workdir)) {
    if (c.state?.baseline) rows.push({ cycle: 0, evaluation: c.state.baseline });
    if (c.state?.evaluation) rows.push({ cycle: c.cycle, evaluation: c.state.evaluation });
  }
  return rows.sort((a, b) => a.cycle - b.cycle);
}

function stageArg(s: string | undefined): LoopStage | undefined {
  if (s === undefined) return undefined;
  if (!isLoopStage(s)) throw new UsageError(`--until must be one of ${LOOP_STAGES.join(', ')} (got "${s}")`);
  return s;
}

export function registerCycleRunCommands(cycle: Command): void {
  cycle
    .command('run')
    .description(
      'Run the self-training loop: per cycle generate → verify → rationalize → (review gate) → export → finetune → evaluate, then the next cycle with the new model. Continues where an earlier run stopped.',
    )
    .option('--cycles <k>', 'complete K cycles, counting an unfinished one this run resumes (default: up to cycles.count in all)')
    .option('--until <stage>', `stop when this stage is done in the run's last cycle (${LOOP_STAGES.join(', ')})`)
    .option('--poll <ms>', 'how often jobs are polled', '500')
    .addHelpText('after', '\nWith --json, progress goes to stderr as `VSTAR_PROGRESS {"done","total","phase","cycle","etaSeconds"}` lines and the result to stdout.')
    .action(async (opts: { cycles?: string; until?: string; poll: string }, cmd: Command) => {
      const out = outputFor(cmd);
      const json = Boolean(cmd.optsWithGlobals().json);
      const configFile = findConfigFile();
      if (!configFile) throw new UsageError('no vstar.yaml here or in a parent folder; run `vstar init` first');
      const cycles = opts.cycles === undefined ? undefined : Number(opts.cycles);
      if (cycles !== undefined && (!Number.isInteger(cycles) || cycles < 1)) throw new UsageError(`--cycles must be a whole number >= 1 (got "${opts.cycles}")`);
      const until = stageArg(opts.until);
      const ac = new AbortController();
      const onSigint = (): void => {
        out.info('\nstopping (jobs keep running; run again to continue)…');
        ac.abort();
      };
      process.once('SIGINT', onSigint);
      process.once('SIGTERM', onSigint);
      let bar: { key: string; p: Progress } | undefined;
      try {
        const result = await runLoop({
          configFile,
          ...(cycles !== undefined ? { cycles } : {}),
          ...(until ? { until } : {}),
          pollMs: Number(opts.poll) || 500,
          signal: ac.signal,
          onEvent: (e) => {
            if (e.kind === 'stage') {
              if (e.status !== 'running') {
                if (bar?.key === `${e.cycle}/${e.stage}`) bar.p.done(e.status);
                else out.info(`cycle ${e.cycle} ${e.stage}: ${e.status}`);
                bar = undefined;
              }
              if (json) progressLine({ done: 0, total: 0, phase: e.stage, cycle: e.cycle, status: e.status });
              return;
            }
            if (e.kind === 'cycle') {
              out.info(cycleLine(e.cycle, e.evaluation, e.baseline, e.yield));
              return;
            }
            if (json) return progressLine({ done: e.done, total: e.total, phase: e.stage, cycle: e.cycle, ...(e.etaSeconds === undefined ? {} : { etaSeconds: e.etaSeconds }) });
            const key = `${e.cycle}/${e.stage}`;
            if (bar?.key !== key) {
              bar?.p.done();
              bar = { key, p: makeProgress(`cycle ${e.cycle} ${e.stage}`) };
            }
            bar.p.update(e.done, e.total);
          },
        });
        bar?.p.done();
        const { workdir } = await cliProject({}, out);
        const rows = await evaluationRows(workdir);
        if (result.completed.length === 0 && !result.stopped) out.info(`nothing to do: ${result.finishedBefore} cycles are finished (cycles.count); pass --cycles K for more`);
        if (result.stopped?.reason === 'review') out.info(`cycle ${result.stopped.cycle} waits for review: review it, then \`vstar cycle continue\` and run again`);
        if (rows.length > 0) out.info('\nheld-out accuracy (%) per cycle (0: the starting model):\n' + evaluationTable(rows));
        out.result({ ...result, evaluations: rows });
      } catch (err) {
        if (ac.signal.aborted) {
          bar?.p.done('stopped');
          out.info('stopped; run `vstar cycle run` again to continue');
          process.exitCode = 130;
          return;
        }
        throw err;
      } finally {
        process.removeListener('SIGINT', onSigint);
        process.removeListener('SIGTERM', onSigint);
      }
    });

  cycle
    .command('continue')
    .argument('[cycle]', 'cycle number (default: the latest)')
    .description('Pass the review gate of a cycle waiting for review (cycles.review: before-export); `vstar cycle run` then exports and finetunes.')
    .option('--workdir <dir>', 'project workdir (default: `workdir` of the nearest vstar.yaml)')
    .action(async (n: string | undefined, opts: { workdir?: string }, cmd: Command) => {
      const out: Output = outputFor(cmd);
      const { workdir } = await cliProject(opts, out);
      if (n !== undefined && !/^[1-9]\d*$/.test(n)) throw new UsageError(`cycle must be a positive whole number (got "${n}")`);
      const c = await continueAfterReview(workdir, n === undefined ? undefined : Number(n));
      out.info(`cycle ${c}: review done; \`vstar cycle run\` continues with the export`);
      out.result({ cycle: c, review: 'done' });
    });
}

function progressLine(p: Record<string, unknown>): void {
  process.stderr.write(`${PROGRESS_MARKER} ${JSON.stringify(p)}\n`);
}

function cycleLine(cycle: number, e: Evaluation | undefined, base: Evaluation | undefined, y: { attempted: number; passedDirect: number; passedAfterRationalization: number; failed: number }): string {
  const acc = (x: Evaluation | undefined): string => (x ? `${pct(x.overall)}%` : '-');
  return (
    `cycle ${cycle} done: kept ${y.passedDirect} direct + ${y.passedAfterRationalization} rationalized of ${y.attempted} samples; ` +
    `held-out ${base ? `${acc(base)} → ` : ''}${acc(e)}`
  );
}
