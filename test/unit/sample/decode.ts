import { spawnSync } from 'node:child_process';
import { RGB, type Color } from '../../../src/core/sample/raster';

/** Test helpers: probe and decode real clips with the real ffprobe/ffmpeg. */

export interface Probe {
  streams: { codec_type: string; codec_name: string; pix_fmt?: string; width?: number; height?: number; nb_frames?: string }[];
  format: { duration: string; format_name: string };
}

export function ffprobe(file: string): Probe {
  const r = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffprobe ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Probe;
}

/** Every frame of a clip as RGB24 buffers. */
export function decodeFrames(file: string, width: number, height: number): Buffer[] {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ffmpeg decode ${file}: ${r.stderr.toString()}`);
  const size = width * height * 3;
  const frames: Buffer[] = [];
  for (let o = 0; o + size <= r.stdout.length; o += size) frames.push(r.stdout.subarray(o, o + size));
  return frames;
}

export interface Blob {
  count: number;
  /** Inclusive pixel box. */
  box: [number, number, number, number];
  cx: number;
  cy: number;
}

/** The pixels close to a palette colour (after H.264 + yuv420p), as one blob, or null. */
export function findColour(frame: Buffer, width: number, color: Color, tol = 70, minCount = 4): Blob | null {
  const [r0, g0, b0] = RGB[color];
  let count = 0;
  let sx = 0;
  let sy = 0;
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < frame.length; i += 3) {
    const dr = (frame[i] ?? 0) - r0;
    const dg = (frame[i + 1] ?? 0) - g0;
    const db = (frame[i + 2] ?? 0) - b0;
    if (dr * dr + dg * dg + db * db > tol * tol) continue;
    const p = i / 3;
    const x = p % width;
    const y = Math.floor(p / width);
    count++;
    sx += x;
    sy += y;
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  // A handful of pixels is chroma bleed at an edge, not the shape.
  return count < minCount ? null : { count, box, cx: sx / count, cy: sy / count };
}

/** IoU of a pixel box (inclusive) with a normalized box. */
export function iou(px: [number, number, number, number], norm: number[], width: number, height: number): number {
  const a = [px[0] / width, px[1] / height, (px[2] + 1) / width, (px[3] + 1) / height];
  const ix = Math.max(0, Math.min(a[2]!, norm[2]!) - Math.max(a[0]!, norm[0]!));
  const iy = Math.max(0, Math.min(a[3]!, norm[3]!) - Math.max(a[1]!, norm[1]!));
  const inter = ix * iy;
  const area = (b: number[]) => (b[2]! - b[0]!) * (b[3]! - b[1]!);
  return inter / (area(a) + area(norm) - inter);
}

/** One pixel of a frame as a 1-pixel RGB buffer (black outside the frame). */
export function pixel(frame: Buffer, x: number, y: number, width = 96, height = 96): Buffer {
  if (x < 0 || y < 0 || x >= width || y >= height) return Buffer.alloc(3);
  const i = (y * width + x) * 3;
  return frame.subarray(i, i + 3);
}
