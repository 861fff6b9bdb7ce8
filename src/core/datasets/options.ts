import type { InputProblem } from '../util/errors';
import type { LabelSchema, LabelType } from './labels';
import type { SampleRecord } from './record';

export const DATASET_FORMATS = ['jsonl', 'csv', 'kinetics', 'finediving', 'star', 'ssv2', 'charades', 'activitynet-captions'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];
export type Split = SampleRecord['split'];

/** Where the normalized record's fields come from in a csv row or a jsonl object. */
export interface ColumnMapping {
  id?: string;
  video?: string;
  start?: string;
  end?: string;
  split?: string;
  /** Label field → column/key. Default: every column/key not used above is a label. */
  labels?: Record<string, string>;
}

export interface ImportOptions {
  /** Dataset name (folder name under `<workdir>/datasets/`). */
  name: string;
  format: DatasetFormat;
  /** Absolute path of the annotation file. */
  annotations: string;
  /** Absolute folder the clip paths are relative to. */
  root: string;
  /** Extra absolute folders clip paths may resolve into. */
  allowRoots?: string[];
  columns?: ColumnMapping;
  /** Clip file name built from a row/entry, e.g. `{youtube_id}_{time_start:06}_{time_end:06}.mp4`. */
  clipPattern?: string;
  /** Frames per second, to turn frame numbers (FineDiving, `timeUnit: frames`) into seconds. */
  fps?: number;
  /** What start/end hold: seconds (default) or frame numbers (divided by `fps`). */
  timeUnit?: 'seconds' | 'frames';
  /** Split for records whose source has none. */
  split?: Split;
  /** Overrides of the inferred label schema, per field. */
  labels?: LabelSchema;
  /** Stat every clip file and count the missing ones (default true). */
  checkVideos?: boolean;
  /** Called now and then while clip files are checked. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportCounts {
  /** Rows/lines/entries read from the source (valid or not). */
  read: number;
  imported: number;
  rejected: number;
  /** Imported records whose clip file does not exist (not an error: clips may arrive later). */
  missingVideos: number;
}

export interface ImportResult {
  name: string;
  format: DatasetFormat;
  annotations: string;
  root: string;
  allowRoots: string[];
  records: SampleRecord[];
  schema: LabelSchema;
  problems: InputProblem[];
  counts: ImportCounts;
  /** The first few missing clip paths (as stored in the records). */
  missingVideoExamples: string[];
  /** Facts about the import that are not problems, e.g. "no fps: step ranges left out". */
  notes: string[];
  /** Frames per second of the source (from the options), kept for frame-folder clips. */
  fps?: number;
}

/**
 * A record as an importer reads it, before it is checked: values are still raw (strings
 * from csv, anything from JSON). `line` is 1-based in `file`. `sources` maps a record
 * path (`labels.speed`) to the column/key it came from, for problem messages.
 */
export interface Candidate {
  line: number;
  /** Where the record is in a source without lines (a pickle's dict key, as Python writes it); problems name it instead of the line. */
  key?: string;
  id?: unknown;
  video?: unknown;
  start?: unknown;
  end?: unknown;
  split?: unknown;
  labels: Record<string, unknown>;
  sources?: Record<string, string>;
  /** Frames the annotation describes, for a clip that is a frame folder (compared with the folder at import). */
  frames?: number;
}

/** What a format reader returns: candidates plus problems found while reading. */
export interface SourceRead {
  candidates: Candidate[];
  problems: InputProblem[];
  /** Rows/lines/entries seen, including unreadable ones. */
  read: number;
  /** Types the format fixes for some fields (vocabulary/ranges are still taken from the data). */
  types?: Record<string, LabelType>;
  notes?: string[];
}

export type FormatReader = (opts: ImportOptions, text: string) => SourceRead;

export const MISSING_EXAMPLES = 5;
