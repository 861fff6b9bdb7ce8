import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { MediaPart } from '../backend';
import { BackendError } from '../backend';
import { ffmpegBinary } from '../../frames/run';

/**
 * Clip frames as the tiny model's input: `frames` of the request's image_url frames
 * (picked uniformly when there are more), decoded and scaled to size x size RGB with
 * ffmpeg's area filter (as the training script does), as floats 0..255 in
 * [frame, y, x, rgb] order. Clips requested together share one ffmpeg run; results are
 * kept in an LRU keyed by a hash of the frames, since a clip is asked several questions.
 */

/** Indices of `want` items spread uniformly over `have` (centres of equal parts). */
export function pickUniform(have: number, want: number): number[] {
  return Array.from({ length: want }, (_, j) => Math.min(have - 1, Math.floor(((j + 0.5) * have) / want)));
}

/** ffmpeg's input codec for a frame's MIME type (a pipe cannot be probed). */
const CODECS: Record<string, string> = { 'image/jpeg': 'mjpeg', 'image/jpg': 'mjpeg', 'image/png': 'png', 'image/webp': 'webp' };

function dataUrlBytes(url: string): { codec: string; bytes: Buffer } {
  const m = /^data:([^;,]*);base64,(.*)$/s.exec(url);
  const codec = CODECS[(m?.[1] ?? '').toLowerCase()];
  if (!m || !codec) throw new BackendError('local backend: frames must be base64 data URLs of JPEG, PNG or WebP images (video: frames)', { retryable: false });
  return { codec, bytes: Buffer.from(m[2] ?? '', 'base64') };
}

export function decodeFrames(images: readonly { codec: string; bytes: Buffer }[], size: number, ffmpeg: string): Promise<Float32Array> {
  return new Promise((resolve, reject) => {
    const codec = images[0]?.codec ?? 'mjpeg';
    if (images.some((i) => i.codec !== codec)) {
      reject(new BackendError("local backend: a clip's frames must all be of one image type", { retryable: false }));
      return;
    }
    const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-f', 'image2pipe', '-c:v', codec, '-i', 'pipe:0'];
    args.push('-vf', `scale=${size}:${size}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
    const child = spawn(ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 4000) err += d.toString();
    });
    child.on('error', (e) => reject(new BackendError(`local backend: cannot run ${ffmpeg}: ${e.message}`, { retryable: false, cause: e })));
    child.stdin.on('error', () => undefined); // a failing ffmpeg closes stdin early; its exit code says why
    child.on('close', (code) => {
      const raw = Buffer.concat(out);
      const want = images.length * size * size * 3;
      if (code !== 0 || raw.length !== want) {
        reject(new BackendError(`local backend: could not decode the clip's frames (ffmpeg ${code}): ${err.trim().slice(-300)}`, { retryable: false }));
        return;
      }
      const f = new Float32Array(want);
      for (let i = 0; i < want; i++) f[i] = raw[i] as number;
      resolve(f);
    });
    for (const img of images) child.stdin.write(img.bytes);
    child.stdin.end();
  });
}

interface Pending {
  images: { codec: string; bytes: Buffer }[];
  resolve: (f: Float32Array) => void;
  reject: (e: unknown) => void;
}

export class FramePixels {
  private readonly cache = new Map<string, Promise<Float32Array>>();
  private pending: Pending[] = [];

  /**
   * Clips asked for in the same tick are decoded by one ffmpeg run (up to `batch` clips):
   * spawning ffmpeg costs more than decoding a few tiny frames.
   */
  constructor(
    private readonly frames: number,
    private readonly size: number,
    private readonly ffmpeg = ffmpegBinary(),
    private readonly capacity = 256,
    private readonly batch = 64,
  ) {}

  of(media: readonly MediaPart[]): Promise<Float32Array> {
    const urls = media.flatMap((p) => (p.type === 'image_url' ? [p.image_url.url] : []));
    if (urls.length === 0) {
      return Promise.reject(new BackendError('local backend: the tiny model needs the clip as frames (image_url parts), got none', { retryable: false }));
    }
    const picked = pickUniform(urls.length, this.frames).map((i) => urls[i] as string);
    const h = createHash('sha1');
    for (const u of picked) h.update(u).update('\0');
    const key = h.digest('hex');
    let p = this.cache.get(key);
    if (p) {
      this.cache.delete(key); // re-insert: most recently used last
      this.cache.set(key, p);
      return p;
    }
    let images: { codec: string; bytes: Buffer }[];
    try {
      images = picked.map(dataUrlBytes);
    } catch (err) {
      return Promise.reject(err);
    }
    p = new Promise<Float32Array>((resolve, reject) => {
      if (this.pending.push({ images, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
    p.catch(() => this.cache.delete(key));
    this.cache.set(key, p);
    while (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
    return p;
  }

  private flush(): void {
    const all = this.pending;
    this.pending = [];
    // One run per image type and `batch` clips; a failed run retries its clips one by one,
    // so one broken clip fails only itself.
    const byCodec = new Map<string, Pending[]>();
    for (const q of all) {
      const codec = q.images[0]?.codec ?? '';
      const group = byCodec.get(codec) ?? [];
      group.push(q);
      byCodec.set(codec, group);
    }
    const per = this.frames * this.size * this.size * 3;
    for (const group of byCodec.values()) {
      for (let lo = 0; lo < group.length; lo += this.batch) {
        const part = group.slice(lo, lo + this.batch);
        const single = (q: Pending): void => void decodeFrames(q.images, this.size, this.ffmpeg).then(q.resolve, q.reject);
        if (part.length === 1 || part.some((q) => q.images.length !== this.frames)) {
          part.forEach(single);
          continue;
        }
        decodeFrames(part.flatMap((q) => q.images), this.size, this.ffmpeg).then(
          (f) => part.forEach((q, i) => q.resolve(f.slice(i * per, (i + 1) * per))),
          () => part.forEach(single),
        );
      }
    }
  }
}
