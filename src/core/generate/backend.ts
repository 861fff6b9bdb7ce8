/**
 * One interface over every generation backend: a chat request (prompt + clip media +
 * sampling) in, one answer text out. Retries, timeouts and rate limits live in
 * retry.ts / rateLimit.ts around it, so each backend stays a thin adapter.
 */

/** How a clip reaches the model: the video itself, or N sampled frames as images. */
export type VideoMode = 'frames' | 'video_url';

/** A clip as content parts: `video_url` (one URL) or `image_url` parts (data URLs of frames). */
export type MediaPart = { type: 'image_url'; image_url: { url: string } } | { type: 'video_url'; video_url: { url: string } };

export interface SamplingParams {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
}

export interface CompletionRequest {
  prompt: string;
  media: readonly MediaPart[];
  sampling: SamplingParams;
  /** Aborts the request (user cancel or per-request timeout). */
  signal?: AbortSignal;
}

export interface GenerationBackend {
  /** Backend kind recorded on attempts, e.g. `openai-compatible`, `hf-inference`, `onnx`. */
  readonly kind: string;
  /** The model as recorded on attempts. */
  readonly model: string;
  /** How this backend wants clips sent. */
  readonly video: VideoMode;
  /** Frames per clip when `video` is `frames`. */
  readonly frames: number;
  complete(req: CompletionRequest): Promise<string>;
  close?(): Promise<void>;
}

/**
 * An error a backend raises with what the retry policy needs: the HTTP status (if any),
 * the server's Retry-After in ms, and whether trying again may help.
 */
export class BackendError extends Error {
  constructor(
    message: string,
    readonly opts: { status?: number; retryAfterMs?: number; retryable: boolean; cause?: unknown },
  ) {
    super(message);
    this.name = 'BackendError';
  }
  get status(): number | undefined {
    return this.opts.status;
  }
  get retryable(): boolean {
    return this.opts.retryable;
  }
  get retryAfterMs(): number | undefined {
    return this.opts.retryAfterMs;
  }
}

/** Removes a secret from a message (tokens must never reach logs or exports). */
export function redact(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join('[REDACTED]');
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
