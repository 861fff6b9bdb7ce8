/**
 * Export records straight from a cycle: the cycle's attempts joined with their verdicts,
 * their last review and the dataset record they answered. One attempt per sample is
 * offered — the first that is kept, direct answers before rationalizations, earlier tries
 * first — so a sample contributes one rationale, preferably one the model found unaided.
 * Rationalized attempts carry their prompt as `hintPrompt`, so the leak guard knows the
 * hint and refuses an export whose question would give it away.
 *
 * Built for million-sample cycles: the choice is made over the cycle's compact indexes
 * (typed arrays, no record text), the dataset is scanned once keeping only where each
 * record sits, and each chosen attempt, verdict and record is read back with one
 * positioned read when its turn comes. Memory grows by tens of bytes per sample.
 */
import { closeSync, openSync } from 'node:fs';
import { readTextAtSync } from '../cycles/lines';
import * as path from 'node:path';
import { CYCLE_FILES, cycleDir, openCycle, readReviews, VerdictTable, type AttemptIndex, type CycleStore } from '../cycles';
import { goodRecordKey, scanRecordPlaces } from '../datasets/places';
import { RECORDS_FILE } from '../datasets/store';
import { splitSampleId } from '../generate/sample-id';
import type { InputProblem } from '../util/errors';
import { exportSamples, type ExportOptions, type ExportResult } from './export';
import { kept } from './select';
import { ExportInputError, ExportSample, type ExportFormat } from './types';

export interface CycleExportOptions {
  /**
   * Write clip paths relative to this folder (the trainer's video folder) instead of
   * absolute; a clip outside it is a problem.
   */
  videoRoot?: string;
  /** The dataset folder; default `<workdir>/datasets/<the cycle's dataset>`. */
  datasetDir?: string;
}

/** Why a sample of the cycle has no record in the export. */
export type UnpickedReason = 'review-reject' | 'verdict-fail' | 'not-verified';
const UNPICKED: readonly UnpickedReason[] = ['review-reject', 'verdict-fail', 'not-verified'];

export interface UnpickedSample {
  sampleId: string;
  attempts: number;
  reason: UnpickedReason;
}

const MAX_PROBLEMS = 1000;
const NONE = -1;
/** Review decisions per attempt position. */
const ACCEPT = 1;
const REJECT = 2;
const DECISION = [null, 'accept', 'reject'] as const;

/** Lower ranks are preferred: direct answers, then rationalizations; earlier tries first. */
function rank(index: AttemptIndex, i: number): number {
  return (index.stageAt(i) === 'answer' ? 0 : 1) * 1e9 + index.tryAt(i);
}

/**
 * One cycle opened for export. `samples()` yields the chosen attempt of each sample in
 * dataset record order (then by sample id): the log's order depends on request timing
 * and on where a run was interrupted, the export must not. Close it when done.
 */
export class CycleExportSource {
  /** Samples with a kept attempt: what `samples()` yields, problems aside. */
  readonly picked: number;
  /** Samples that had attempts but none kept, by the reason of their best attempt. */
  readonly unpicked: Record<UnpickedReason, number> = { 'review-reject': 0, 'verdict-fail': 0, 'not-verified': 0 };
  /** Problems found so far (at most 1000 kept; `problemCount` counts all). */
  readonly problems: InputProblem[] = [];
  problemCount = 0;

  private constructor(
    private readonly store: CycleStore,
    private readonly index: AttemptIndex,
    private readonly verdicts: VerdictTable,
    private readonly reviews: Uint8Array,
    /** Per sample number: the chosen attempt position, or NONE. */
    private readonly chosen: Int32Array,
    /** Per sample number without a choice: the index in UNPICKED of its reason. */
    private readonly reasons: Uint8Array,
    readonly dataset: string,
    private readonly dsDir: string,
    private readonly videoRoot: string | undefined,
  ) {
    let n = 0;
    for (let k = 0; k < chosen.length; k++) {
      if (chosen[k] !== NONE) n++;
      else this.unpicked[UNPICKED[reasons[k]!]!]++;
    }
    this.picked = n;
  }

  get cycle(): number {
    return this.store.cycle;
  }

  static async open(workdir: string, cycle: number, opts: CycleExportOptions = {}): Promise<CycleExportSource> {
    const store = await openCycle(workdir, cycle);
    try {
      const state = await store.readState();
      const index = store.index();
      const verdicts = new VerdictTable(store.path('verdicts')).refresh(index);
      // A re-verification or a second review appends: the last line for an attempt wins.
      const reviews = new Uint8Array(index.size);
      for (const [id, r] of (await readReviews(store.path('reviews'))).last) {
        const i = index.lookup(id);
        if (i !== -1) reviews[i] = r.decision === 'accept' ? ACCEPT : r.decision === 'reject' ? REJECT : 0;
      }
      const chosen = new Int32Array(index.samples).fill(NONE);
      const reasons = new Uint8Array(index.samples);
      for (let k = 0; k < index.samples; k++) {
        let best = NONE;
        let bestRank = Infinity;
        let failedRank = Infinity;
        let failed = UNPICKED.indexOf('not-verified');
        for (const i of index.attemptsOfSample(k)) {
          const r = rank(index, i);
          const review = reviews[i];
          const pass = verdicts.passAt(i);
          if (kept(DECISION[review!], pass === 1)) {
            if (r < bestRank) [best, bestRank] = [i, r];
          } else if (r < failedRank) {
            failedRank = r;
            failed = UNPICKED.indexOf(review === REJECT ? 'review-reject' : pass === -1 ? 'not-verified' : 'verdict-fail');
          }
        }
        chosen[k] = best;
        reasons[k] = failed;
      }
      const dsDir = opts.datasetDir ?? path.join(workdir, 'datasets', state.dataset);
      const videoRoot = opts.videoRoot === undefined ? undefined : path.resolve(opts.videoRoot);
      return new CycleExportSource(store, index, verdicts, reviews, chosen, reasons, state.dataset, dsDir, videoRoot);
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  /** The samples without a kept attempt, in the order they first appear in the log. */
  unpickedSamples(limit = Infinity): UnpickedSample[] {
    const out: UnpickedSample[] = [];
    for (let k = 0; k < this.chosen.length && out.length < limit; k++) {
      if (this.chosen[k] !== NONE) continue;
      out.push({ sampleId: this.index.sampleIdAt(k), attempts: this.index.attemptsOfSample(k).length, reason: UNPICKED[this.reasons[k]!]! });
    }
    return out;
  }

  /**
   * The chosen attempts as export samples, in dataset order. Every problem (an attempt
   * with no dataset record, a clip outside `videoRoot`, an unreadable attempt) is
   * collected while the good samples are yielded; at the end an ExportInputError is
   * thrown if there was any, so a writer in between discards what it wrote.
   */
  async *samples(): AsyncGenerator<ExportSample> {
    const { order, recordAt, root } = await this.plan();
    const records = path.join(this.dsDir, RECORDS_FILE);
    const attemptsFile = this.store.path('attempts');
    if (order.length === 0) {
      if (this.problemCount > 0) throw new ExportInputError(`cycle ${this.cycle}`, this.problems, this.problemCount);
      return;
    }
    const fd = openSync(records, 'r');
    this.verdicts.hold();
    try {
      for (let n = 0; n < order.length; n++) {
        const k = order[n]!;
        const i = this.chosen[k]!;
        const sampleId = this.index.sampleIdAt(k);
        let a;
        try {
          a = this.index.at(i);
        } catch (err) {
          this.problem({ file: attemptsFile, message: `attempt of sample "${sampleId}": ${(err as Error).message}` });
          continue;
        }
        // Default ids are unique by construction; a custom one may have been reused.
        if (this.index.lookup(a.id) !== i) {
          this.problem({ file: attemptsFile, field: 'id', message: `attempt id "${a.id}" of sample "${sampleId}" is also the id of another attempt` });
          continue;
        }
        const rec = JSON.parse(readAt(fd, recordAt.offsets[k]!, recordAt.lengths[k]!)) as { video: string };
        const abs = path.resolve(root, rec.video);
        let video = abs;
        if (this.videoRoot) {
          video = path.relative(this.videoRoot, abs).split(path.sep).join('/');
          if (video.startsWith('..') || path.isAbsolute(video)) {
            this.problem({ file: attemptsFile, field: 'video', message: `clip of sample "${sampleId}" (${abs}) is outside --video-root ${this.videoRoot}` });
            continue;
          }
        }
        const v = this.verdicts.recordAt(i);
        const review = this.reviews[i];
        const parsed = ExportSample.safeParse({
          id: a.id,
          sampleId,
          video,
          question: a.question,
          answer: a.output,
          stage: a.stage,
          cycle: a.cycle,
          model: a.model,
          verdict: { pass: v?.pass ?? false, checks: v?.checks ?? [] },
          review: DECISION[review!],
          ...(a.stage === 'rationalize' ? { hintPrompt: a.prompt } : {}),
        });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          this.problem({ file: attemptsFile, field: issue?.path.join('.') || undefined, message: `attempt ${a.id}: ${issue?.message ?? 'invalid'}` });
          continue;
        }
        yield parsed.data;
      }
    } finally {
      closeSync(fd);
      this.verdicts.close();
    }
    if (this.problemCount > 0) throw new ExportInputError(`cycle ${this.cycle}`, this.problems, this.problemCount);
  }

  async close(): Promise<void> {
    this.verdicts.close();
    await this.store.close();
  }

  /**
   * Which samples are exported, in which order, and where each one's dataset record sits
   * (per sample number). The dataset's id table is dropped on return: only 12 bytes a
   * sample stay for the streaming that follows.
   */
  private async plan(): Promise<{ order: Int32Array; recordAt: { offsets: Float64Array; lengths: Int32Array }; root: string }> {
    const scan = await scanRecordPlaces(this.dsDir);
    if (!scan.report) for (const p of scan.problems.filter((p) => p.file.endsWith('report.json'))) this.problem(p);
    const { offsets, lengths } = scan.places;
    // Each chosen sample's record, then the order: record position, then sample id.
    const recordKey = new Int32Array(this.chosen.length).fill(-1);
    const recordAt = { offsets: new Float64Array(this.chosen.length), lengths: new Int32Array(this.chosen.length) };
    let count = 0;
    for (let k = 0; k < this.chosen.length; k++) {
      const i = this.chosen[k]!;
      if (i === NONE) continue;
      const sampleId = this.index.sampleIdAt(k);
      let key = goodRecordKey(scan, sampleId);
      if (key === -1) key = goodRecordKey(scan, splitSampleId(sampleId).recordId);
      if (key === -1) {
        this.problem({ file: path.join(this.dsDir, RECORDS_FILE), field: 'id', message: `sample "${sampleId}"${this.attemptNote(i)} is not a valid record of dataset "${this.dataset}"` });
        continue;
      }
      recordKey[k] = key;
      recordAt.offsets[k] = offsets[key]!;
      recordAt.lengths[k] = lengths[key]!;
      count++;
    }
    const order = new Int32Array(count);
    for (let k = 0, n = 0; k < this.chosen.length; k++) if (recordKey[k]! !== -1) order[n++] = k;
    order.sort((a, b) => recordKey[a]! - recordKey[b]! || compareIds(this.index.sampleIdAt(a), this.index.sampleIdAt(b)));
    return { order, recordAt, root: scan.report ? path.resolve(this.dsDir, scan.report.root) : this.dsDir };
  }

  /** " (attempt <id>)" for a message, or nothing when the attempt cannot be read. */
  private attemptNote(i: number): string {
    try {
      return ` (attempt ${this.index.at(i).id})`;
    } catch {
      return '';
    }
  }

  private problem(p: InputProblem): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function readAt(fd: number, offset: number, length: number): string {
  const text = readTextAtSync(fd, offset, length);
  if (text === undefined) throw new Error(`dataset record at byte ${offset} is cut short (records.jsonl changed during the export?)`);
  return text;
}

export interface CycleExport {
  result: ExportResult;
  cycle: number;
  dataset: string;
  unpicked: Record<UnpickedReason, number>;
}

/**
 * Exports cycle `cycle` of `workdir` in `format` (streaming; see exportSamples). Throws
 * ExportInputError naming every problem of the cycle, LeakError or ExportError; nothing
 * is written then.
 */
export async function exportCycle(
  workdir: string,
  cycle: number,
  format: ExportFormat,
  outDir: string = cycleExportDir(workdir, cycle),
  opts: CycleExportOptions & Omit<ExportOptions, 'onProgress' | 'uniqueIds'> & { onProgress?: (done: number, total: number) => void } = {},
): Promise<CycleExport> {
  const source = await CycleExportSource.open(workdir, cycle, opts);
  try {
    const { onProgress } = opts;
    const result = await exportSamples(source.samples(), format, outDir, {
      name: opts.name,
      uniqueIds: true,
      ...(onProgress ? { onProgress: (done: number) => onProgress(done, source.picked) } : {}),
    });
    return { result, cycle: source.cycle, dataset: source.dataset, unpicked: source.unpicked };
  } finally {
    await source.close();
  }
}

export interface CycleExportSamples {
  cycle: number;
  dataset: string;
  /** One per sample with a kept attempt, in dataset record order. */
  samples: ExportSample[];
  /** Samples that had attempts but none kept, with the reason of their best attempt. */
  unpicked: UnpickedSample[];
  /** Anything that would make the export wrong or incomplete; callers refuse to write when non-empty. */
  problems: InputProblem[];
}

/** The export samples of a cycle gathered in memory (small cycles, tests); nothing is written. */
export async function samplesFromCycle(workdir: string, cycle: number, opts: CycleExportOptions = {}): Promise<CycleExportSamples> {
  const source = await CycleExportSource.open(workdir, cycle, opts);
  try {
    const samples: ExportSample[] = [];
    try {
      for await (const s of source.samples()) samples.push(s);
    } catch (err) {
      if (!(err instanceof ExportInputError)) throw err;
    }
    return { cycle: source.cycle, dataset: source.dataset, samples, unpicked: source.unpickedSamples(), problems: source.problems };
  } finally {
    await source.close();
  }
}

/** Default output folder of a cycle's exports: `<workdir>/cycles/<N>/exports`. */
export function cycleExportDir(workdir: string, cycle: number): string {
  return path.join(cycleDir(workdir, cycle), CYCLE_FILES.exports);
}
