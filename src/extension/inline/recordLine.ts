// Which attempt a line of a cycle's attempts.jsonl holds, read from the line's prefix. No
// `vscode` import (plain Node tests load it). The store writes the id first
// (`{"id":"…","sampleId":…`, see core/cycles/records.ts), so a ~1 KB record is never parsed
// whole just to put a CodeLens above it; a line written some other way is parsed in full.
import * as path from 'node:path';
import type { LogTarget } from '../review/logLine';

/** A cycle's attempt log: `<workdir>/cycles/<N>/attempts.jsonl`. */
export const ATTEMPTS_LOG = /[\\/]cycles[\\/]([1-9]\d*)[\\/]attempts\.jsonl$/;

/** The cycle an attempts.jsonl path belongs to, or undefined for any other file. */
export function cycleOfLog(file: string): LogTarget | undefined {
  const m = ATTEMPTS_LOG.exec(file);
  if (!m) return undefined;
  return { workdir: path.resolve(path.dirname(file), '..', '..'), cycle: Number(m[1]) };
}

const ID_PREFIX = /^\s*\{\s*"id"\s*:\s*("(?:[^"\\]|\\.)*")/;

/** The attempt id of one record line, or undefined for blank, torn or foreign lines. */
export function attemptIdOfLine(text: string): string | undefined {
  const m = ID_PREFIX.exec(text);
  if (m) {
    try {
      const id = JSON.parse(m[1]!) as string;
      return id === '' ? undefined : id;
    } catch {
      return undefined;
    }
  }
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const v = JSON.parse(text) as { id?: unknown };
    return typeof v.id === 'string' && v.id !== '' ? v.id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Line → attempt id for one document, filled lazily line by line as lenses, decorations
 * and hovers ask, and dropped when the document's version changes (an edit or an append
 * may move every line).
 */
export class LineIds {
  private version = -1;
  private ids = new Map<number, string | null>();

  get(version: number, line: number, text: () => string): string | undefined {
    if (version !== this.version) {
      this.version = version;
      this.ids.clear();
    }
    let id = this.ids.get(line);
    if (id === undefined) {
      id = attemptIdOfLine(text()) ?? null;
      this.ids.set(line, id);
    }
    return id ?? undefined;
  }
}

/** Lines `[start, end)` around the visible ranges, `margin` lines either side, clamped to the document. */
export function windowAround(visible: ReadonlyArray<{ start: number; end: number }>, lineCount: number, margin: number, fallback = 200): { start: number; end: number } {
  if (visible.length === 0) return { start: 0, end: Math.min(lineCount, fallback) };
  let start = Infinity;
  let end = -Infinity;
  for (const r of visible) {
    start = Math.min(start, r.start);
    end = Math.max(end, r.end + 1);
  }
  return { start: Math.max(0, start - margin), end: Math.min(lineCount, end + margin) };
}
