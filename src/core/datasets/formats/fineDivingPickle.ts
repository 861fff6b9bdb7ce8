import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { InputProblem } from '../../util/errors';
import type { ImportOptions, SourceRead } from '../options';
import { fillPattern } from '../clipPath';
import { PickledObject, readPickle } from '../pickle';
import { DIVE_TYPES, diveLabels, frameRuns, middleThree, numberList, secs } from './dive';
import { FINEDIVING_PATTERN } from './finediving';

/** The files of FineDiving's `Annotations/` folder read next to the annotation pickle. */
export const FINEDIVING_FILES = {
  annotations: 'FineDiving_fine-grained_annotation.pkl',
  coarse: 'FineDiving_coarse_annotation.pkl',
  table: 'Sub_action_Types_Table.pkl',
  train: 'train_split.pkl',
  test: 'test_split.pkl',
} as const;

/**
 * FineDiving as shipped: `FineDiving_fine-grained_annotation.pkl`, a dict keyed by the
 * tuple `(video_name, clip_index)` whose value is a dict {action_type ("407c"), dive_score,
 * difficulty, steps_transit_frames (numpy array: each step's last frame), frames_labels
 * (numpy array: the sub-action id of every frame of the clip), sub-action_types ({id:
 * name})}. Read next to it when present: `train_split.pkl` / `test_split.pkl` (lists of
 * keys: the split), `Sub_action_Types_Table.pkl` ({id: name}, for a clip without its own
 * names) and `FineDiving_coarse_annotation.pkl` (same keys; its `judge_scores`).
 *
 * Record: id `<video_name>-<clip_index>`, video from `clipPattern` (default
 * `{video_name}/{clip_index}`, the clip's frame folder as in FINADiving_MTL_256s). Labels:
 * action_type (class, upper case) and its meaning (dive, rotation, somersaults, twists,
 * position, armstand), difficulty and dive_score (numbers), judge_scores (sequence, in
 * judge order) and execution_score (their middle three summed), steps (sequence: the runs
 * of frames_labels, named) and with `fps` step_1..step_k (temporal_range in seconds from
 * the clip's first frame). A problem names the file, the key and the field.
 */
export async function readFineDivingPickle(opts: ImportOptions, bytes: Uint8Array): Promise<SourceRead> {
  const file = opts.annotations;
  const out: SourceRead = { candidates: [], problems: [], read: 0, types: DIVE_TYPES, notes: [] };
  const dir = path.dirname(file);
  let data: unknown;
  try {
    data = readPickle(bytes);
  } catch (err) {
    out.problems.push({ file, message: `not a readable pickle: ${(err as Error).message}` });
    return out;
  }
  if (!(data instanceof Map)) {
    out.problems.push({ file, message: `expected a dict keyed by (video_name, clip_index), got ${pyType(data)}` });
    return out;
  }
  const side = async (name: string): Promise<unknown> => sidePickle(path.join(dir, name), out.problems);
  const [train, test, table, coarse] = await Promise.all([side(FINEDIVING_FILES.train), side(FINEDIVING_FILES.test), side(FINEDIVING_FILES.table), side(FINEDIVING_FILES.coarse)]);
  const splitOf = new Map<string, 'train' | 'test'>();
  for (const [list, split] of [[train, 'train'], [test, 'test']] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) out.problems.push({ file: path.join(dir, FINEDIVING_FILES[split]), message: `expected a list of (video_name, clip_index), got ${pyType(list)}` });
    else for (const k of list) if (isKey(k)) splitOf.set(keyText(k), split);
  }
  const names = table instanceof Map ? table : new Map();
  const coarseOf = coarse instanceof Map ? new Map([...coarse].filter(([k]) => isKey(k)).map(([k, v]) => [keyText(k as Key), v])) : new Map<string, unknown>();

  let rangesLeftOut = false;
  let noSplit = 0;
  for (const [rawKey, value] of data) {
    out.read++;
    if (!isKey(rawKey)) {
      out.problems.push({ file, field: pyRepr(rawKey), message: 'key is not (video_name, clip_index)' });
      continue;
    }
    const key = keyText(rawKey);
    let bad = false;
    const problem = (field: string | undefined, message: string): void => {
      bad = true;
      out.problems.push({ file, field: field === undefined ? key : `${key}.${field}`, message });
    };
    if (!(value instanceof Map)) {
      problem(undefined, `expected a dict {action_type, dive_score, difficulty, frames_labels, ...}, got ${pyType(value)}`);
      continue;
    }
    const get = (k: string): unknown => value.get(k);
    for (const k of ['action_type', 'dive_score', 'difficulty']) if (get(k) instanceof PickledObject) problem(k, `unexpected ${pyType(get(k))}`);
    const dive = diveLabels(get('action_type'));
    if (dive.problem) problem('action_type', dive.problem);

    const frames = get('frames_labels');
    const runs = frames === undefined ? undefined : numberList(frames) ? frameRuns(frames as number[]) : undefined;
    if (frames !== undefined && !runs) problem('frames_labels', `expected a list of sub-action ids, one per frame, got ${pyType(frames)}`);
    const own = get('sub-action_types');
    const nameOf = (id: number): string => String((own instanceof Map ? own.get(id) : undefined) ?? names.get(id) ?? id);

    const judges = coarseOf.get(key) instanceof Map ? (coarseOf.get(key) as Map<string, unknown>).get('judge_scores') : undefined;
    const execution = middleThree(judges);
    if (typeof execution === 'string') {
      bad = true;
      out.problems.push({ file: path.join(dir, FINEDIVING_FILES.coarse), field: `${key}.judge_scores`, message: execution });
    }

    const labels: Record<string, unknown> = {
      ...dive.labels,
      difficulty: get('difficulty'),
      dive_score: get('dive_score'),
      judge_scores: numberList(judges)?.map(String),
      execution_score: typeof execution === 'number' ? execution : undefined,
      steps: runs?.map((r) => nameOf(r.id)),
    };
    if (runs && runs.length > 0) {
      if (opts.fps === undefined) rangesLeftOut = true;
      else runs.forEach((r, i) => (labels[`step_${i + 1}`] = [secs(r.first, opts.fps!), secs(r.end, opts.fps!)]));
    }
    if (bad) continue;
    const ids = { video_name: String(rawKey[0]), clip_index: String(rawKey[1]) };
    const video = fillPattern(opts.clipPattern ?? FINEDIVING_PATTERN, { ...ids, action_type: labels.action_type });
    if (!video.ok) {
      problem(video.field, video.message);
      continue;
    }
    const split = splitOf.get(key);
    if (!split && splitOf.size > 0) noSplit++;
    const annotated = numberList(frames)?.length;
    out.candidates.push({ line: out.read, key, id: `${ids.video_name}-${ids.clip_index}`, video: video.value, split: split ?? opts.split, labels, ...(annotated !== undefined && { frames: annotated }) });
  }
  if (rangesLeftOut) out.notes!.push('no fps given: step time ranges (step_1, step_2, ...) left out; set fps to add them');
  if (noSplit > 0) out.notes!.push(`${noSplit} clip(s) are in neither ${FINEDIVING_FILES.train} nor ${FINEDIVING_FILES.test}: split ${opts.split ?? 'train'}`);
  if (coarse === undefined) out.notes!.push(`no ${FINEDIVING_FILES.coarse} next to the annotations: no judge scores`);
  return out;
}

type Key = [string, number | string];

function isKey(k: unknown): k is Key {
  return Array.isArray(k) && k.length === 2 && typeof k[0] === 'string' && (typeof k[1] === 'number' || typeof k[1] === 'string');
}

/** The key as Python writes it, e.g. `('01', 1)`: how a FineDiving user knows a clip. */
function keyText(k: Key): string {
  return `(${pyRepr(k[0])}, ${pyRepr(k[1])})`;
}

function pyRepr(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(', ')})`;
  return String(v);
}

function pyType(v: unknown): string {
  if (v instanceof PickledObject) return `a ${v.pythonClass} object`;
  if (v instanceof Map) return 'a dict';
  if (Array.isArray(v)) return 'a list or tuple';
  if (v instanceof Uint8Array) return 'bytes';
  return v === null || v === undefined ? 'None' : typeof v === 'number' ? 'a number' : typeof v === 'string' ? 'a str' : typeof v;
}

/** A companion pickle: undefined when absent; a problem (and undefined) when unreadable. */
async function sidePickle(file: string, problems: InputProblem[]): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problems.push({ file, message: `unreadable: ${(err as Error).message}` });
    return undefined;
  }
  try {
    return readPickle(bytes);
  } catch (err) {
    problems.push({ file, message: `not a readable pickle: ${(err as Error).message}` });
    return undefined;
  }
}
