import { posixJoin } from './host';
import { checkEnvName, shJoin, shQuote } from './quote';
import type { JobSpec } from './spec';

/**
 * The job wrapper every runner writes into the job's folder as `job.sh`. Every value from
 * the spec (paths, argv, env) goes through `shQuote`; the only unquoted words are our own
 * constants and shell variables we set. It writes the exit code to `exit_code` (and
 * `exit_code.<task>` for arrays) through a temp file and a rename, so a status reader sees
 * either nothing or the whole number.
 *
 * mode `plain` (local and SSH runners): logs go to stdout.log / stderr.log, the wrapper
 * records `pid` ("<pid> <start time>"), and array tasks run one after another.
 * mode `slurm`: Slurm owns stdout/stderr (--output/--error) and runs array tasks; the
 * task index comes from SLURM_ARRAY_TASK_ID.
 */
export type ScriptMode = 'plain' | 'slurm';

export const SCRIPT_NAME = 'job.sh';

export function renderJobScript(spec: JobSpec, dir: string, mode: ScriptMode): string {
  const q = shQuote;
  const lines = ['#!/bin/sh', '# written by vstar: the job wrapper (see src/core/jobs/script.ts)', `cd ${q(dir)} || exit 97`];
  if (mode === 'plain') {
    lines.push(`exec >>${q(posixJoin(dir, 'stdout.log'))} 2>>${q(posixJoin(dir, 'stderr.log'))} </dev/null`);
    // pid and its start time (field 22 of /proc/<pid>/stat) tell a live job from pid reuse
    lines.push(`printf '%s %s\\n' "$$" "$(cut -d' ' -f22 /proc/$$/stat 2>/dev/null)" > pid.tmp && mv pid.tmp pid`);
  }
  lines.push(`VSTAR_JOB_DIR=${q(dir)}; export VSTAR_JOB_DIR`);
  // names only (checked words): their values come from the submitter's environment, never from this file
  if (spec.secretEnv.length > 0) lines.push(`# secret env, from the submitter (not written here): ${spec.secretEnv.map(checkEnvName).join(' ')}`);
  for (const [k, v] of Object.entries(spec.env)) lines.push(`${checkEnvName(k)}=${q(v)}; export ${k}`);
  if (spec.cwd) lines.push(`cd ${q(spec.cwd.startsWith('/') ? spec.cwd : posixJoin(dir, spec.cwd))} || exit 97`);
  const cmd = shJoin(spec.command);
  const record = (file: string, v: string) => `printf '%s\\n' ${v} > ${q(posixJoin(dir, file))}.tmp && mv ${q(posixJoin(dir, file))}.tmp ${q(posixJoin(dir, file))}`;
  const array = spec.resources.array;
  if (!array) {
    lines.push(cmd, 'code=$?', record('exit_code', '"$code"'), 'exit $code');
  } else if (mode === 'slurm') {
    lines.push(
      `VSTAR_NUM_SHARDS=${array.count}; export VSTAR_NUM_SHARDS`,
      'VSTAR_SHARD=${SLURM_ARRAY_TASK_ID:-0}; export VSTAR_SHARD',
      cmd,
      'code=$?',
      `printf '%s\\n' "$code" > ${q(dir)}/exit_code."$VSTAR_SHARD".tmp && mv ${q(dir)}/exit_code."$VSTAR_SHARD".tmp ${q(dir)}/exit_code."$VSTAR_SHARD"`,
      'exit $code',
    );
  } else {
    lines.push(
      `VSTAR_NUM_SHARDS=${array.count}; export VSTAR_NUM_SHARDS`,
      'worst=0; i=0',
      `while [ "$i" -lt ${array.count} ]; do`,
      '  VSTAR_SHARD=$i; export VSTAR_SHARD',
      `  echo "VSTAR_TASK {\\"task\\": $i}"`,
      `  ${cmd}`,
      '  code=$?',
      `  printf '%s\\n' "$code" > ${q(dir)}/exit_code."$i".tmp && mv ${q(dir)}/exit_code."$i".tmp ${q(dir)}/exit_code."$i"`,
      '  [ "$code" -ne 0 ] && worst=$code',
      '  i=$((i + 1))',
      'done',
      record('exit_code', '"$worst"'),
      'exit $worst',
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Status probe, a constant script taking the job folder as $1 (so no value is ever spliced
 * into it). Prints `exit N`, `task I N` per finished array task, and `pid P alive|gone`.
 */
export const STATUS_SH = `d=$1
e=0
[ -f "$d/exit_code" ] && e=1 && echo "exit $(cat "$d/exit_code")"
for f in "$d"/exit_code.*; do
  case "$f" in *.tmp) continue;; esac
  [ -f "$f" ] && echo "task \${f##*.} $(cat "$f")"
done
if [ -f "$d/pid" ]; then
  read -r p s < "$d/pid"
  # fields 3 and 22: state and start time; a zombie (Z, unreaped in containers) has ended
  st=$(cut -d' ' -f3,22 /proc/$p/stat 2>/dev/null)
  if [ -n "$p" ] && [ -n "$st" ] && [ "\${st#* }" = "$s" ] && [ "\${st%% *}" != Z ]; then echo "pid $p alive"
  elif [ -n "$p" ] && [ -z "$s" ] && kill -0 "$p" 2>/dev/null; then echo "pid $p alive"
  else
    # It may have recorded its exit code after the first look: look again now it is gone.
    [ $e = 0 ] && [ -f "$d/exit_code" ] && echo "exit $(cat "$d/exit_code")"
    echo "pid $p gone"
  fi
fi
true`;

/** Cancel probe: $1 job folder. Signals the wrapper's whole process group if it is still ours. */
export const CANCEL_SH = `d=$1
[ -f "$d/pid" ] || { echo "no pid"; exit 0; }
read -r p s < "$d/pid"
if [ -n "$s" ] && [ "$(cut -d' ' -f22 /proc/$p/stat 2>/dev/null)" != "$s" ]; then echo gone; exit 0; fi
kill -TERM "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || { echo gone; exit 0; }
echo signalled`;

export interface ProbeResult {
  exitCode?: number;
  tasks: Map<number, number>;
  pid?: number;
  alive?: boolean;
}

export function parseProbe(out: string): ProbeResult {
  const r: ProbeResult = { tasks: new Map() };
  for (const line of out.split('\n')) {
    const w = line.trim().split(/\s+/);
    if (w[0] === 'exit' && /^\d+$/.test(w[1] ?? '')) r.exitCode = Number(w[1]);
    else if (w[0] === 'task' && /^\d+$/.test(w[1] ?? '') && /^\d+$/.test(w[2] ?? '')) r.tasks.set(Number(w[1]), Number(w[2]));
    else if (w[0] === 'pid' && /^\d+$/.test(w[1] ?? '')) {
      r.pid = Number(w[1]);
      r.alive = w[2] === 'alive';
    }
  }
  return r;
}
