import type { JobState } from './spec';

/**
 * Reading Slurm's answers. Three sources, best first: `sacct` (needs slurmdbd; real
 * clusters have it), `squeue -t all -r` (only while the controller remembers the job,
 * MinJobAge), `scontrol show job`. Each yields rows of (job id, array task, state, exit).
 */
export interface SlurmRow {
  jobId: string;
  /** Array task index; undefined for a plain job. */
  task?: number;
  /** Slurm's state word, e.g. RUNNING, CANCELLED, OUT_OF_MEMORY. */
  raw: string;
  state: JobState;
  exitCode?: number;
}

const PENDING = ['PENDING', 'CONFIGURING', 'REQUEUED', 'REQUEUE_FED', 'REQUEUE_HOLD', 'RESV_DEL_HOLD', 'SUSPENDED', 'STOPPED'];
const RUNNING = ['RUNNING', 'COMPLETING', 'STAGE_OUT', 'SIGNALING', 'RESIZING', 'SPECIAL_EXIT'];
const FAILED = ['FAILED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED', 'REVOKED'];

export function mapSlurmState(raw: string): JobState {
  const w = raw.trim().split(/\s+/)[0]!.replace(/\+$/, '').toUpperCase(); // "CANCELLED by 0", "CANCELLED+"
  if (PENDING.includes(w)) return 'pending';
  if (RUNNING.includes(w)) return 'running';
  if (w === 'COMPLETED') return 'completed';
  if (w === 'CANCELLED') return 'cancelled';
  if (FAILED.includes(w)) return 'failed';
  return 'unknown';
}

/** `123`, `123_4`, `123_[0-3,7%2]` → the job id and the task indexes it stands for. */
export function splitJobId(id: string): { jobId: string; tasks?: number[] } {
  const m = id.trim().match(/^(\d+)(?:_(\d+|\[[^\]]*\]))?/);
  if (!m) return { jobId: id.trim() };
  const jobId = m[1]!;
  const t = m[2];
  if (t === undefined) return { jobId };
  if (/^\d+$/.test(t)) return { jobId, tasks: [Number(t)] };
  const tasks: number[] = [];
  for (const part of t.slice(1, -1).split('%')[0]!.split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || Number.isNaN(a)) continue;
    for (let i = a; i <= (b === undefined || Number.isNaN(b) ? a : b) && tasks.length < 100000; i++) tasks.push(i);
  }
  return { jobId, tasks };
}

function exitOf(s: string | undefined): number | undefined {
  const m = s?.match(/^(\d+):(\d+)$/);
  if (!m) return undefined;
  // "0:9" = killed by signal 9: report it as the shell would, 128 + signal
  return Number(m[2]) !== 0 && Number(m[1]) === 0 ? 128 + Number(m[2]) : Number(m[1]);
}

function rowsFor(id: string, raw: string, exit?: number): SlurmRow[] {
  const { jobId, tasks } = splitJobId(id);
  const base = { jobId, raw: raw.trim().split(/\s+/)[0]!, state: mapSlurmState(raw), ...(exit !== undefined ? { exitCode: exit } : {}) };
  return tasks ? tasks.map((task) => ({ ...base, task })) : [base];
}

/** `sacct -n -P -X -o JobID,State,ExitCode` output. */
export function parseSacct(out: string): SlurmRow[] {
  return out
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      const [id, state, exit] = l.split('|');
      return id && state ? rowsFor(id, state, exitOf(exit)) : [];
    });
}

/** `squeue -h -r -t all -o %i|%T` output. */
export function parseSqueue(out: string): SlurmRow[] {
  return out
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      const [id, state] = l.split('|');
      return id && state ? rowsFor(id, state) : [];
    });
}

/** `scontrol show job -o ID`: one line per job (or array task) of Key=Value words. */
export function parseScontrol(out: string): SlurmRow[] {
  const rows: SlurmRow[] = [];
  for (const line of out.split('\n')) {
    const kv = new Map<string, string>();
    for (const m of line.matchAll(/(\w+)=(\S*)/g)) if (!kv.has(m[1]!)) kv.set(m[1]!, m[2]!);
    const jobId = kv.get('ArrayJobId') ?? kv.get('JobId');
    const state = kv.get('JobState');
    if (!jobId || !state) continue;
    const task = kv.get('ArrayTaskId');
    const id = task !== undefined && task !== '' ? `${jobId}_${/^\d+$/.test(task) ? task : `[${task}]`}` : jobId;
    rows.push(...rowsFor(id, state, exitOf(kv.get('ExitCode'))));
  }
  return rows;
}

/** sbatch --parsable prints `ID` or `ID;cluster`. */
export function parseSbatchId(out: string): string {
  const m = out.trim().match(/^(\d+)(?:;\S+)?$/m);
  if (!m) throw new Error(`could not read a job id from sbatch's output: ${JSON.stringify(out.trim())}`);
  return m[1]!;
}
