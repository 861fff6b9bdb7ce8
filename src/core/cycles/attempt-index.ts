import { openSync, closeSync, readSync } from 'node:fs';
import { scanLinesSync } from './lines';
import { attemptKeyOf, STAGE_CODE } from './keys';
import { AttemptRecord, STAGES, attemptId, type Stage } from './records';

/** A line the index could not use, with its 1-based line number. */
export interface LogProblem {
  line: number;
  message: string;
}

const MAX_PROBLEMS = 100;

/**
 * An index over `attempts.jsonl` that never holds the records' text: per attempt it
 * keeps the byte offset and length (typed arrays), its stage and try, and a link to the
 * sample's previous attempt; a Map from sample id to its newest attempt; and a Map from
 * attempt id to position only for ids that are not the default `attemptId(...)` (the
 * default id is parsed back into its key instead, which halves the memory). A record's
 * text is read on demand with one positioned read.
 *
 * The first record for a (sample, stage, try) wins; later ones are counted as
 * `duplicates` and left out. The index refreshes incrementally (the log only grows).
 */
export class AttemptIndex {
  private fd: number | undefined;
  private cap = 0;
  private n = 0;
  private offsets = new Float64Array(0);
  private lengths = new Uint32Array(0);
  private stages = new Uint8Array(0);
  private tries = new Uint32Array(0);
  /** Previous attempt of the same sample, or -1. */
  private prev = new Int32Array(0);
  private customId = new Uint8Array(0);
  private bySample = new Map<string, number>();
  private byId = new Map<string, number>();
  private lineNo = 0;
  /** Byte offset just past the last complete line indexed. */
  end = 0;
  duplicates = 0;
  problemCount = 0;
  /** The first {@link MAX_PROBLEMS} problems. */
  readonly problems: LogProblem[] = [];

  private constructor(
    readonly path: string,
    /** The cycle number, to recognise default attempt ids. */
    readonly cycle: number | undefined,
  ) {}

  /** Opens and indexes a log (a missing file is an empty index). */
  static open(path: string, cycle?: number): AttemptIndex {
    const ix = new AttemptIndex(path, cycle);
    ix.refresh();
    return ix;
  }

  /** Indexes lines appended since the last scan; returns how many attempts were added. */
  refresh(): number {
    const before = this.n;
    if (this.fd === undefined) {
      try {
        this.fd = openSync(this.path, 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
        throw err;
      }
    }
    const r = scanLinesSync(this.fd, this.end, (buf, s, e, offset) => {
      this.lineNo++;
      if (e === s) return;
      const key = attemptKeyOf(buf, s, e);
      if (!key) return this.problem('not an attempt record (unparsable or missing id/sampleId/stage/try)');
      this.add(key.id, key.sampleId, STAGE_CODE[key.stage], key.try, offset, e - s);
    });
    this.end = r.end;
    return this.n - before;
  }

  get size(): number {
    return this.n;
  }

  get samples(): number {
    return this.bySample.size;
  }

  /** Position of the attempt for (sample, stage, try), or -1. */
  find(sampleId: string, stage: Stage, tryNo: number): number {
    const code = STAGE_CODE[stage];
    for (let i = this.bySample.get(sampleId) ?? -1; i !== -1; i = this.prev[i]!) {
      if (this.stages[i] === code && this.tries[i] === tryNo) return i;
    }
    return -1;
  }

  /** Exactly-once helper for resume: is this attempt already in the log? */
  has(sampleId: string, stage: Stage, tryNo: number): boolean {
    return this.find(sampleId, stage, tryNo) !== -1;
  }

  /** Position of the attempt with this id, or -1. */
  lookup(id: string): number {
    const i = this.byId.get(id);
    if (i !== undefined) return i;
    const k = parseDefaultId(id, this.cycle);
    if (!k) return -1;
    const j = this.find(k.sampleId, k.stage, k.try);
    return j !== -1 && this.customId[j] === 0 ? j : -1;
  }

  stageAt(i: number): Stage {
    return STAGES[this.stages[i]!]!;
  }

  tryAt(i: number): number {
    return this.tries[i]!;
  }

  /** Positions of a sample's attempts, oldest first. */
  attemptsOf(sampleId: string): number[] {
    const out: number[] = [];
    for (let i = this.bySample.get(sampleId) ?? -1; i !== -1; i = this.prev[i]!) out.push(i);
    return out.reverse();
  }

  sampleIds(): IterableIterator<string> {
    return this.bySample.keys();
  }

  /** The raw JSON text of the attempt at position `i` (one positioned read). */
  textAt(i: number): string {
    const len = this.lengths[i]!;
    const buf = Buffer.allocUnsafe(len);
    let got = 0;
    while (got < len) {
      const n = readSync(this.fd!, buf, got, len - got, this.offsets[i]! + got);
      if (n === 0) throw new Error(`${this.path}: record ${i} is cut short`);
      got += n;
    }
    return buf.toString('utf8');
  }

  /** The validated record at position `i`. */
  at(i: number): AttemptRecord {
    if (i < 0 || i >= this.n) throw new RangeError(`no attempt at position ${i}`);
    return AttemptRecord.parse(JSON.parse(this.textAt(i)));
  }

  get(id: string): AttemptRecord | undefined {
    const i = this.lookup(id);
    return i === -1 ? undefined : this.at(i);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private add(id: string, sampleId: string, stage: number, tryNo: number, offset: number, length: number): void {
    const head = this.bySample.get(sampleId);
    if (head !== undefined) {
      for (let i = head; i !== -1; i = this.prev[i]!) {
        if (this.stages[i] === stage && this.tries[i] === tryNo) {
          this.duplicates++;
          return;
        }
      }
    }
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.offsets[i] = offset;
    this.lengths[i] = length;
    this.stages[i] = stage;
    this.tries[i] = tryNo;
    this.prev[i] = head ?? -1;
    this.bySample.set(sampleId, i);
    const isDefault = this.cycle !== undefined && id === attemptId(this.cycle, sampleId, STAGES[stage]!, tryNo);
    this.customId[i] = isDefault ? 0 : 1;
    if (!isDefault && !this.byId.has(id)) this.byId.set(id, i);
  }

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2);
    const g = <T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const a = make(cap);
      a.set(old);
      return a;
    };
    this.offsets = g(this.offsets, (k) => new Float64Array(k));
    this.lengths = g(this.lengths, (k) => new Uint32Array(k));
    this.stages = g(this.stages, (k) => new Uint8Array(k));
    this.tries = g(this.tries, (k) => new Uint32Array(k));
    this.prev = g(this.prev, (k) => new Int32Array(k));
    this.customId = g(this.customId, (k) => new Uint8Array(k));
    this.cap = cap;
  }

  private problem(message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ line: this.lineNo, message });
  }
}

/** Inverse of `attemptId()` for this cycle; undefined for any other shape. */
function parseDefaultId(id: string, cycle: number | undefined): { sampleId: string; stage: Stage; try: number } | undefined {
  if (cycle === undefined) return undefined;
  const m = /^c(\d+)\/(answer|rationalize)\/(\d+)\/(.+)$/s.exec(id);
  if (!m || Number(m[1]) !== cycle) return undefined;
  return { stage: m[2] as Stage, try: Number(m[3]), sampleId: m[4]! };
}
