import type { InputProblem } from '../util/errors';
import type { LabelSchema, LabelType, LabelValue } from './labels';
import type { SampleRecord } from './record';
import type { Candidate, ImportOptions, ImportResult, SourceRead } from './options';
import { MISSING_EXAMPLES } from './options';
import { ClipChecker, checkClips, resolveClip } from './clipPath';
import { collectValues, inferSchema } from './infer';
import { coerce, isBlank, parseSplit, toNumber } from './values';
import { listFrames, mayBeFrameFolder } from '../frames/folder';

interface Accepted {
  record: SampleRecord;
  abs: string;
  line: number;
  key?: string;
  frames?: number;
}

/**
 * Checks candidates and turns them into records: infers the label schema, coerces every
 * value, rejects a record with all its problems listed (file, line, field), keeps the rest.
 * A duplicate id is a problem on the later line; the first one is kept.
 */
export async function normalize(opts: ImportOptions, read: SourceRead): Promise<ImportResult> {
  const file = opts.annotations;
  const allowRoots = opts.allowRoots ?? [];
  const problems: InputProblem[] = [...read.problems];
  const first = inferSchema(collectValues(read.candidates.map((c) => c.labels)), { overrides: opts.labels, types: read.types });

  const accepted: Accepted[] = [];
  const seen = new Map<string, string>();
  let rejected = read.read - read.candidates.length;
  for (const c of read.candidates) {
    const mine: InputProblem[] = [];
    const note = (field: string, message: string): void => {
      const src = c.sources?.[field];
      const where = c.key !== undefined ? { field: `${c.key}.${field}` } : { line: c.line, field };
      mine.push({ file, ...where, message: src && src !== field ? `${message} (from "${src}")` : message });
    };
    const record = check(c, first, opts, allowRoots, note);
    if (record) {
      const prev = seen.get(record.record.id);
      if (prev !== undefined) note('id', `duplicate id "${record.record.id}" (first on ${prev})`);
      else seen.set(record.record.id, c.key ?? `line ${c.line}`);
    }
    if (mine.length > 0 || !record) {
      problems.push(...mine);
      rejected++;
      continue;
    }
    accepted.push({ ...record, line: c.line, key: c.key, frames: c.frames });
  }

  const kept = await checkFiles(accepted, opts, problems);
  rejected += accepted.length - kept.records.length;
  const schema = tighten(first, kept.records, opts);
  const notes = [...(read.notes ?? []), ...kept.notes];
  return {
    name: opts.name,
    format: opts.format,
    annotations: file,
    root: opts.root,
    allowRoots,
    records: kept.records,
    schema,
    problems: sortByLine(problems),
    counts: { read: read.read, imported: kept.records.length, rejected, missingVideos: kept.missing.length },
    missingVideoExamples: [...new Set(kept.missing)].slice(0, MISSING_EXAMPLES), // several records may share a clip
    notes,
    ...(opts.fps !== undefined && { fps: opts.fps }),
  };
}

function check(
  c: Candidate,
  schema: LabelSchema,
  opts: ImportOptions,
  allowRoots: string[],
  note: (field: string, message: string) => void,
): { record: SampleRecord; abs: string } | undefined {
  let id: string | undefined;
  if (isBlank(c.id)) note('id', 'missing');
  else if (typeof c.id === 'string' || typeof c.id === 'number') id = String(c.id).trim();
  else note('id', `expected a string or number, got ${JSON.stringify(c.id)}`);

  let video: { video: string; abs: string } | undefined;
  if (isBlank(c.video)) note('video', 'missing');
  else if (typeof c.video !== 'string') note('video', `expected a path, got ${JSON.stringify(c.video)}`);
  else {
    const r = resolveClip(c.video, opts.root, allowRoots);
    if (r.ok) video = r;
    else note('video', r.message);
  }

  let split = opts.split ?? 'train';
  if (!isBlank(c.split)) {
    const s = parseSplit(c.split);
    if (s) split = s;
    else note('split', `unknown split ${JSON.stringify(c.split)} (use train, val or test)`);
  }

  const frames = opts.timeUnit === 'frames' && opts.fps !== undefined ? opts.fps : undefined;
  const time = (field: 'start' | 'end'): number | undefined => {
    const raw = c[field];
    if (isBlank(raw)) return undefined;
    const n = toNumber(raw);
    if (n === undefined || n < 0) note(field, `expected ${frames ? 'a frame number' : 'seconds (a number ≥ 0)'}, got ${JSON.stringify(raw)}`);
    if (n === undefined || n < 0) return undefined;
    // Frame n starts at n/fps s; a range over frames [a, b] ends when frame b does.
    return frames ? Math.round(((field === 'end' ? n + 1 : n) / frames) * 1000) / 1000 : n;
  };
  const start = time('start');
  const end = time('end');
  if (start !== undefined && end !== undefined && end <= start) note('end', `end ${end} must be after start ${start}`);

  const labels: Record<string, LabelValue> = {};
  for (const [field, raw] of Object.entries(c.labels)) {
    if (isBlank(raw)) continue;
    const fs = Object.hasOwn(schema, field) ? schema[field] : undefined; // not "constructor" of Object.prototype
    if (!fs) continue;
    const v = coerce(raw, fs);
    if (v.ok) labels[field] = v.value;
    else note(`labels.${field}`, v.message);
  }
  if (Object.keys(labels).length === 0 && Object.values(c.labels).every(isBlank)) note('labels', 'no label values');

  if (id === undefined || !video) return undefined;
  // Keys in the documented order, so records.jsonl reads the same for every format.
  const record: SampleRecord = { id, video: video.video, ...(start !== undefined && { start }), ...(end !== undefined && { end }), split, labels };
  return { record, abs: video.abs };
}

/** Stats every clip (a few at a time): counts missing ones, rejects symlinks that escape the roots. */
async function checkFiles(
  accepted: Accepted[],
  opts: ImportOptions,
  problems: InputProblem[],
): Promise<{ records: SampleRecord[]; missing: string[]; notes: string[] }> {
  if (opts.checkVideos === false) return { records: accepted.map((a) => a.record), missing: [], notes: [] };
  const checker = new ClipChecker(opts.root, opts.allowRoots ?? []);
  const states = await checkClips(checker, accepted.map((a) => a.abs), opts.onProgress);

  const frames = await frameCounts(accepted.map((a, i) => (states[i] === 'present' && mayBeFrameFolder(a.record.video) ? a.abs : undefined)));
  const records: SampleRecord[] = [];
  const missing: string[] = [];
  const empty: string[] = [];
  accepted.forEach((a, i) => {
    const where = a.key !== undefined ? { field: `${a.key}.video` } : { line: a.line, field: 'video' };
    if (states[i] === 'escapes') {
      problems.push({ file: opts.annotations, ...where, message: `"${a.record.video}" is a link that resolves outside the dataset root and allowRoots` });
      return;
    }
    if (states[i] === 'missing') missing.push(a.record.video);
    if (frames[i] === 0) {
      // An empty frame folder is a clip still to come, like a missing file.
      missing.push(a.record.video);
      empty.push(a.record.video);
    }
    records.push(a.record);
  });
  const notes: string[] = [];
  // A folder with other than the annotated number of frames puts every step range off.
  const off = [...new Set(accepted.flatMap((a, i) => (a.frames !== undefined && frames[i] !== undefined && frames[i] !== 0 && frames[i] !== a.frames ? [`${a.record.video} (${frames[i]} frames, ${a.frames} annotated)`] : [])))];
  if (off.length > 0) notes.push(`${off.length} frame folder(s) hold another number of frames than their annotation: ${off.slice(0, MISSING_EXAMPLES).join(', ')}`);
  const folders = new Map<string, number>();
  accepted.forEach((a, i) => frames[i] && folders.set(a.record.video, frames[i]!));
  if (folders.size > 0) {
    const [min, max] = [...folders.values()].reduce(([lo, hi], n) => [Math.min(lo, n), Math.max(hi, n)], [Infinity, 0]);
    notes.push(`${folders.size} clip(s) are frame folders: ${min} to ${max} frames each`);
  }
  const emptyFolders = [...new Set(empty)];
  if (emptyFolders.length > 0) notes.push(`${emptyFolders.length} frame folder(s) hold no frames (.jpg, .jpeg, .png), e.g. ${emptyFolders.slice(0, MISSING_EXAMPLES).join(', ')} (under ${opts.root})`);
  if (missing.length > empty.length) notes.push(`missing clips are looked for under ${opts.root}`);
  return { records, missing, notes };
}

/** The number of frames in each frame folder (undefined where the clip is not a folder), a few folders at a time; each folder listed once. */
async function frameCounts(folders: (string | undefined)[]): Promise<(number | undefined)[]> {
  const out = new Array<number | undefined>(folders.length);
  const listed = new Map<string, Promise<number | undefined>>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < folders.length) {
      const i = next++;
      const dir = folders[i];
      if (dir === undefined) continue;
      let n = listed.get(dir);
      if (!n) listed.set(dir, (n = listFrames(dir).then((f) => f?.length, () => undefined)));
      out[i] = await n;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return out;
}

/** Vocabulary and ranges of inferred fields, from the records that were kept. */
function tighten(first: LabelSchema, records: SampleRecord[], opts: ImportOptions): LabelSchema {
  const types: Record<string, LabelType> = {};
  for (const [k, f] of Object.entries(first)) types[k] = f.type;
  const again = inferSchema(collectValues(records.map((r) => r.labels)), { overrides: opts.labels, types });
  // A field whose every value was rejected keeps its first inference, so the schema still names it.
  return { ...first, ...again };
}

/** Problems in file order (stable: a record's problems keep their field order). */
function sortByLine(problems: InputProblem[]): InputProblem[] {
  return problems.map((p, i) => ({ p, i })).sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i).map((x) => x.p);
}
