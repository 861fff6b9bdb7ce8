import { posixJoin } from './host';
import { SCRIPT_NAME } from './script';
import type { JobSpec } from './spec';

/**
 * The sbatch command for a job, as argv. Options go on the command line rather than in
 * `#SBATCH` lines: sbatch parses directives with its own double-quote/backslash/`#`
 * rules, so our single quoting could not protect them there. Over SSH the argv is quoted
 * by `shJoin` like every other command; locally it is spawned without a shell.
 */
export function sbatchArgv(spec: JobSpec, dir: string): string[] {
  if (/[%\\]/.test(dir)) throw new Error(`Slurm job folder ${dir} contains % or \\, which Slurm expands in --output paths; choose another remoteDir`);
  const r = spec.resources;
  const a = r.array;
  const argv = ['sbatch', '--parsable', `--job-name=${spec.name}`, `--chdir=${dir}`];
  argv.push(`--output=${posixJoin(dir, a ? 'stdout-%a.log' : 'stdout.log')}`, `--error=${posixJoin(dir, a ? 'stderr-%a.log' : 'stderr.log')}`);
  if (r.partition) argv.push(`--partition=${r.partition}`);
  if (r.account) argv.push(`--account=${r.account}`);
  if (r.gpus) argv.push(`--gres=gpu:${r.gpus}`);
  if (r.time) argv.push(`--time=${r.time}`);
  if (r.cpus) argv.push(`--cpus-per-task=${r.cpus}`);
  if (r.mem) argv.push(`--mem=${r.mem}`);
  if (a) argv.push(`--array=0-${a.count - 1}${a.parallel ? `%${a.parallel}` : ''}`);
  // Secrets reach the job through sbatch's environment (never the script): make sure a
  // SBATCH_EXPORT=NONE in the submitting environment cannot drop them.
  if (spec.secretEnv.length > 0) argv.push('--export=ALL');
  argv.push(posixJoin(dir, SCRIPT_NAME));
  return argv;
}
