import { promises as fsp } from 'node:fs';
import type { GenerationBackend, MediaPart } from './backend';
import type { GenerationItem } from './engine';
import { framesAsDataUrls, sampleFrames } from '../frames/sample';
import { makePreview } from '../frames/preview';

/**
 * A clip as content parts for a backend: N sampled frames as `image_url` data URLs, or
 * the clip as one `video_url` (a data URL of the MP4; a segment is cut to its range, and a
 * folder of frames encoded, first) for servers that accept video.
 */
export function clipMedia(opts: { ffmpeg?: string; cacheDir?: string; maxSide?: number } = {}) {
  return async (item: GenerationItem, backend: GenerationBackend, signal: AbortSignal | undefined): Promise<MediaPart[]> => {
    const v = item.video;
    if (!v) return [];
    if (backend.video === 'video_url') {
      // A segment is cut, and a folder of frames encoded, to an MP4 first (the H.264 preview).
      const folder = (await fsp.stat(v.path)).isDirectory();
      const file =
        folder || v.start !== undefined || v.end !== undefined
          ? (await makePreview(v.path, { start: v.start, end: v.end, ...(v.fps ? { fps: v.fps } : {}), ffmpeg: opts.ffmpeg, cacheDir: opts.cacheDir, signal })).video
          : v.path;
      const data = await fsp.readFile(file);
      return [{ type: 'video_url', video_url: { url: `data:video/mp4;base64,${data.toString('base64')}` } }];
    }
    const frames = await sampleFrames(v.path, {
      frames: backend.frames,
      ...(v.start === undefined ? {} : { start: v.start }),
      ...(v.end === undefined ? {} : { end: v.end }),
      ...(v.fps ? { fps: v.fps } : {}),
      ...(opts.maxSide ? { maxSide: opts.maxSide } : {}),
      ...(opts.ffmpeg ? { ffmpeg: opts.ffmpeg } : {}),
      ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
      ...(signal ? { signal } : {}),
    });
    return (await framesAsDataUrls(frames)).map((url) => ({ type: 'image_url', image_url: { url } }));
  };
}
