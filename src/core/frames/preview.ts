import { promises as fsp } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ffmpegBinary, probeVideo, run } from './run';

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
  signal?: AbortSignal;
}

export interface Preview {
  video: string;
  poster: string;
  cached: boolean;
}

const PLAYABLE_CODECS = new Set(['h264', 'vp8', 'vp9', 'av1', 'theora']);

/** Whether a webview plays the clip as it is (container and codec it knows, 8-bit 4:2:0). */
export function webviewPlayable(info: { format: string; codec: string; pixFmt: string }): boolean {
  const container = /mp4|webm|ogg/.test(info.format);
  return container && PLAYABLE_CODECS.has(info.codec) && (info.pixFmt === '' || info.pixFmt === 'yuv420p' || info.pixFmt === 'yuvj420p');
}

export async function needsPreview(file: string, ffmpeg?: string): Promise<boolean> {
  return !webviewPlayable(await probeVideo(file, ffmpegBinary(ffmpeg)));
}

export function previewArgs(file: string, out: string, poster: string, o: { start?: number; end?: number; maxSide: number }): string[] {
  const range = [...(o.start !== undefined ? ['-ss', o.start.toFixed(3)] : []), ...(o.end !== undefined ? ['-to', o.end.toFixed(3)] : [])];
  const s = o.maxSide;
  // Even sides: yuv420p needs them.
  const scale = `scale='min(${s},iw)':'min(${s},ih)':force_original_aspect_ratio=decrease,scale=trunc(iw/2)*2:trunc(ih/2)*2`;
  return ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...range, '-i', file,
    '-map', '0:v:0', '-vf', scale, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-an', '-movflags', '+faststart', '-f', 'mp4', out,
    '-map', '0:v:0', '-frames:v', '1', '-vf', scale, '-q:v', '4', poster];
}

export async function makePreview(file: string, o: PreviewOptions = {}): Promise<Preview> {
  const abs = resolve(file);
  const st = await fsp.stat(abs);
  const maxSide = o.maxSide ?? 640;
  const key = createHash('sha256').update(JSON.stringify([abs, st.mtimeMs, st.size, o.start ?? null, o.end ?? null, maxSide])).digest('hex').slice(0, 32);
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
    await run(ffmpegBinary(o.ffmpeg), previewArgs(abs, tv, tp, { start: o.start, end: o.end, maxSide }), o.signal);
    // Poster first: a present video means a complete pair.
    await fsp.rename(tp, poster);
    await fsp.rename(tv, video);
  } finally {
    await fsp.rm(tv, { force: true });
    await fsp.rm(tp, { force: true });
  }
  return { video, poster, cached: false };
}
