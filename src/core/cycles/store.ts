import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic';
import { InputError } from '../util/errors';
import { AppendLog, type AppendLogOptions } from './append-log';
import { AttemptIndex } from './attempt-index';
import { readLines, parseLine } from './lines';
import { FileLock } from './lock';
import { computeCounts, readReviews, type CycleCounts } from './status';
import { VerdictTable } from './verdict-table';
import {
  AttemptRecord,
  CycleState,
  ReviewRecord,
  VerdictRecord,
  attemptId,
  serializeAttempt,
  serializeReview,
  serializeState,
  serializeVerdict,
} from './records';

/** File names inside `<workdir>/cycles/<N>/`. */
export const CYCLE_FILES = {
  state: 'state.json',
  attempts: 'attempts.jsonl',
  verdicts: 'verdicts.jsonl',
  reviews: 'reviews.jsonl',
  exports: 'exports',
} as const;

/** An attempt to append: `id` defaults to `attemptId(...)`, `cycle` and `model` to the cycle's. */
export type AttemptInput = Omit<AttemptRecord, 'id' | 'cycle' | 'model'> & { id?: string; cycle?: number; model?: string };
export type VerdictInput = Omit<VerdictRecord, 'cycle'> & { cycle?: number };
export type ReviewInput = Omit<ReviewRecord, 'cycle' | 'at'> & { cycle?: number; at?: string };

export interface CycleStatus {
  cycle: number;
  model: string;
  parentModel?: string;
  dataset: string;
  createdAt: string;
  stages: CycleState['stages'];
  counts: CycleCounts;
}

type LogName = 'attempts' | 'verdicts' | 'reviews';

/**
 * One cycle's folder: its state file and its three append-only logs. Safe to use from
 * several processes at once (see AppendLog); readers never see half a record.
 */
export class CycleStore {
  private writers = new Map<LogName, Promise<AppendLog>>();
  private ix: AttemptIndex | undefined;
  private vt: VerdictTable | undefined;

  private constructor(
    readonly dir: string,
    readonly cycle: number,
    private state: CycleState,
    private readonly opts: AppendLogOptions,
  ) {}

  /** Opens an existing cycle folder; `write` opens (and so repairs) its logs right away. */
  static async open(dir: string, opts: AppendLogOptions & { write?: boolean } = {}): Promise<CycleStore> {
    const state = await loadState(join(dir, CYCLE_FILES.state));
    const store = new CycleStore(dir, state.cycle, state, opts);
    if (opts.write) await Promise.all((['attempts', 'verdicts', 'reviews'] as const).map((n) => store.writer(n)));
    return store;
  }

  path(name: keyof typeof CYCLE_FILES): string {
    return join(this.dir, CYCLE_FILES[name]);
  }

  /** Bytes of torn tails cut when this store's writers opened their logs. */
  get repairedBytes(): Promise<number> {
    return Promise.all([...this.writers.values()]).then((ws) => ws.reduce((a, w) => a + w.repairedBytes, 0));
  }

  async appendAttempts(inputs: readonly AttemptInput[]): Promise<AttemptRecord[]> {
    const records = inputs.map((a) => {
      this.checkCycle(a.cycle);
      return AttemptRecord.parse({ ...a, cycle: this.cycle, model: a.model ?? this.state.model, id: a.id ?? attemptId(this.cycle, a.sampleId, a.stage, a.try) });
    });
    await (await this.writer('attempts')).append(records.map(serializeAttempt));
    return records;
  }

  /**
   * Appends attempts that are already whole, checked records of this cycle (the loop's
   * ingest of worker output checks each line as it reads it): no second parse.
   */
  async appendCheckedAttempts(records: readonly AttemptRecord[]): Promise<void> {
    for (const r of records) this.checkCycle(r.cycle);
    await (await this.writer('attempts')).append(records.map(serializeAttempt));
  }

  /** Appends verdicts built by the core's own verifier for this cycle: no second parse. */
  async appendCheckedVerdicts(records: readonly VerdictRecord[]): Promise<void> {
    for (const r of records) this.checkCycle(r.cycle);
    await (await this.writer('verdicts')).append(records.map(serializeVerdict));
  }

  async appendVerdicts(inputs: readonly VerdictInput[]): Promise<VerdictRecord[]> {
    const records = inputs.map((v) => {
      this.checkCycle(v.cycle);
      return VerdictRecord.parse({ ...v, cycle: this.cycle });
    });
    await (await this.writer('verdicts')).append(records.map(serializeVerdict));
    return records;
  }

  async appendReviews(inputs: readonly ReviewInput[]): Promise<ReviewRecord[]> {
    const now = new Date().toISOString();
    const records = inputs.map((r) => {
      this.checkCycle(r.cycle);
      return ReviewRecord.parse({ ...r, cycle: this.cycle, at: r.at ?? now });
    });
    await (await this.writer('reviews')).append(records.map(serializeReview));
    return records;
  }

  /** The attempt index, brought up to date with the log (incremental after the first call). */
  index(): AttemptIndex {
    this.ix ??= AttemptIndex.open(this.path('attempts'), this.cycle);
    this.ix.refresh();
    return this.ix;
  }

  getAttempt(id: string): AttemptRecord | undefined {
    return this.index().get(id);
  }

  /** Exactly-once helper for resume. */
  has(sampleId: string, stage: AttemptRecord['stage'], tryNo: number): boolean {
    return this.index().has(sampleId, stage, tryNo);
  }

  /** Streams every valid attempt in log order, without the index. */
  attempts(): AsyncGenerator<AttemptRecord> {
    return streamValid(this.path('attempts'), AttemptRecord);
  }

  verdicts(): AsyncGenerator<VerdictRecord> {
    return streamValid(this.path('verdicts'), VerdictRecord);
  }

  /** attemptId → its last review (a `clear` decision included). */
  async reviews(): Promise<Map<string, ReviewRecord>> {
    return (await readReviews(this.path('reviews'))).last;
  }

  async status(): Promise<CycleStatus> {
    const state = await this.readState();
    const index = this.index();
    this.vt ??= new VerdictTable(this.path('verdicts'));
    const counts = computeCounts(index, this.vt.refresh(index), await readReviews(this.path('reviews')));
    const { cycle, model, parentModel, dataset, createdAt, stages } = state;
    return { cycle, model, ...(parentModel === undefined ? {} : { parentModel }), dataset, createdAt, stages, counts };
  }

  /** The state as this store last read or wrote it (no disk read). */
  currentState(): CycleState {
    return this.state;
  }

  async readState(): Promise<CycleState> {
    this.state = await loadState(this.path('state'));
    return this.state;
  }

  /**
   * Read-modify-write of state.json under `state.json.lock`, so two processes updating
   * different stages both keep their change; the file is replaced atomically.
   */
  async updateState(change: (s: CycleState) => CycleState | void): Promise<CycleState> {
    return new FileLock(this.path('state') + '.lock', this.opts).with(async () => {
      const current = await loadState(this.path('state'));
      const next = CycleState.parse(change(current) ?? current);
      if (next.cycle !== this.cycle) throw new Error(`updateState: cannot change the cycle number (${this.cycle})`);
      await writeFileAtomic(this.path('state'), serializeState(next));
      this.state = next;
      return next;
    });
  }

  /** Waits for pending appends and releases files. */
  async close(): Promise<void> {
    const ws = await Promise.allSettled([...this.writers.values()]);
    this.writers.clear();
    for (const w of ws) if (w.status === 'fulfilled') await w.value.close();
    this.ix?.close();
    this.ix = undefined;
    this.vt = undefined;
  }

  private writer(name: LogName): Promise<AppendLog> {
    let w = this.writers.get(name);
    if (!w) {
      w = AppendLog.open(this.path(name), this.opts);
      this.writers.set(name, w);
      w.catch(() => this.writers.delete(name));
    }
    return w;
  }

  private checkCycle(c: number | undefined): void {
    if (c !== undefined && c !== this.cycle) throw new Error(`record for cycle ${c} appended to cycle ${this.cycle}`);
  }
}

async function loadState(path: string): Promise<CycleState> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError({ file: path, message: 'no cycle state file here' });
    throw err;
  }
  const r = CycleState.safeParse(parseLine(text));
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError({ file: path, field: issue?.path.join('.') || undefined, message: issue?.message ?? 'not a cycle state' });
  }
  return r.data;
}

async function* streamValid<T>(path: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): AsyncGenerator<T> {
  for await (const line of readLines(path)) {
    const r = schema.safeParse(parseLine(line.text));
    if (r.success) yield r.data;
  }
}
