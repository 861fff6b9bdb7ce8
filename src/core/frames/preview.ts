import { promises as fsp } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ffmpegBinary, probeVideo, run } from './run';
import { DEFAULT_FOLDER_FPS, frameRange, isFolder, listFrames, sequencePattern } from './folder';

/**
 * Previews for clips a VS Code webview cannot play (its Chromium has no HEVC, MPEG-4
 * Part 2, AVI/MKV/MOV demuxing…): H.264 in MP4, yuv420p, +faststart, no audio, plus a
 * poster JPEG. Cached by file, modification time, range and size.
 */

export interface PreviewOptions {
  start?: number;
  end?: number;
  /** Longest side (default 640). */
  maxSide?: number;
  ffmpeg?: string;
  cacheDir?: string;
  /** Frames per second of a clip that is a folder of frames (default 25). */
  fps?: number;
  signal?: AbortSignal;
}

export interface Preview {
  video: string;
  poster: string;
  cached: boolean;
}

// VS Code's own Chromium build plays H.264 and VP8 only (no VP9 or AV1: SSv2's webm clips are VP9).
const PLAYABLE_CODECS = new Set(['h264', 'vp8']);

/** Whether a webview plays the clip as it is (container and codec it knows, 8-bit 4:2:0). */
export function webviewPlayable(info: { format: string; codec: string; pixFmt: string }): boolean {
  const container = /mp4|webm|ogg/.test(info.format);
  return container && PLAYABLE_CODECS.has(info.codec) && (info.pixFmt === '' || info.pixFmt === 'yuv420p' || info.pixFmt === 'yuvj420p');
}

/** Whether the clip needs an H.264 preview to play in a webview (a frame folder always does). */
export async function needsPreview(file: string, ffmpeg?: string): Promise<boolean> {
  if (await isFolder(file)) return true;
  return !webviewPlayable(await probeVideo(file, ffmpegBinary(ffmpeg)));
}

/**
 * The input of a frame folder's frames [from, to) at `fps`: ffmpeg's image-sequence input
 * (`%05d.jpg` from the first frame's number) when the names are consecutive numbers, else
 * a concat list naming each frame (written to `listFile`).
 */
export async function folderInput(dir: string, names: readonly string[], fps: number, from: number, to: number, listFile: string): Promise<string[]> {
  const seq = sequencePattern(names);
  if (seq) {
    return ['-framerate', String(fps), '-f', 'image2', '-start_number', String(seq.start + from), '-i', join(dir.replace(/%/g, '%%'), seq.pattern)];
  }
  const quote = (p: string): string => `'${p.replace(/'/g, "'\\''")}'`;
  const lines = names.slice(from, to).flatMap((n) => [`file ${quote(join(dir, n))}`, `duration ${1 / fps}`]);
  await fsp.writeFile(listFile, `ffconcat version 1.0\n${lines.join('\n')}\n`);
  return ['-f', 'concat', '-safe', '0', '-i', listFile];
}

/** `input`: the argv naming the input (default `-i file` with the range); a frame folder's comes from {@link folderInput}. */
export function previewArgs(file: string, out: string, poster: string, o: { start?: number; end?: number; maxSide: number; input?: string[]; frames?: number }): string[] {
  const range = [...(o.start !== undefined ? ['-ss', o.start.toFixed(3)] : []), ...(o.end !== undefined ? ['-to', o.end.toFixed(3)] : [])];
  const input = o.input ?? [...range, '-i', file];
  const s = o.maxSide;
  // Even sides: yuv420p needs them.
  const scale = `scale='min(${s},iw)':'min(${s},ih)':force_original_aspect_ratio=decrease,scale=trunc(iw/2)*2:trunc(ih/2)*2`;
  const count = o.frames !== undefined ? ['-frames:v', String(o.frames)] : [];
  return ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...input,
    '-map', '0:v:0', ...count, '-vf', scale, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-an', '-movflags', '+faststart', '-f', 'mp4', out,
    '-map', '0:v:0', '-frames:v', '1', '-vf', scale, '-q:v', '4', poster];
}

export async function makePreview(file: string, o: PreviewOptions = {}): Promise<Preview> {
  const abs = resolve(file);
  const st = await fsp.stat(abs);
  const names = st.isDirectory() ? ((await listFrames(abs)) ?? []) : undefined;
  if (names?.length === 0) throw new Error(`${file}: the frame folder holds no frames (.jpg, .jpeg, .png)`);
  const fps = o.fps ?? DEFAULT_FOLDER_FPS;
  const maxSide = o.maxSide ?? 640;
  const folderKey = names ? [fps, names.length, names[0], names[names.length - 1]] : [];
  const key = createHash('sha256').update(JSON.stringify([abs, st.mtimeMs, st.size, o.start ?? null, o.end ?? null, maxSide, ...folderKey])).digest('hex').slice(0, 32);
  const cache = o.cacheDir ?? (process.env.VSTAR_CACHE ? join(process.env.VSTAR_CACHE, 'previews') : join(tmpdir(), 'vstar-previews'));
  await fsp.mkdir(cache, { recursive: true });
  const video = join(cache, `${key}.mp4`);
  const poster = join(cache, `${key}.jpg`);
  try {
    await Promise.all([fsp.access(video), fsp.access(poster)]);
    return { video, poster, cached: true };
  } catch {
    // not cached yet
  }
  const tag = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const tv = `${video}${tag}.mp4`;
  const tp = `${poster}${tag}.jpg`;
  try {
    let folder: { input: string[]; frames: number } | undefined;
    if (names) {
      const { from, to } = frameRange(names.length, fps, o.start, o.end);
      folder = { input: await folderInput(abs, names, fps, from, to, `${video}${tag}.ffconcat`), frames: to - from };
    }
    await run(ffmpegBinary(o.ffmpeg), previewArgs(abs, tv, tp, { start: o.start, end: o.end, maxSide, ...folder }), o.signal);
    // Poster first: a present video means a complete pair.
    await fsp.rename(tp, poster);
    await fsp.rename(tv, video);
  } finally {
    await fsp.rm(tv, { force: true });
    await fsp.rm(tp, { force: true });
    await fsp.rm(`${video}${tag}.ffconcat`, { force: true });
  }
  return { video, poster, cached: false };
}
