import { openSync, closeSync, fstatSync, readSync } from 'node:fs';
import { readTextAtSync, scanLinesSync } from './lines';
import { attemptKeyOf, STAGE_CODE, type AttemptKey } from './keys';
import { AttemptRecord, STAGES, type Stage } from './records';
import { SampleTable, hashBytes } from './sample-table';
import { DefaultIds, parseDefaultId, parseDefaultIdBytes, parsedId } from './default-id';

/** A line the index could not use, with its 1-based line number. */
export interface LogProblem {
  line: number;
  message: string;
}

const MAX_PROBLEMS = 100;

/**
 * An index over `attempts.jsonl` that never holds the records' text: per attempt it
 * keeps the byte offset and length (typed arrays), its stage and try, and a link to the
 * sample's next attempt; a byte-keyed table from sample id to its first attempt (see
 * SampleTable: no string per sample); and a Map from attempt id to position only for ids
 * that are not the default `attemptId(...)` (the default id is parsed back into its key
 * instead). A record's text is read on demand with one positioned read.
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
  /** Next attempt of the same sample (in no particular order), or -1. */
  private next = new Int32Array(0);
  private customId = new Uint8Array(0);
  private bySample = new SampleTable();
  private byId = new Map<string, number>();
  private lineNo = 0;
  private defaults: DefaultIds | undefined;
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
  ) {
    if (cycle !== undefined) this.defaults = new DefaultIds(cycle);
  }

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
    this.reserveFor(fstatSync(this.fd).size - this.end);
    const r = scanLinesSync(this.fd, this.end, (buf, s, e, offset) => {
      this.lineNo++;
      if (e === s) return;
      const key = attemptKeyOf(buf, s, e);
      if (!key) return this.problem('not an attempt record (unparsable or missing id/sampleId/stage/try)');
      this.add(buf, key, offset, e - s);
    });
    this.end = r.end;
    return this.n - before;
  }

  get size(): number {
    return this.n;
  }

  /** Number of distinct samples; they are numbered 0..samples-1 in order of first appearance. */
  get samples(): number {
    return this.bySample.size;
  }

  /** Head of a sample's attempt chain, or -1. */
  private firstOf(sampleId: string): number {
    const k = this.bySample.find(sampleId);
    return k === -1 ? -1 : this.bySample.value(k);
  }

  /** Position of the attempt for (sample, stage, try), or -1. */
  find(sampleId: string, stage: Stage, tryNo: number): number {
    const code = STAGE_CODE[stage];
    for (let i = this.firstOf(sampleId); i !== -1; i = this.next[i]!) {
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

  /**
   * `lookup` of the id in `buf[start, end)` (plain bytes from a log line): a default id is
   * matched on its bytes, without decoding a string (verdict logs are as long as attempts).
   */
  lookupBytes(buf: Buffer, start: number, end: number): number {
    if (this.byId.size > 0) {
      const i = this.byId.get(buf.toString('utf8', start, end));
      if (i !== undefined) return i;
    }
    const p = this.cycle === undefined ? -1 : parseDefaultIdBytes(buf, start, end, this.cycle);
    if (p === -1) return -1;
    const k = this.bySample.findBytes(buf, p, end);
    if (k === -1) return -1;
    for (let i = this.bySample.value(k); i !== -1; i = this.next[i]!) {
      if (this.stages[i] === parsedId.stage && this.tries[i] === parsedId.try) return this.customId[i] === 0 ? i : -1;
    }
    return -1;
  }

  stageAt(i: number): Stage {
    return STAGES[this.stages[i]!]!;
  }

  tryAt(i: number): number {
    return this.tries[i]!;
  }

  /** Positions of a sample's attempts, oldest first. */
  attemptsOf(sampleId: string): number[] {
    const k = this.bySample.find(sampleId);
    return k === -1 ? [] : this.attemptsOfSample(k);
  }

  /** Positions of the attempts of sample number `k`, oldest first. */
  attemptsOfSample(k: number): number[] {
    const out: number[] = [];
    for (let i = this.bySample.value(k); i !== -1; i = this.next[i]!) out.push(i);
    return out.length > 1 ? out.sort((a, b) => a - b) : out;
  }

  /** The id of sample number `k`. */
  sampleIdAt(k: number): string {
    return this.bySample.idAt(k);
  }

  *sampleIds(): IterableIterator<string> {
    for (let k = 0; k < this.bySample.size; k++) yield this.bySample.idAt(k);
  }

  /** The raw JSON text of the attempt at position `i` (one positioned read). */
  textAt(i: number): string {
    const text = readTextAtSync(this.fd!, this.offsets[i]!, this.lengths[i]!);
    if (text === undefined) throw new Error(`${this.path}: record ${i} is cut short`);
    return text;
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

  private add(buf: Buffer, key: AttemptKey, offset: number, length: number): void {
    const stage = STAGE_CODE[key.stage];
    const tryNo = key.try;
    // The sample id's bytes: straight from the line, or encoded from the slow path's string.
    let sBuf: Uint8Array = buf;
    let ss = key.sampleStart;
    let se = key.sampleEnd;
    if (key.sampleId !== undefined) {
      sBuf = Buffer.from(key.sampleId, 'utf8');
      ss = 0;
      se = sBuf.length;
    }
    const hash = hashBytes(sBuf, ss, se);
    const k = this.bySample.findBytes(sBuf, ss, se, hash);
    const first = k === -1 ? undefined : this.bySample.value(k);
    if (first !== undefined) {
      for (let i = first; i !== -1; i = this.next[i]!) {
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
    // One table write per new sample: later attempts are linked in after the first.
    if (first === undefined) {
      this.bySample.insertBytes(sBuf, ss, se, i, hash);
      this.next[i] = -1;
    } else {
      this.next[i] = this.next[first]!;
      this.next[first] = i;
    }
    let id = key.id;
    const d = this.defaults;
    const isDefault = d !== undefined && (id === undefined ? d.isBytes(buf, key, stage) : d.is(id, key.sampleId ?? '', stage, tryNo));
    this.customId[i] = isDefault ? 0 : 1;
    if (isDefault) return;
    id ??= buf.toString('utf8', key.idStart, key.idEnd);
    if (!this.byId.has(id)) this.byId.set(id, i);
  }

  /**
   * Sizes the arrays for `bytes` more of log up front, from the line length of a sample
   * of it, so a large first scan does not grow them by doubling (and rehashing) as it goes.
   */
  private reserveFor(bytes: number): void {
    if (bytes < 1 << 20 || this.fd === undefined) return;
    const probe = Buffer.allocUnsafe(256 << 10);
    const got = readSync(this.fd, probe, 0, probe.length, this.end);
    let lines = 0;
    for (let i = probe.indexOf(0x0a); i !== -1 && i < got; i = probe.indexOf(0x0a, i + 1)) lines++;
    if (lines < 8) return;
    const more = Math.ceil((bytes / (got / lines)) * 1.1);
    if (this.n + more > this.cap) this.grow(this.n + more);
    this.bySample.reserve(this.bySample.size + more);
  }

  private grow(min = 0): void {
    const cap = Math.max(1024, this.cap * 2, min);
    const g = <T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const a = make(cap);
      a.set(old);
      return a;
    };
    this.offsets = g(this.offsets, (k) => new Float64Array(k));
    this.lengths = g(this.lengths, (k) => new Uint32Array(k));
    this.stages = g(this.stages, (k) => new Uint8Array(k));
    this.tries = g(this.tries, (k) => new Uint32Array(k));
    this.next = g(this.next, (k) => new Int32Array(k));
    this.customId = g(this.customId, (k) => new Uint8Array(k));
    this.cap = cap;
  }

  private problem(message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ line: this.lineNo, message });
  }
}
