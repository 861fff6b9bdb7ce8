import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { LabelSchema } from '../datasets/labels';
import type { SampleRecord } from '../datasets/record';
import { writeFileAtomic } from '../util/atomic';
import { encodeFrames, ffmpegBinary, segmentFile } from './ffmpeg';
import { childSeed, mulberry32 } from './prng';
import { COLORS, SHAPES, renderFrame, type PixelBox } from './raster';
import { DIRECTIONS, eventsOf, isSeen, isWhole, planClip, type ClipPlan, type MotionKind } from './scene';

/**
 * The bundled synthetic sample dataset: short clips of one coloured shape moving on a
 * plain background, with a label of every type, made from a seed (no downloads).
 */

export const DEFAULT_SAMPLE_COUNT = 48;

/** The label schema of the sample, typed explicitly (written as <out>/schema.json). */
export const SAMPLE_LABEL_SCHEMA: LabelSchema = {
  shape: { type: 'class', values: [...SHAPES] },
  color: { type: 'class', values: [...COLORS] },
  direction: { type: 'class', values: [...DIRECTIONS] },
  speed: { type: 'number', min: 0, unit: 'px/s' },
  visible: { type: 'temporal_range', unit: 's' },
  end_box: { type: 'bbox', normalized: true },
  events: { type: 'sequence' },
  bounces: { type: 'yes_no' },
};

export interface SampleOptions {
  out: string;
  count: number;
  seed: number;
  width?: number;
  height?: number;
  fps?: number;
  seconds?: number;
  ffmpeg?: string;
  /** ffmpeg processes at once (default 2: the encoders are single-threaded). */
  parallel?: number;
  /** Clips per ffmpeg process (default 8). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SampleResult {
  records: SampleRecord[];
  annotations: string;
  schema: string;
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

function boxesOf(plan: ClipPlan, width: number, height: number): (PixelBox | null)[] {
  const buf = Buffer.alloc(width * height * 3);
  return plan.centres.map(([cx, cy]) => renderFrame({ width, height, background: plan.background, shape: plan.shape, color: plan.color, cx, cy, r: plan.r }, buf).box);
}

/** Labels read off the rendered boxes (visible range, end box) and the plan's motion. */
export function labelsOf(plan: ClipPlan, boxes: (PixelBox | null)[], width: number, height: number, fps: number): SampleRecord['labels'] {
  const shown = boxes.flatMap((b, i) => (isSeen(b, plan.r) ? [i] : []));
  const firstI = shown[0] ?? 0;
  const lastI = shown[shown.length - 1] ?? 0;
  // Where it ends: the last frame that shows the whole shape. A shape leaving the frame
  // ends as a sliver at the edge, which is no useful answer to "where does it end up".
  let end: PixelBox = [0, 0, width - 1, height - 1];
  for (const b of boxes) if (isWhole(b, width, height)) end = b;
  return {
    shape: plan.shape,
    color: plan.color,
    direction: plan.direction,
    speed: plan.speed,
    // A frame i is on screen during [i/fps, (i+1)/fps).
    visible: [round(firstI / fps, 3), round((lastI + 1) / fps, 3)],
    end_box: [round(end[0] / width), round(end[1] / height), round((end[2] + 1) / width), round((end[3] + 1) / height)],
    events: eventsOf(plan),
    bounces: plan.kind === 'bounce',
  };
}

/** Splits by a seeded shuffle: about 70/15/15, with at least one val and test clip from 3 clips on. */
function splits(count: number, seed: number): SampleRecord['split'][] {
  const order = mulberry32(seed ^ 0x5bd1e995).shuffle(Array.from({ length: count }, (_, i) => i));
  const nHeld = count >= 3 ? Math.max(1, Math.round(count * 0.15)) : 0;
  const out: SampleRecord['split'][] = new Array<SampleRecord['split']>(count).fill('train');
  order.forEach((clip, k) => {
    if (k < nHeld) out[clip] = 'val';
    else if (k < 2 * nHeld) out[clip] = 'test';
  });
  return out;
}

/** Cycles through the motion kinds so every kind (and so every event) shows up in small sets. */
const KIND_CYCLE: MotionKind[] = ['bounce', 'enter', 'leave', 'stay', 'cross'];
function kindFor(i: number, seed: number): MotionKind {
  return KIND_CYCLE[(i + seed) % KIND_CYCLE.length] as MotionKind;
}

export interface SamplePlan {
  width: number;
  height: number;
  fps: number;
  records: SampleRecord[];
  plans: ClipPlan[];
}

/**
 * Plans every clip and its labels without encoding anything: the same options give the
 * same records on every machine (the labels come from the plan's rendering, not ffmpeg).
 */
export function planSample(o: Omit<SampleOptions, 'out' | 'ffmpeg' | 'parallel' | 'onProgress'>): SamplePlan {
  const width = o.width ?? 96;
  const height = o.height ?? 96;
  const fps = o.fps ?? 10;
  const seconds = o.seconds ?? 3;
  if (width % 2 || height % 2 || width < 32 || height < 32) throw new Error(`width and height must be even and >= 32 (yuv420p), got ${width}x${height}`);
  if (!Number.isInteger(o.count) || o.count < 1) throw new Error(`count must be a whole number >= 1, got ${o.count}`);
  const g = { width, height, fps, frames: Math.round(fps * seconds) };
  const split = splits(o.count, o.seed);
  const records: SampleRecord[] = [];
  const plans: ClipPlan[] = [];
  for (let i = 0; i < o.count; i++) {
    const rng = mulberry32(childSeed(o.seed, i));
    const { plan, boxes } = planClip(rng, g, { kind: kindFor(i, o.seed), boxesOf: (p) => boxesOf(p, width, height) });
    const id = `clip-${String(i + 1).padStart(4, '0')}`;
    plans.push(plan);
    records.push({ id, video: `clips/${id}.mp4`, split: split[i] ?? 'train', labels: labelsOf(plan, boxes, width, height, fps) });
  }
  return { width, height, fps, records, plans };
}

/** Renders and encodes the sample into `out`: clips/<id>.mp4, annotations.jsonl, schema.json. */
export async function makeSampleDataset(o: SampleOptions): Promise<SampleResult> {
  const { width, height, fps, records, plans } = planSample(o);
  const ffmpeg = ffmpegBinary(o.ffmpeg);
  const clipsDir = join(o.out, 'clips');
  await fs.mkdir(clipsDir, { recursive: true });

  // Clips are encoded in batches, one ffmpeg per batch, `parallel` batches at a time.
  const batchSize = Math.max(1, o.batchSize ?? 8);
  const batches: number[][] = [];
  for (let i = 0; i < o.count; i += batchSize) batches.push(Array.from({ length: Math.min(batchSize, o.count - i) }, (_, k) => i + k));
  let done = 0;
  let stopped = false;
  o.onProgress?.(0, o.count);
  const framesPerClip = plans[0]?.centres.length ?? 0;
  const encodeBatch = async (batch: number[], k: number): Promise<void> => {
    // Encode into a temp folder and rename each clip, so an interrupted run never leaves a half clip.
    const tmp = join(clipsDir, `.tmp-${process.pid}-${k}`);
    await fs.mkdir(tmp, { recursive: true });
    function* frames(): Generator<Buffer> {
      for (const i of batch) {
        const p = plans[i] as ClipPlan;
        for (const [cx, cy] of p.centres) yield renderFrame({ width, height, background: p.background, shape: p.shape, color: p.color, cx, cy, r: p.r }).buf;
      }
    }
    try {
      const out = batch.length > 1 ? tmp : segmentFile(tmp, 0);
      await encodeFrames(frames(), { ffmpeg, width, height, fps, out, clips: batch.length, framesPerClip });
      for (const [j, i] of batch.entries()) await fs.rename(segmentFile(tmp, j), join(o.out, (records[i] as SampleRecord).video));
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
    done += batch.length;
    o.onProgress?.(done, o.count);
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length && !stopped) {
      const k = next++;
      try {
        await encodeBatch(batches[k] as number[], k);
      } catch (err) {
        stopped = true; // the first failure (e.g. no ffmpeg) ends the run; don't start more
        throw err;
      }
    }
  };
  const parallel = Math.max(1, Math.min(o.parallel ?? 2, batches.length));
  await Promise.all(Array.from({ length: parallel }, worker));

  const annotations = join(o.out, 'annotations.jsonl');
  const schema = join(o.out, 'schema.json');
  await writeFileAtomic(annotations, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await writeFileAtomic(schema, JSON.stringify(SAMPLE_LABEL_SCHEMA, null, 2) + '\n');
  return { records, annotations, schema };
}
