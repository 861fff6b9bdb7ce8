import { promises as fsp } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ffmpegBinary, probeDuration, run } from './run';
import { mp4Duration } from './mp4';
import { FfmpegMissingError } from '../sample/ffmpeg';
import { DEFAULT_FOLDER_FPS, frameRange, listFrames } from './folder';

/**
 * N frames sampled uniformly from a clip's [start, end] as JPEGs no larger than
 * `maxSide`, with one ffmpeg run (one fast input seek per frame). Results are cached on
 * disk, keyed by file, modification time, range, N and size, and published by rename so
 * a reader never sees half a set.
 */

export interface FrameOptions {
  frames: number;
  /** Longest side in pixels (default 448); frames are never upscaled. */
  maxSide?: number;
  start?: number;
  end?: number;
  ffmpeg?: string;
  /** Cache folder (default: $VSTAR_CACHE or the OS temp folder, under vstar-frames). */
  cacheDir?: string;
  /** JPEG quality for ffmpeg's -q:v (2 best … 31 worst; default 4). */
  quality?: number;
  /** Frames per second of a clip that is a folder of frames (default 25). */
  fps?: number;
  signal?: AbortSignal;
}

export interface SampledFrames {
  /** Absolute paths of the JPEGs, in time order. */
  files: string[];
  /** Timestamps in seconds of each frame in the source file. */
  times: number[];
  cached: boolean;
}

export function defaultCacheDir(): string {
  return process.env.VSTAR_CACHE ? join(process.env.VSTAR_CACHE, 'frames') : join(tmpdir(), 'vstar-frames');
}

/** Centers of N equal parts of [start, end]: uniform, never the very first/last frame. */
export function uniformTimes(start: number, end: number, n: number): number[] {
  const d = Math.max(0, end - start);
  return Array.from({ length: n }, (_, i) => start + ((i + 0.5) * d) / n);
}

/** The ffmpeg argv extracting one frame at each time into `out/000.jpg`, `001.jpg`… */
export function frameArgs(file: string, times: readonly number[], maxSide: number, out: string, quality = 4): string[] {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];
  for (const t of times) args.push('-ss', t.toFixed(3), '-i', file);
  const scale = `scale='min(${maxSide},iw)':'min(${maxSide},ih)':force_original_aspect_ratio=decrease`;
  times.forEach((_, i) => {
    args.push('-map', `${i}:v:0`, '-frames:v', '1', '-vf', scale, '-q:v', String(quality), join(out, `${String(i).padStart(3, '0')}.jpg`));
  });
  return args;
}

/**
 * The argv turning chosen frames of a frame folder into `out/000.jpg`…: each image is an
 * input of its own (ffmpeg's image2 demuxer), scaled like a frame taken from a video.
 */
export function imageFrameArgs(images: readonly string[], maxSide: number, out: string, quality = 4): string[] {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];
  // pattern_type none: a `%` in a frame's name is a character, not a sequence pattern.
  for (const f of images) args.push('-f', 'image2', '-pattern_type', 'none', '-i', f);
  const scale = `scale='min(${maxSide},iw)':'min(${maxSide},ih)':force_original_aspect_ratio=decrease`;
  images.forEach((_, i) => {
    args.push('-map', `${i}:v:0`, '-frames:v', '1', '-vf', scale, '-q:v', String(quality), join(out, `${String(i).padStart(3, '0')}.jpg`));
  });
  return args;
}

/** A frame folder seen as a clip: its frames in order and its length in seconds. */
interface FolderClip {
  dir: string;
  names: string[];
  fps: number;
}

export async function sampleFrames(file: string, o: FrameOptions): Promise<SampledFrames> {
  if (!Number.isInteger(o.frames) || o.frames < 1) throw new Error(`frames must be a positive whole number (got ${o.frames})`);
  const abs = resolve(file);
  const st = await fsp.stat(abs);
  let folder: FolderClip | undefined;
  if (st.isDirectory()) {
    const names = (await listFrames(abs)) ?? [];
    if (names.length === 0) throw new Error(`${file}: the frame folder holds no frames (.jpg, .jpeg, .png)`);
    folder = { dir: abs, names, fps: o.fps ?? DEFAULT_FOLDER_FPS };
  }
  const maxSide = o.maxSide ?? 448;
  const ffmpeg = ffmpegBinary(o.ffmpeg);
  const key = createHash('sha256')
    .update(JSON.stringify([abs, st.mtimeMs, st.size, o.start ?? null, o.end ?? null, o.frames, maxSide, o.quality ?? 4, ...(folder ? [folder.fps, folder.names.length] : [])]))
    .digest('hex')
    .slice(0, 32);
  const cache = o.cacheDir ?? defaultCacheDir();
  const dir = join(cache, key.slice(0, 2), key);
  // Several questions about one clip ask for its frames at once: one ffmpeg run serves them.
  let running = inFlight.get(dir);
  if (!running) {
    running = sampleInto(abs, file, dir, cache, key, ffmpeg, maxSide, o, folder);
    inFlight.set(dir, running);
    void running.then(
      () => inFlight.delete(dir),
      () => inFlight.delete(dir),
    );
  }
  return running;
}

const inFlight = new Map<string, Promise<SampledFrames>>();

async function sampleInto(abs: string, file: string, dir: string, cache: string, key: string, ffmpeg: string, maxSide: number, o: FrameOptions, folder?: FolderClip): Promise<SampledFrames> {
  const names = Array.from({ length: o.frames }, (_, i) => join(dir, `${String(i).padStart(3, '0')}.jpg`));
  const start = o.start ?? 0;
  const end = folder
    ? Math.min(o.end ?? Infinity, folder.names.length / folder.fps)
    : (o.end ?? (await cachedTimes(dir)) ?? (await mp4Duration(abs).catch(() => undefined)) ?? (await probeDuration(abs, ffmpeg, o.signal)));
  if (folder && start >= end) throw new Error(`${file}: ${start} s is past the end of its ${folder.names.length} frames at ${folder.fps} fps`);
  let times = uniformTimes(start, end, o.frames);
  let images: string[] | undefined;
  if (folder) {
    // The frame shown at time t is frame ⌊t·fps⌋; its time is its start.
    const { from, to } = frameRange(folder.names.length, folder.fps, start, end);
    const picks = times.map((t) => Math.min(to - 1, Math.max(from, Math.floor(t * folder.fps + 1e-9))));
    times = picks.map((i) => Math.round((i / folder.fps) * 1000) / 1000);
    images = picks.map((i) => join(folder.dir, folder.names[i]!));
  }
  if (await exists(join(dir, 'times.json'))) return { files: names, times: await readTimes(dir, times), cached: true };
  await fsp.mkdir(join(cache, key.slice(0, 2)), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await fsp.mkdir(tmp);
  try {
    const argv = images ? imageFrameArgs(images, maxSide, tmp, o.quality) : frameArgs(abs, times, maxSide, tmp, o.quality);
    await run(ffmpeg, argv, o.signal).catch((err: Error) => {
      // ffmpeg's own words ("matches no streams", "moov atom not found") do not say which clip.
      throw o.signal?.aborted || err instanceof FfmpegMissingError || err.message.includes(file) ? err : new Error(`${file}: ${err.message}`);
    });
    for (let i = 0; i < o.frames; i++) {
      if (!(await exists(join(tmp, `${String(i).padStart(3, '0')}.jpg`)))) throw new Error(`${file}: ffmpeg gave no frame at ${times[i]!.toFixed(3)} s`);
    }
    await fsp.writeFile(join(tmp, 'times.json'), JSON.stringify({ end, times }));
    try {
      await fsp.rename(tmp, dir);
    } catch (err) {
      // Someone else published the same set first: theirs is as good as ours.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    }
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true });
  }
  return { files: names, times, cached: false };
}

/** Frames as `data:image/jpeg;base64,…` URLs (for `image_url` parts). */
export async function framesAsDataUrls(frames: SampledFrames): Promise<string[]> {
  return Promise.all(frames.files.map(async (f) => `data:image/jpeg;base64,${(await fsp.readFile(f)).toString('base64')}`));
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}

async function cachedTimes(dir: string): Promise<number | undefined> {
  try {
    return (JSON.parse(await fsp.readFile(join(dir, 'times.json'), 'utf8')) as { end: number }).end;
  } catch {
    return undefined;
  }
}

async function readTimes(dir: string, fallback: number[]): Promise<number[]> {
  try {
    return (JSON.parse(await fsp.readFile(join(dir, 'times.json'), 'utf8')) as { times: number[] }).times;
  } catch {
    return fallback;
  }
}
