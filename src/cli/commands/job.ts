import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { badSecretName, createRunner, isTerminal, JobStore, looksSecret, runnerForJob, secretEnvAdvice, targetLabel, type JobSpecInput, type JobStatus, type Runner, type Target } from '../../core/jobs';
import { targetFromConfig, withDefaults } from '../../core/jobs/from-config';
import { parseProgressLine } from '../../core/jobs/progress';
import { UsageError } from '../../core/util/errors';
import { outputFor, table, type Output } from '../output';
import { cliProject } from '../project';

const collect = (v: string, prev: string[] = []) => [...prev, v];

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number (got "${v}")`);
  return Number(v);
}

interface SubmitOpts {
  workdir?: string;
  target?: string;
  spec?: string;
  name?: string;
  kind?: string;
  env?: string[];
  secretEnv?: string[];
  input?: string[];
  output?: string[];
  cwd?: string;
  gpus?: string;
  cpus?: string;
  mem?: string;
  time?: string;
  partition?: string;
  array?: string;
}

/**
 * A spec from --spec (JSON) overlaid with flags and the trailing command. A secret-looking
 * name given a value (--env HF_TOKEN=…, or env in the spec file) is refused: that value
 * would be written into job.sh and the job record. Secrets go by name (--secret-env).
 */
function specFrom(opts: SubmitOpts, command: string[]): JobSpecInput {
  const base = (opts.spec ? JSON.parse(readFileSync(opts.spec, 'utf8')) : {}) as Partial<JobSpecInput>;
  const env = { ...(base.env ?? {}) };
  for (const name of Object.keys(env)) if (looksSecret(name)) throw new UsageError(`${opts.spec}: env: ${secretEnvAdvice(name)} (or list it in secretEnv)`);
  for (const kv of opts.env ?? []) {
    const at = kv.indexOf('=');
    // the argument itself is not echoed: it may be a token given without its NAME=
    if (at <= 0) throw new UsageError('--env takes NAME=VALUE (one argument had no NAME= before its value)');
    const name = kv.slice(0, at);
    if (looksSecret(name)) throw new UsageError(`--env ${name}=…: ${secretEnvAdvice(name)}`);
    env[name] = kv.slice(at + 1);
  }
  const inputs = [...(base.inputs ?? [])];
  for (const io of opts.input ?? []) {
    const at = io.lastIndexOf(':');
    if (at <= 0) throw new UsageError(`--input takes LOCAL:REMOTE (got "${io}")`);
    inputs.push({ local: resolve(io.slice(0, at)), remote: io.slice(at + 1) });
  }
  let array = base.resources?.array;
  if (opts.array) {
    const m = opts.array.match(/^(\d+)(?:%(\d+))?$/);
    if (!m) throw new UsageError(`--array takes COUNT or COUNT%PARALLEL (got "${opts.array}")`);
    array = { count: Number(m[1]), ...(m[2] ? { parallel: Number(m[2]) } : {}) };
  }
  const cmd = command.length ? command : base.command;
  if (!cmd?.length) throw new UsageError('no command: give it after `--` (e.g. vstar job submit -- python train.py) or in --spec');
  const r = base.resources ?? {};
  return {
    name: opts.name ?? base.name ?? (cmd[0]!.split('/').pop() || 'job'),
    kind: (opts.kind ?? base.kind ?? 'custom') as JobSpecInput['kind'],
    command: cmd,
    env,
    secretEnv: [...new Set([...(base.secretEnv ?? []), ...(opts.secretEnv ?? [])])],
    ...(opts.cwd ?? base.cwd ? { cwd: opts.cwd ?? base.cwd } : {}),
    inputs,
    outputs: [...(base.outputs ?? []), ...(opts.output ?? [])],
    resources: {
      ...r,
      ...(opts.gpus !== undefined ? { gpus: int('gpus', opts.gpus) } : {}),
      ...(opts.cpus !== undefined ? { cpus: int('cpus', opts.cpus) } : {}),
      ...(opts.mem ? { mem: opts.mem } : {}),
      ...(opts.time ? { time: opts.time } : {}),
      ...(opts.partition ? { partition: opts.partition } : {}),
      ...(array ? { array } : {}),
    },
  };
}

/** Values of the spec's secret names, read from this process's environment (never from an argument). */
function secretsFor(spec: JobSpecInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of spec.secretEnv ?? []) {
    const bad = badSecretName(name);
    if (bad) throw new UsageError(`--secret-env takes a variable's NAME: one argument ${bad}`);
    const v = process.env[name];
    if (v === undefined) throw new UsageError(`--secret-env ${name}: ${name} is not set in this environment; export it before submitting`);
    out[name] = v;
  }
  return out;
}

function describe(s: JobStatus): string {
  const tail = s.exitCode !== undefined ? ` (exit ${s.exitCode})` : '';
  const tasks = s.tasks ? ` tasks: ${s.tasks.map((t) => `${t.index}:${t.state}`).join(' ')}` : '';
  return `${s.state}${tail}${s.detail ? ` — ${s.detail}` : ''}${tasks}`;
}

async function withRunner<T>(workdir: string, id: string, f: (r: Awaited<ReturnType<typeof runnerForJob>>) => Promise<T>): Promise<T> {
  const runner = await runnerForJob(workdir, id);
  try {
    return await f(runner);
  } finally {
    await runner.close();
  }
}

function fail(out: Output, err: unknown): void {
  out.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
}

const WORKDIR_OPTION = ['--workdir <dir>', 'project workdir (default: `workdir` of the nearest vstar.yaml)'] as const;

/** `job status` and `job cancel`: ask the job's own runner, print the status it answers. */
function statusCommand(job: Command, name: string, description: string, ask: (r: Runner, id: string) => Promise<JobStatus>): void {
  job
    .command(name)
    .description(description)
    .argument('<id>', 'job id')
    .option(...WORKDIR_OPTION)
    .action(async (id: string, opts: { workdir?: string }, cmd: Command) => {
      const out = outputFor(cmd);
      const { workdir } = await cliProject(opts, out);
      try {
        const s = await withRunner(workdir, id, (r) => ask(r, id));
        out.info(`${id}  ${describe(s)}`);
        out.result(s);
      } catch (err) {
        fail(out, err);
      }
    });
}

/** vstar job submit | status | logs | cancel | list | fetch */
export function registerJobCommands(program: Command): void {
  const job = program.command('job').description('Run and watch jobs on compute targets (local, ssh, slurm)');
  const wd = WORKDIR_OPTION;

  job
    .command('submit')
    .description('Submit a command (after --) as a job; prints its id')
    .argument('[command...]', 'the program and its arguments (argv; never run through a shell)')
    .option(...wd)
    .option('--target <name>', 'a target from vstar.yaml `targets` (default: the project\'s `target`, else this machine)')
    .option('--spec <file>', 'a JobSpec JSON file; flags override its fields')
    .option('--name <name>', 'job name')
    .option('--kind <kind>', 'generate | finetune | evaluate | custom', 'custom')
    .option('--env <NAME=VALUE>', 'environment variable, written into job.sh and the job record; names with TOKEN, KEY, SECRET or PASSWORD are refused (repeatable)', collect)
    .option('--secret-env <NAME>', "pass this environment variable's value (a token) to the job from the submitting environment, never writing it down (repeatable)", collect)
    .option('--input <local:remote>', 'copy a file or folder into the job folder (repeatable)', collect)
    .option('--output <path>', 'a path in the job folder to fetch afterwards (repeatable)', collect)
    .option('--cwd <dir>', 'working directory on the target (default: the job folder)')
    .option('--gpus <n>', 'GPUs (Slurm --gres=gpu:N)')
    .option('--cpus <n>', 'CPUs per task')
    .option('--mem <size>', 'memory, e.g. 16G')
    .option('--time <limit>', 'time limit, e.g. 1:00:00')
    .option('--partition <name>', 'Slurm partition')
    .option('--array <count[%parallel]>', 'sharded job: tasks get VSTAR_SHARD / VSTAR_NUM_SHARDS')
    .action(async (command: string[], opts: SubmitOpts, cmd: Command) => {
      const out = outputFor(cmd);
      const p = await cliProject(opts, out);
      const name = opts.target ?? p.config?.cycles?.target;
      let target: Target = { kind: 'local' };
      let spec = specFrom(opts, command);
      if (name) {
        if (!p.config) throw new UsageError('--target needs a vstar.yaml');
        const t = targetFromConfig(p.config.targets, name);
        target = t.target;
        spec = { ...spec, resources: withDefaults(spec.resources, t.defaults) };
      }
      const secrets = secretsFor(spec);
      const runner = createRunner(target, p.workdir);
      try {
        const h = await runner.submit(spec, { secrets });
        out.info(`${h.id}  submitted to ${targetLabel(target)}${h.record.slurmJobId ? ` (Slurm job ${h.record.slurmJobId})` : ''}`);
        out.result({ id: h.id, target: targetLabel(target), dir: h.record.dir, slurmJobId: h.record.slurmJobId });
      } finally {
        await runner.close();
      }
    });

  statusCommand(job, 'status', "Show a job's state (asks its target)", (r, id) => r.status(id));

  job
    .command('logs')
    .description("Print a job's log lines; --follow keeps going until it ends")
    .argument('<id>', 'job id')
    .option(...wd)
    .option('-f, --follow', 'wait for new lines until the job ends')
    .option('--stream <which>', 'stdout | stderr | all', 'all')
    .option('--task <n>', 'array jobs: only this task')
    .option('--progress', 'print only the progress lines, as JSON')
    .action(async (id: string, opts: { workdir?: string; follow?: boolean; stream: string; task?: string; progress?: boolean }, cmd: Command) => {
      if (!['stdout', 'stderr', 'all'].includes(opts.stream)) throw new UsageError('--stream must be stdout, stderr or all');
      const out = outputFor(cmd);
      const { workdir } = await cliProject(opts, out);
      const ac = new AbortController();
      const stop = () => ac.abort();
      process.once('SIGINT', stop);
      try {
        await withRunner(workdir, id, async (r) => {
          for await (const line of r.logs(id, { follow: opts.follow, stream: opts.stream as 'all', task: int('task', opts.task), signal: ac.signal })) {
            if (!opts.progress) process.stdout.write(line + '\n');
            else {
              const p = parseProgressLine(line);
              if (p) process.stdout.write(JSON.stringify(p) + '\n');
            }
          }
        });
      } catch (err) {
        fail(out, err);
      } finally {
        process.removeListener('SIGINT', stop);
      }
    });

  statusCommand(job, 'cancel', 'Stop a job', (r, id) => r.cancel(id));

  job
    .command('fetch')
    .description("Copy a job's declared outputs into a folder")
    .argument('<id>', 'job id')
    .argument('[dest]', 'destination folder', '.')
    .option(...wd)
    .action(async (id: string, dest: string, opts: { workdir?: string }, cmd: Command) => {
      const out = outputFor(cmd);
      const { workdir } = await cliProject(opts, out);
      const f = await withRunner(workdir, id, (r) => r.fetchArtifacts(id, dest));
      for (const p of f.fetched) out.info(`fetched ${p}`);
      for (const p of f.missing) out.error(`missing on the target: ${p}`);
      if (f.missing.length) process.exitCode = 1;
      out.result(f);
    });

  job
    .command('list')
    .description('List the jobs of this project (last known states; --refresh asks the targets)')
    .option(...wd)
    .option('--refresh', 'ask each unfinished job\'s target for its state')
    .action(async (opts: { workdir?: string; refresh?: boolean }, cmd: Command) => {
      const out = outputFor(cmd);
      const { workdir } = await cliProject(opts, out);
      const store = new JobStore(workdir);
      const recs = await store.list((file, err) => out.error(`${file}: ${err.message}`));
      const rows = [];
      for (const rec of recs) {
        let state = rec.last?.state ?? 'submitted';
        if (opts.refresh && !(rec.last && isTerminal(rec.last.state))) {
          try {
            state = (await withRunner(workdir, rec.id, (r) => r.status(rec.id))).state;
          } catch (err) {
            state = `? (${err instanceof Error ? err.message : String(err)})`;
          }
        }
        rows.push({ id: rec.id, name: rec.spec.name, kind: rec.spec.kind, target: targetLabel(rec.target), state, createdAt: rec.createdAt });
      }
      if (rows.length === 0) out.info('no jobs');
      else out.info(table([['ID', 'NAME', 'KIND', 'TARGET', 'STATE'], ...rows.map((r) => [r.id, r.name.replace(/\s+/g, ' '), r.kind, r.target, r.state])]));
      out.result(rows);
    });
}
