import { join } from 'node:path';
import { open, stat } from 'node:fs/promises';
import { resolveClip } from '../datasets/clipPath';
import { scanRecordPlaces } from '../datasets/places';
import { readClipFolders, RECORDS_FILE } from '../datasets/store';
import type { SampleRecord } from '../datasets/record';
import { SampleTable } from '../cycles/sample-table';
import { splitSampleId } from '../generate/sample-id';

export { splitSampleId };

/** What the review needs of a dataset record: its labels and its clip. */
export interface SampleInfo {
  labels: Record<string, unknown>;
  /** The task field the sample asks about (`<record>#<task>.<field>`), if the id says. */
  field?: string;
  clip?: { path: string; start?: number; end?: number };
}

/** Records read by `info` kept parsed: the panel asks for one sample's record per attempt of it. */
const RECENT = 64;
/** Neighbouring records are read together in reads of up to this many bytes. */
const READ_SPAN = 1 << 20;
/** A gap between wanted records up to this size is read through rather than skipped. */
const READ_GAP = 64 << 10;

/**
 * One scan of records.jsonl: where each valid record sits, by its key in the scan's id
 * table (keys number the ids in file order). No record text is kept: about 60 bytes a
 * record, against ~1 KB for a parsed record object.
 */
export class DatasetRecords {
  constructor(
    readonly file: string,
    private readonly ids: SampleTable,
    private readonly offsets: Float64Array,
    /** Per key: the record's length in bytes, -1 for an id whose line has problems. */
    private readonly lengths: Int32Array,
    /** records.jsonl's size, mtime and inode when the scan began. */
    readonly stamp: string,
  ) {}

  /** Keys run 0 .. size-1. */
  get size(): number {
    return this.ids.size;
  }

  /** The key of a valid record with this id, or -1. */
  keyOf(recordId: string): number {
    const b = Buffer.from(recordId, 'utf8');
    const k = this.ids.findBytes(b, 0, b.length);
    return k !== -1 && k < this.lengths.length && this.lengths[k]! >= 0 ? k : -1;
  }

  /** The key of the record a sample asks about: the sample id itself, else its record part. */
  keyOfSample(sampleId: string): number {
    const k = this.keyOf(sampleId);
    return k !== -1 ? k : this.keyOf(splitSampleId(sampleId).recordId);
  }

  /** Record `key`, read from disk; undefined when the file no longer holds it there. */
  async read(key: number): Promise<SampleRecord | undefined> {
    let got: SampleRecord | undefined;
    await this.readKeys((from) => (from <= key ? key : Infinity), (_k, rec) => (got = rec));
    return got;
  }

  /**
   * Reads every record whose key is marked in `wanted` (indexed by key), in file order,
   * and hands each to `fn`. Neighbours are read together, so a pass over most records
   * costs about one streaming read of the file and a few records a few small reads. A
   * record that no longer parses to its id (the file was replaced meanwhile) is left out.
   * With `containing`, a record whose line cannot hold that string value is skipped
   * unparsed: one without it and without a `\` (an escape could spell it otherwise).
   */
  forEach(wanted: Uint8Array, fn: (key: number, rec: SampleRecord) => void, opts: { containing?: string } = {}): Promise<void> {
    const n = Math.min(wanted.length, this.lengths.length);
    return this.readKeys(
      (from) => {
        let k = from;
        while (k < n && wanted[k] !== 1) k++;
        return k < n ? k : Infinity;
      },
      fn,
      opts.containing === undefined || opts.containing === '' ? undefined : Buffer.from(opts.containing, 'utf8'),
    );
  }

  /** Reads the valid records at the keys `next` gives (the first wanted key >= its argument, ascending). */
  private async readKeys(next: (from: number) => number, fn: (key: number, rec: SampleRecord) => void, needle?: Buffer): Promise<void> {
    const n = this.lengths.length;
    const valid = (from: number): number => {
      let k = next(from);
      while (k < n && this.lengths[k]! < 0) k = next(k + 1);
      return k < n ? k : n;
    };
    let k = valid(0);
    if (k === n) return;
    const fh = await open(this.file, 'r');
    try {
      let buf = Buffer.allocUnsafe(0);
      while (k < n) {
        // One read from record k to the last wanted record that fits in the span.
        const start = this.offsets[k]!;
        const ends = (j: number): number => this.offsets[j]! + this.lengths[j]!;
        let last = k;
        for (let j = valid(k + 1); j < n; j = valid(j + 1)) {
          if (ends(j) - start > READ_SPAN || this.offsets[j]! - ends(last) > READ_GAP) break;
          last = j;
        }
        const bytes = ends(last) - start;
        if (buf.length < bytes) buf = Buffer.allocUnsafe(Math.max(bytes, Math.min(READ_SPAN, 2 * buf.length)));
        let filled = 0;
        while (filled < bytes) {
          const { bytesRead } = await fh.read(buf, filled, bytes - filled, start + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        // Where the needle and the next backslash are, at or after a record's start: both
        // only move forward through the buffer, so the chunk is searched once.
        let hit = -1;
        let escape = -1;
        for (let j = k; j <= last; j = valid(j + 1)) {
          const from = this.offsets[j]! - start;
          const to = from + this.lengths[j]!;
          if (to > filled) break;
          if (needle) {
            if (hit !== -2 && hit < from) hit = indexIn(buf, needle, from, filled);
            if (escape !== -2 && escape < from) escape = indexIn(buf, BACKSLASH, from, filled);
            const mayHold = (hit >= 0 && hit + needle.length <= to) || (escape >= 0 && escape < to);
            if (!mayHold) continue;
          }
          const rec = parseRecord(buf.toString('utf8', from, to));
          if (rec && rec.id === this.ids.idAt(j)) fn(j, rec);
        }
        k = valid(last + 1);
      }
    } finally {
      await fh.close();
    }
  }
}

const BACKSLASH = Buffer.from('\\');

/** The first `needle` in `buf[from, end)`, or -2 when there is none (so callers stop looking). */
function indexIn(buf: Buffer, needle: Buffer, from: number, end: number): number {
  const i = buf.subarray(0, end).indexOf(needle, from);
  return i === -1 ? -2 : i;
}

/** The scan validated these bytes; a parse that fails or lacks labels means they changed since. */
function parseRecord(text: string): SampleRecord | undefined {
  try {
    const v = JSON.parse(text) as SampleRecord;
    return v && typeof v === 'object' && typeof v.id === 'string' && v.labels && typeof v.labels === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The cycle's dataset, scanned on first use only: a 100k-record dataset costs far more
 * to read and validate than the first page of the review, so the list never waits for
 * it. The scan keeps where each record sits (DatasetRecords), not the records: `info`
 * reads one record with one positioned read, and a label filter streams the records it
 * needs (see ReviewSession). When records.jsonl changes on disk (a re-import), the next
 * use scans it again. Sample ids are the record id, or `<record id>#<task>.<field>` when
 * a record has several questions (see core/generate/sample-id.ts).
 */
export class SampleLookup {
  private loading: Promise<DatasetRecords> | undefined;
  private root: string | undefined;
  private allowRoots: string[] = [];
  private recent = new Map<number, SampleRecord>();
  private recentOf: DatasetRecords | undefined;
  /** Folders clips may come from (the dataset root and its allowRoots), once loaded. */
  roots: string[] = [];

  constructor(readonly datasetDir: string) {}

  static forCycle(workdir: string, dataset: string): SampleLookup {
    return new SampleLookup(join(workdir, 'datasets', dataset));
  }

  /**
   * Where the dataset's records sit, scanning records.jsonl first when it was not
   * scanned yet or changed since. Record keys belong to the DatasetRecords returned:
   * compare it by identity to know whether keys kept from an earlier call still hold.
   */
  async load(): Promise<DatasetRecords> {
    const file = join(this.datasetDir, RECORDS_FILE);
    // Twice at most: a file that changes during every scan is read as the last scan saw it.
    for (let tries = 0; ; tries++) {
      // An unreadable dataset reads as empty: the review goes on without labels and clips.
      const p = (this.loading ??= this.scan(file).catch(() => new DatasetRecords(file, new SampleTable(), new Float64Array(0), new Int32Array(0), 'failed')));
      const records = await p;
      if (tries === 1 || records.stamp === (await stampOf(file))) return records;
      if (this.loading === p) this.loading = undefined;
    }
  }

  private async scan(file: string): Promise<DatasetRecords> {
    const stamp = await stampOf(file);
    const scan = await scanRecordPlaces(this.datasetDir);
    this.root = scan.report?.root;
    this.allowRoots = scan.report?.allowRoots ?? [];
    this.roots = this.root ? [this.root, ...this.allowRoots] : [];
    const n = scan.ids.size;
    return new DatasetRecords(file, scan.ids, scan.places.offsets.slice(0, n), scan.places.lengths.slice(0, n), stamp);
  }

  async info(sampleId: string): Promise<SampleInfo | undefined> {
    const records = await this.load();
    const key = records.keyOfSample(sampleId);
    if (key === -1) return undefined;
    const rec = await this.record(records, key);
    if (!rec) return undefined;
    const { field } = splitSampleId(sampleId);
    const info: SampleInfo = { labels: rec.labels, ...(field === undefined ? {} : { field }) };
    if (this.root) {
      const c = resolveClip(rec.video, this.root, this.allowRoots);
      if (c.ok) info.clip = { path: c.abs, ...(rec.start === undefined ? {} : { start: rec.start }), ...(rec.end === undefined ? {} : { end: rec.end }) };
    }
    return info;
  }

  private async record(records: DatasetRecords, key: number): Promise<SampleRecord | undefined> {
    if (this.recentOf !== records) [this.recent, this.recentOf] = [new Map(), records];
    const hit = this.recent.get(key);
    if (hit) {
      this.recent.delete(key);
      this.recent.set(key, hit);
      return hit;
    }
    const rec = await records.read(key);
    if (!rec) {
      // The file changed under the scan: scan again on the next use.
      this.loading = undefined;
      return undefined;
    }
    if (this.recentOf !== records) return rec;
    this.recent.set(key, rec);
    if (this.recent.size > RECENT) this.recent.delete(this.recent.keys().next().value!);
    return rec;
  }
}

/** Identifies one version of a file: a rename over it (a re-import) changes the inode, a rewrite the size or mtime. */
async function stampOf(file: string): Promise<string> {
  try {
    const s = await stat(file);
    return `${s.size}:${s.mtimeMs}:${s.ino}`;
  } catch {
    return 'missing';
  }
}

/** A label value as the filter compares it: strings as they are, anything else as JSON. */
export function labelText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * The folders a dataset's clips may come from (its root and allowRoots), from report.json
 * alone: the review webview needs them as resource roots before it loads, long before
 * the records are read. [] when the dataset has no readable report.
 */
export async function readClipRoots(datasetDir: string): Promise<string[]> {
  // Relocated: a moved or cloned project's clips are under its own folders, not the old absolute ones.
  return readClipFolders(datasetDir);
}
