import { spawn } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import { FfmpegMissingError, ffmpegBinary } from '../sample/ffmpeg';

/**
 * Running the system's ffmpeg/ffprobe with an argv array (never a shell). The binary is
 * the caller's, else $VSTAR_FFMPEG, else `ffmpeg` on PATH; ffprobe is its sibling.
 */

export { FfmpegMissingError, ffmpegBinary };

export function ffprobeBinary(ffmpeg: string): string {
  if (process.env.VSTAR_FFPROBE) return process.env.VSTAR_FFPROBE;
  const name = basename(ffmpeg).replace(/ffmpeg/, 'ffprobe');
  return ffmpeg.includes('/') ? join(dirname(ffmpeg), name) : name;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
}

export function run(binary: string, args: readonly string[], signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(signal ? { signal } : {}) });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 8000) stderr += d;
    });
    child.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new FfmpegMissingError(binary) : err));
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout: Buffer.concat(out), stderr });
      else reject(new Error(`${basename(binary)} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** Duration of a media file in seconds (ffprobe). */
export async function probeDuration(file: string, ffmpeg = ffmpegBinary(), signal?: AbortSignal): Promise<number> {
  const { stdout } = await run(ffprobeBinary(ffmpeg), ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', file], signal);
  const d = Number(stdout.toString().trim());
  if (!Number.isFinite(d) || d <= 0) throw new Error(`${file}: could not read its duration`);
  return d;
}

/** Container and video codec (ffprobe), e.g. {format: 'mov,mp4,m4a,3gp,3g2,mj2', codec: 'h264'}. */
export async function probeVideo(file: string, ffmpeg = ffmpegBinary()): Promise<{ format: string; codec: string; pixFmt: string }> {
  const { stdout } = await run(ffprobeBinary(ffmpeg), [
    '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,pix_fmt:format=format_name', '-of', 'json', file,
  ]);
  const j = JSON.parse(stdout.toString()) as { streams?: { codec_name?: string; pix_fmt?: string }[]; format?: { format_name?: string } };
  return { format: j.format?.format_name ?? '', codec: j.streams?.[0]?.codec_name ?? '', pixFmt: j.streams?.[0]?.pix_fmt ?? '' };
}
