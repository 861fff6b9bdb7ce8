import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Clip paths come from annotation files, which are untrusted: a path must land inside the
 * dataset root (or one of the allowed roots), both as written and, when the file exists,
 * after symlinks are resolved. Otherwise a crafted `../../home/me/.ssh/id_rsa` or a symlink
 * would have the review panel serve files from anywhere.
 */

export type ClipResolution = { ok: true; video: string; abs: string } | { ok: false; message: string };

/** True when `child` is `parent` or inside it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/**
 * Resolves a clip path as written in the annotations. The stored form is relative to the
 * root (POSIX separators) when inside it, else absolute (only possible inside an allowed
 * root). Backslashes are read as separators: annotation files written on Windows use them,
 * and treating them as plain characters would hide a `..\..` escape.
 */
export function resolveClip(video: string, root: string, allowRoots: readonly string[] = []): ClipResolution {
  if (video.trim() === '') return { ok: false, message: 'clip path is empty' };
  if (video.includes('\0')) return { ok: false, message: 'clip path contains a NUL byte' };
  const written = video.replace(/\\/g, '/');
  const abs = path.resolve(root, written);
  if (isInside(root, abs)) {
    const rel = toPosix(path.relative(root, abs));
    if (rel === '') return { ok: false, message: 'clip path names the dataset root itself, not a file' };
    return { ok: true, video: rel, abs };
  }
  if (allowRoots.some((r) => isInside(path.resolve(r), abs))) return { ok: true, video: toPosix(abs), abs };
  return {
    ok: false,
    message: `clip path "${video}" resolves outside the dataset root ${root}; add its folder to allowRoots to allow it`,
  };
}

export type ClipFileState = 'present' | 'missing' | 'escapes';

/** Memoized realpaths of the roots, so each import resolves them once. */
export class ClipChecker {
  private realRoots: Promise<string[]> | undefined;
  constructor(
    private readonly root: string,
    private readonly allowRoots: readonly string[] = [],
  ) {}

  private roots(): Promise<string[]> {
    this.realRoots ??= Promise.all(
      [this.root, ...this.allowRoots].map((r) => fs.realpath(path.resolve(r)).catch(() => path.resolve(r))),
    );
    return this.realRoots;
  }

  /** Whether the clip file exists, and if it does, whether its real path stays inside a root. */
  async check(abs: string): Promise<ClipFileState> {
    let real: string;
    try {
      real = await fs.realpath(abs);
    } catch {
      return 'missing';
    }
    const roots = await this.roots();
    return roots.some((r) => isInside(r, real)) ? 'present' : 'escapes';
  }
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?::(0?)(\d+))?\}/g;

/** The field names a clip pattern uses; throws with a readable message on a malformed pattern. */
export function patternFields(pattern: string): string[] {
  const stripped = pattern.replace(PLACEHOLDER, '');
  if (/[{}]/.test(stripped)) {
    throw new Error(`malformed clip pattern "${pattern}": placeholders look like {name} or {name:06} (zero-padded to 6 digits)`);
  }
  return [...pattern.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/**
 * Fills a clip pattern: `{name}` inserts the value as written (trimmed); `{name:06}` inserts
 * it as a whole number zero-padded to 6 digits (`{name:6}` means the same: padding with
 * spaces is never wanted in a file name). Returns an error naming the field.
 */
export function fillPattern(
  pattern: string,
  values: Record<string, unknown>,
): { ok: true; value: string } | { ok: false; field: string; message: string } {
  let failure: { field: string; message: string } | undefined;
  const value = pattern.replace(PLACEHOLDER, (_all, name: string, zero: string | undefined, width: string | undefined) => {
    const v = values[name];
    if (v === undefined || v === null || String(v).trim() === '') {
      failure ??= { field: name, message: `missing, but the clip pattern uses {${name}}` };
      return '';
    }
    if (width === undefined) return String(v).trim();
    const n = Number(String(v).trim());
    if (!Number.isFinite(n) || !Number.isInteger(n) || n < 0) {
      failure ??= { field: name, message: `"${String(v)}" is not a non-negative whole number, needed for {${name}:${zero ?? ''}${width}}` };
      return '';
    }
    return String(n).padStart(Number(width), '0');
  });
  return failure ? { ok: false, ...failure } : { ok: true, value };
}
