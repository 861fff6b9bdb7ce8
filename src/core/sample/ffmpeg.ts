import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Encoding raw frames with ffmpeg. The binary comes from the caller, else $VSTAR_FFMPEG,
 * else `ffmpeg` on PATH; it is always spawned with an argv array (no shell).
 */

export class FfmpegMissingError extends Error {
  constructor(readonly binary: string) {
    super(
      `ffmpeg not found (tried "${binary}"). Install it (Debian/Ubuntu: sudo apt-get install ffmpeg; ` +
        'macOS: brew install ffmpeg) or set VSTAR_FFMPEG to the path of an ffmpeg binary.',
    );
    this.name = 'FfmpegMissingError';
  }
}

export function ffmpegBinary(explicit?: string): string {
  return explicit ?? process.env.VSTAR_FFMPEG ?? 'ffmpeg';
}

export interface EncodeOptions {
  ffmpeg: string;
  width: number;
  height: number;
  fps: number;
  /** The output file; with `clips` > 1, the folder the clips are written into as 000000.mp4, ... */
  out: string;
  /** Clips in the frame stream, each `framesPerClip` long, cut into separate files. */
  clips?: number;
  framesPerClip?: number;
}

/** The name of clip `i` of a multi-clip encode (see {@link encodeArgs}). */
export function segmentFile(dir: string, i: number): string {
  return join(dir, `${String(i).padStart(6, '0')}.mp4`);
}

/**
 * The argv that encodes RGB24 frames from stdin into clips every player here handles:
 * H.264, yuv420p, moov atom first (+faststart), no audio, no B-frames (so each clip starts
 * at t=0). Several clips go through one ffmpeg, cut by the segment muxer at forced
 * keyframes: starting ffmpeg costs more than encoding a 3-second 96×96 clip. One thread
 * per encoder because encoders run in parallel.
 */
export function encodeArgs(o: Omit<EncodeOptions, 'ffmpeg'>): string[] {
  const input = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${o.width}x${o.height}`, '-r', String(o.fps), '-i', '-'];
  const video = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-bf', '0', '-threads', '1', '-pix_fmt', 'yuv420p', '-an'];
  const clips = o.clips ?? 1;
  if (clips <= 1) return [...input, ...video, '-movflags', '+faststart', '-f', 'mp4', o.out];
  const n = o.framesPerClip ?? 1;
  const cuts = Array.from({ length: clips - 1 }, (_, i) => String((i + 1) * n)).join(',');
  // The segment muxer reads `%` in the output name as a pattern: escape the folder's own.
  const pattern = join(o.out.replace(/%/g, '%%'), '%06d.mp4');
  return [...input, ...video, '-force_key_frames', `expr:eq(mod(n,${n}),0)`,
    '-f', 'segment', '-segment_frames', cuts, '-reset_timestamps', '1',
    '-segment_format', 'mp4', '-segment_format_options', 'movflags=+faststart', pattern];
}

/** Pipes `frames` into ffmpeg and resolves when the output is complete. */
export function encodeFrames(frames: Iterable<Buffer>, o: EncodeOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.ffmpeg, encodeArgs(o), { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      reject(err);
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 4000) stderr += d;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      fail(err.code === 'ENOENT' ? new FfmpegMissingError(o.ffmpeg) : err);
    });
    // A dying ffmpeg closes its stdin; the exit handler reports why, so ignore EPIPE here.
    child.stdin.on('error', () => {});
    child.on('close', (code, signal) => {
      if (code === 0) {
        if (!failed) resolve();
      } else fail(new Error(`ffmpeg failed (${signal ?? `exit ${code}`}) writing ${o.out}: ${stderr.trim() || 'no message'}`));
    });

    const it = frames[Symbol.iterator]();
    const pump = (): void => {
      for (;;) {
        const n = it.next();
        if (n.done) {
          child.stdin.end();
          return;
        }
        if (!child.stdin.write(n.value)) {
          child.stdin.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

/** Runs ffmpeg/ffprobe-style tools to completion, collecting stdout (used by tests and probes). */
export function runTool(binary: string, args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    child.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new FfmpegMissingError(binary) : err));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}
