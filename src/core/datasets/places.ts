import { scanDataset, type DatasetScan } from './store';

/** Where each record of records.jsonl sits, by its key in the scan's id table. */
export interface RecordPlaces {
  /** Byte offset of record `key` in records.jsonl. */
  offsets: Float64Array;
  /** Its length in bytes, or -1 for a key whose line had problems (or past the end). */
  lengths: Int32Array;
}

/**
 * {@link scanDataset} keeping only where each good record sits (12 bytes a record), for
 * readers that fetch a record later with one positioned read (the cycle export, the
 * review's dataset lookup) instead of holding a million records in memory.
 */
export async function scanRecordPlaces(dir: string): Promise<DatasetScan & { places: RecordPlaces }> {
  let offsets = new Float64Array(1024);
  let lengths = new Int32Array(1024).fill(-1);
  const scan = await scanDataset(dir, (_rec, at) => {
    if (at.key >= offsets.length) {
      const o = new Float64Array(offsets.length * 2);
      o.set(offsets);
      const l = new Int32Array(lengths.length * 2).fill(-1);
      l.set(lengths);
      [offsets, lengths] = [o, l];
    }
    offsets[at.key] = at.offset;
    lengths[at.key] = at.bytes;
  });
  return { ...scan, places: { offsets, lengths } };
}

/** The key of a good record with this id, or -1. */
export function goodRecordKey(scan: DatasetScan & { places: RecordPlaces }, id: string): number {
  const b = Buffer.from(id, 'utf8');
  const k = scan.ids.findBytes(b, 0, b.length);
  return k !== -1 && k < scan.places.lengths.length && scan.places.lengths[k]! >= 0 ? k : -1;
}
