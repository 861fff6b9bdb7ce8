import { promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic';
import { JobSpec, JobStatus } from './spec';
import { Target } from './target';

/** Job ids are safe file names and safe shell words (they are still quoted everywhere). */
export const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** What survives a restart: enough to find the job again on its target and ask about it. */
export const JobRecord = z.object({
  id: z.string().regex(JOB_ID),
  target: Target,
  spec: JobSpec,
  createdAt: z.string(),
  /** The per-job folder on the target (absolute). */
  dir: z.string(),
  /** Local and SSH runners: the wrapper's pid, and its start time to tell pid reuse apart. */
  pid: z.number().int().optional(),
  pidStart: z.string().optional(),
  slurmJobId: z.string().optional(),
  cancelRequested: z.boolean().optional(),
  /** Last status seen; a terminal one is final and saves asking again. */
  last: JobStatus.optional(),
});
export type JobRecord = z.infer<typeof JobRecord>;

export function checkJobId(id: string): string {
  if (!JOB_ID.test(id)) throw new Error(`invalid job id ${JSON.stringify(id)}`);
  return id;
}

export function newJobId(name: string, now = new Date()): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'job';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-');
  return `${stamp}-${slug}-${randomBytes(3).toString('hex')}`;
}

/** Job records as `<workdir>/jobs/<id>.json`, each rewritten atomically. */
export class JobStore {
  readonly dir: string;
  constructor(workdir: string) {
    this.dir = join(workdir, 'jobs');
  }

  recordPath(id: string): string {
    return join(this.dir, `${checkJobId(id)}.json`);
  }

  /** The local folder of a job run on this machine (logs, script, inputs, outputs). */
  localJobDir(id: string): string {
    return join(this.dir, checkJobId(id));
  }

  async save(rec: JobRecord): Promise<void> {
    await writeFileAtomic(this.recordPath(rec.id), JSON.stringify(JobRecord.parse(rec), null, 2) + '\n');
  }

  async load(id: string): Promise<JobRecord> {
    const file = this.recordPath(id);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`no job ${id} (no ${file})`);
      throw err;
    }
    return parseRecord(file, text);
  }

  loadSync(id: string): JobRecord {
    const file = this.recordPath(id);
    return parseRecord(file, readFileSync(file, 'utf8'));
  }

  /** Every readable record, newest first; unreadable ones are reported, not fatal. */
  async list(onBad?: (file: string, err: Error) => void): Promise<JobRecord[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: JobRecord[] = [];
    for (const n of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
      const file = join(this.dir, n);
      try {
        out.push(parseRecord(file, await fs.readFile(file, 'utf8')));
      } catch (err) {
        onBad?.(file, err as Error);
      }
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }
}

function parseRecord(file: string, text: string): JobRecord {
  const r = JobRecord.safeParse(JSON.parse(text));
  if (!r.success) throw new Error(`${file}: not a job record: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}
