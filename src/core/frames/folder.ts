import { promises as fsp, readdirSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A clip may be a folder of frames (`FINADiving_MTL_256s/<video>/<clip>/00000.jpg`…), as
 * many research datasets ship them. The frames are its image files in the order of their
 * names (numbers compared as numbers, so `9.jpg` comes before `10.jpg`), one per 1/fps s.
 */

export const FRAME_EXTENSIONS = ['.jpg', '.jpeg', '.png'] as const;
/** Frames per second assumed for a frame folder when nobody says (PAL broadcast, FineDiving's source). */
export const DEFAULT_FOLDER_FPS = 25;

const VIDEO_EXTENSIONS = new Set(['.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi', '.mpg', '.mpeg', '.ogv', '.flv', '.wmv', '.3gp', '.ts', '.gif']);

/** Whether a clip path can name a frame folder: its last part has no video file extension. */
export function mayBeFrameFolder(clip: string): boolean {
  return !VIDEO_EXTENSIONS.has(path.extname(clip).toLowerCase());
}

const isFrame = (name: string): boolean => (FRAME_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase()) && !name.startsWith('.');

const byNumber = new Intl.Collator('en', { numeric: true }).compare;

/** The frame file names of a folder in order; undefined when `dir` is not a folder. */
export async function listFrames(dir: string): Promise<string[] | undefined> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'ENOENT') return undefined;
    throw err;
  }
  return names.filter(isFrame).sort(byNumber);
}

/** The first frame's name, read at once (for a tree row that opens it); undefined when none. */
export function firstFrameSync(dir: string): string | undefined {
  try {
    return readdirSync(dir).filter(isFrame).sort(byNumber)[0];
  } catch {
    return undefined;
  }
}

/** Whether `p` is a folder (not following a missing path into an error). */
export async function isFolder(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * ffmpeg's image-sequence pattern for frames named by consecutive numbers of one width
 * (`00000.jpg`, `00001.jpg`… → `%05d.jpg` from 0), or undefined when the names are not such
 * a run (then each frame is given as its own input).
 */
export function sequencePattern(names: readonly string[]): { pattern: string; start: number } | undefined {
  if (names.length === 0) return undefined;
  const m0 = /^(\d+)(\.[A-Za-z]+)$/.exec(names[0]!);
  if (!m0) return undefined;
  const [, digits, ext] = m0 as unknown as [string, string, string];
  const width = digits.length;
  const start = Number(digits);
  for (let i = 0; i < names.length; i++) {
    const want = String(start + i).padStart(width, '0') + ext;
    if (names[i] !== want) return undefined;
  }
  // %d with no width when the first name has no leading zero and widths vary.
  const padded = digits.startsWith('0') || names.every((n) => n.length === names[0]!.length);
  return { pattern: padded ? `%0${width}d${ext}` : `%d${ext}`, start };
}

/** Frame indices [from, to) of a folder of `count` frames for the range [start, end] s at `fps`. */
export function frameRange(count: number, fps: number, start?: number, end?: number): { from: number; to: number } {
  const from = Math.min(count, Math.max(0, Math.floor((start ?? 0) * fps + 1e-9)));
  const to = end === undefined ? count : Math.min(count, Math.max(from, Math.ceil(end * fps - 1e-9)));
  return { from, to: to > from ? to : Math.min(count, from + 1) };
}
