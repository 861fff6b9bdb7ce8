import type { FormatReader, SourceRead } from '../options';
import { fillPattern } from '../clipPath';
import { jsonElements, typeName } from '../jsonSource';
import { splitFromFileName } from '../values';
import { DIVE_TYPES, diveLabels, middleThree, numberList, secs } from './dive';

/** FineDiving's clips are folders of JPEG frames, `FINADiving_MTL_256s/<video>/<clip>/00000.jpg`. */
export const FINEDIVING_PATTERN = '{video_name}/{clip_index}';
/** Positions in the pickle's tuple value, as FineDiving's own loader reads them. */
const TUPLE = ['action_type', 'dive_score', 'difficulty', 'steps_transit_frames', 'frames_labels'] as const;
const TABLE_KEY = '#sub_action_types';

/**
 * FineDiving, rendered as JSON. The public annotation is a pickle dict keyed by the tuple
 * (video_name, clip_index) whose value is the tuple (action_type, dive_score, difficulty,
 * steps_transit_frames, frames_labels); sub-action names live in Sub_action_Types_Table.
 * JSON has no tuple keys, so the rendering is:
 *
 *   {
 *     "#sub_action_types": {"1": "Inward", "7": "3.5 Soms.Pos.C", "9": "Entry"},  // optional table
 *     "01/1": ["407C", 73.6, 3.2, [38, 67], [1, 1, ..., 7, ..., 9]],            // the tuple as is
 *     "01/2": {"action_type": "307C", "dive_score": 64.8, "difficulty": 3.5,   // or named fields
 *              "judge_scores": [6.5, 6.0, 6.0, 6.5, 6.5, 6.0, 6.0],
 *              "start_frame": 0, "end_frame": 96, "steps_transit_frames": [35, 70],
 *              "sub_action_types": ["Reverse", "3.5 Soms.Pos.C", "Entry"], "split": "test"}
 *   }
 *
 * i.e. `json.dump({f"{v}/{c}": t for (v, c), t in pickle.load(f).items()})`. Keys starting
 * with `#` are metadata, not clips. Record: id `<video_name>-<clip_index>`, video from
 * `clipPattern` (default `{video_name}/{clip_index}`: the clip's frame folder). Labels as
 * for the pickles (fineDivingPickle.ts): action_type (class, the dive number) and what it
 * means (dive, rotation, somersaults, twists, position, armstand), difficulty, dive_score,
 * judge_scores, execution_score (sum of the middle three judge scores, when judge_scores are given),
 * steps (sequence of sub-action names: `sub_action_types`, else the runs of frames_labels
 * named through the table), and with `fps`, step_1..step_k (temporal_range in seconds from
 * the clip's first frame, split at steps_transit_frames; the last step needs end_frame or
 * frames_labels).
 */
export const readFineDiving: FormatReader = (opts, text) => {
  const file = opts.annotations;
  const json = jsonElements(text, file);
  const out: SourceRead = {
    candidates: [],
    problems: json.problems,
    read: json.read,
    types: DIVE_TYPES,
    notes: [],
  };
  if (json.kind === 'array') {
    out.problems.push({ file, line: 1, message: 'expected a JSON object keyed by "<video_name>/<clip_index>"' });
    return out;
  }
  const tableEl = json.elements.find((e) => e.key === TABLE_KEY);
  const table = tableEl && tableEl.value && typeof tableEl.value === 'object' ? (tableEl.value as Record<string, unknown>) : {};
  const split = opts.split ?? splitFromFileName(file);
  let rangesLeftOut = false;

  for (const { line, key = '', value } of json.elements) {
    if (key.startsWith('#')) {
      out.read--;
      continue;
    }
    let bad = false;
    const problem = (field: string | undefined, message: string): void => {
      bad = true;
      out.problems.push({ file, line, ...(field !== undefined && { field }), message });
    };
    const slash = key.lastIndexOf('/');
    if (slash <= 0 || slash === key.length - 1) {
      problem('key', `"${key}" is not "<video_name>/<clip_index>"`);
      continue;
    }
    const ids = { video_name: key.slice(0, slash), clip_index: key.slice(slash + 1) };
    let e: Record<string, unknown>;
    if (Array.isArray(value)) e = Object.fromEntries(TUPLE.map((name, i) => [name, value[i]]));
    else if (value && typeof value === 'object') e = value as Record<string, unknown>;
    else {
      problem(undefined, `expected an object or the annotation tuple, got ${typeName(value)}`);
      continue;
    }

    const frames = numberList(e.frames_labels);
    const transits = numberList(e.steps_transit_frames);
    if (e.frames_labels !== undefined && !frames) problem('frames_labels', 'expected a list of sub-action ids, one per frame');
    if (e.steps_transit_frames !== undefined && !transits) problem('steps_transit_frames', 'expected a list of frame numbers');
    const startFrame = typeof e.start_frame === 'number' ? e.start_frame : 0;
    const endFrame = typeof e.end_frame === 'number' ? e.end_frame : frames ? startFrame + frames.length - 1 : undefined;
    const bounds = transits ? [startFrame, ...transits, ...(endFrame !== undefined ? [endFrame] : [])] : undefined;
    if (bounds && bounds.some((b, i) => i > 0 && b < bounds[i - 1]!)) {
      problem('steps_transit_frames', `frames ${JSON.stringify(transits)} must increase and lie within ${startFrame}..${endFrame ?? '?'}`);
    }
    const execution = middleThree(e.judge_scores);
    if (typeof execution === 'string') problem('judge_scores', execution);

    const dive = diveLabels(e.action_type);
    if (dive.problem) problem('action_type', dive.problem);
    const steps = Array.isArray(e.sub_action_types) ? e.sub_action_types : frames ? runs(frames).map((id) => String(table[String(id)] ?? id)) : undefined;
    const labels: Record<string, unknown> = {
      ...dive.labels,
      difficulty: e.difficulty,
      dive_score: e.dive_score,
      judge_scores: numberList(e.judge_scores)?.map(String),
      execution_score: typeof execution === 'number' ? execution : undefined,
      steps,
    };
    if (bounds && bounds.length >= 2) {
      if (opts.fps === undefined) rangesLeftOut = true;
      else for (let i = 0; i + 1 < bounds.length; i++) labels[`step_${i + 1}`] = [secs(bounds[i]! - startFrame, opts.fps), secs(bounds[i + 1]! - startFrame, opts.fps)];
    }
    if (bad) continue;
    const video = fillPattern(opts.clipPattern ?? FINEDIVING_PATTERN, { ...e, ...ids });
    if (!video.ok) {
      problem(video.field, video.message);
      continue;
    }
    out.candidates.push({
      line,
      id: `${ids.video_name}-${ids.clip_index}`,
      video: video.value,
      split: e.split ?? split,
      labels,
    });
  }
  if (rangesLeftOut) out.notes!.push('no fps given: step time ranges (step_1, step_2, ...) left out; set fps to add them');
  return out;
};

/** Consecutive distinct values: the order of sub-actions in per-frame labels. */
function runs(frames: number[]): number[] {
  return frames.filter((f, i) => i === 0 || f !== frames[i - 1]);
}
