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

const POSIX = path.sep === '/';
const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const DOT = 0x2e;

/**
 * A plain relative POSIX path: non-empty segments, none of them `.` or `..`, no leading or
 * trailing `/`, no backslash or NUL. Such a path resolves to `root/path` unchanged, so
 * resolving it needs no path.resolve/relative (a million clips pay for those otherwise).
 * A character loop, not a regex: the regex this replaced used `.`, which stops at line
 * terminators, so `a\n/../../x` passed as plain and escaped the root.
 */
export function isPlainRelative(p: string): boolean {
  const n = p.length;
  if (n === 0 || p.charCodeAt(0) === SLASH || p.charCodeAt(n - 1) === SLASH) return false;
  let segment = 0; // start of the current segment
  for (let i = 0; i <= n; i++) {
    const c = i < n ? p.charCodeAt(i) : SLASH;
    if (c === SLASH) {
      const len = i - segment;
      if (len === 0) return false;
      if (p.charCodeAt(segment) === DOT && (len === 1 || (len === 2 && p.charCodeAt(segment + 1) === DOT))) return false;
      segment = i + 1;
    } else if (c === BACKSLASH || c === 0) return false;
  }
  return true;
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
  if (POSIX && isPlainRelative(video) && path.isAbsolute(root)) {
    return { ok: true, video, abs: root.endsWith('/') ? root + video : `${root}/${video}` };
  }
  return resolveClipGeneral(video, root, allowRoots);
}

/**
 * Why a clip path is refused, or undefined: {@link resolveClip}'s verdict alone, for a scan
 * that checks a million stored paths and needs no resolved path (none is built for a plain one).
 */
export function clipPathProblem(video: string, root: string, allowRoots: readonly string[] = []): string | undefined {
  if (POSIX && isPlainRelative(video) && video.trim() !== '' && path.isAbsolute(root)) return undefined;
  const r = resolveClipGeneral(video, root, allowRoots);
  return r.ok ? undefined : r.message;
}

/** {@link resolveClip} without the plain-path shortcut (exported for the test that compares them). */
export function resolveClipGeneral(video: string, root: string, allowRoots: readonly string[] = []): ClipResolution {
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

interface DirListing {
  /** Real path of the folder. */
  real: string;
  /** Entry name → whether it is a symlink. */
  entries: Map<string, boolean>;
}

/**
 * Answers "does this clip exist, and does it really live inside a root?" for many clips.
 * Each folder is listed once (readdir) instead of one realpath per clip: Kinetics keeps
 * hundreds of thousands of clips in a few folders, and a failed realpath per missing clip
 * costs ~10x a lookup in the listing. Symlinks, and folders whose real path is outside the
 * roots, still get a realpath of the clip itself.
 */
export class ClipChecker {
  private realRoots: Promise<string[]> | undefined;
  private readonly dirs = new Map<string, Promise<DirListing | 'missing' | 'unreadable'>>();
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

  private listing(dir: string): Promise<DirListing | 'missing' | 'unreadable'> {
    let p = this.dirs.get(dir);
    if (!p) {
      p = (async () => {
        try {
          const [real, list] = await Promise.all([fs.realpath(dir), fs.readdir(dir, { withFileTypes: true })]);
          return { real, entries: new Map(list.map((d) => [d.name, d.isSymbolicLink()])) };
        } catch (err) {
          return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
        }
      })();
      this.dirs.set(dir, p);
    }
    return p;
  }

  /** Whether the clip file exists, and if it does, whether its real path stays inside a root. */
  async check(abs: string): Promise<ClipFileState> {
    const listing = await this.listing(path.dirname(abs));
    if (listing === 'missing') return 'missing';
    const roots = await this.roots();
    if (listing !== 'unreadable') {
      const symlink = listing.entries.get(path.basename(abs));
      if (symlink === undefined) return 'missing';
      if (!symlink && roots.some((r) => isInside(r, listing.real))) return 'present';
    }
    let real: string;
    try {
      real = await fs.realpath(abs);
    } catch {
      return 'missing';
    }
    return roots.some((r) => isInside(r, real)) ? 'present' : 'escapes';
  }
}

/**
 * Checks many clip files a few at a time (the filesystem, not the CPU, is the limit;
 * one at a time is ~5x slower on 100k clips). Reports progress every 1000 clips.
 */
export async function checkClips(
  checker: ClipChecker,
  abs: readonly string[],
  onProgress?: (done: number, total: number) => void,
  concurrency = 16,
): Promise<ClipFileState[]> {
  const states = new Array<ClipFileState>(abs.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < abs.length) {
      const i = next++;
      states[i] = await checker.check(abs[i]!);
      if (++done % 1000 === 0) onProgress?.(done, abs.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  onProgress?.(abs.length, abs.length);
  return states;
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
