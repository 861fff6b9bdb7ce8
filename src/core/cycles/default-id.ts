import { STAGES, attemptId, type Stage } from './records';
import type { AttemptKey } from './keys';

// Parsing the default attempt id, `c<cycle>/<stage>/<try>/<sampleId>` (see attemptId()),
// back into its key: the index keeps no map entry for default ids.

/** Inverse of `attemptId()` for this cycle; undefined for any other shape. */
export function parseDefaultId(id: string, cycle: number | undefined): { sampleId: string; stage: Stage; try: number } | undefined {
  if (cycle === undefined) return undefined;
  const m = /^c(\d+)\/(answer|rationalize)\/(\d+)\/(.+)$/s.exec(id);
  if (!m || Number(m[1]) !== cycle) return undefined;
  return { stage: m[2] as Stage, try: Number(m[3]), sampleId: m[4]! };
}

/** Stage code and try found by the last parseDefaultIdBytes (no object per call). */
export const parsedId = { stage: 0, try: 0 };
const STAGE_BYTES = STAGES.map((st) => Buffer.from(`${st}/`));

/** Parses `c<cycle>/<stage>/<try>/` at `start`; the offset of the sample id after it, or -1. */
export function parseDefaultIdBytes(buf: Buffer, start: number, end: number, cycle: number): number {
  let at = start;
  if (buf[at++] !== 0x63) return -1; // c
  let n = 0;
  const digits = at;
  while (at < end && buf[at]! >= 0x30 && buf[at]! <= 0x39) n = n * 10 + buf[at++]! - 0x30;
  if (at === digits || n !== cycle || buf[at++] !== 0x2f) return -1;
  const stage = STAGE_BYTES.findIndex((b) => end - at > b.length && buf.compare(b, 0, b.length, at, at + b.length) === 0);
  if (stage === -1) return -1;
  at += STAGE_BYTES[stage]!.length;
  const tryDigits = at;
  n = 0;
  while (at < end && buf[at]! >= 0x30 && buf[at]! <= 0x39 && at - tryDigits < 10) n = n * 10 + buf[at++]! - 0x30;
  if (at === tryDigits || buf[at++] !== 0x2f || at >= end) return -1;
  parsedId.stage = stage;
  parsedId.try = n;
  return at;
}

/** Tells whether an id is the default one for its key, with a cached prefix per (stage, try). */
export class DefaultIds {
  private prefixes: ({ text: string; bytes: Buffer } | undefined)[] = [];

  constructor(readonly cycle: number) {}

  /** The default id of (stage, try) without its sample id, as a string and as bytes. */
  private prefix(stage: number, tryNo: number): { text: string; bytes: Buffer } {
    const key = tryNo * 2 + stage;
    let p = this.prefixes[key];
    if (p === undefined) {
      const text = attemptId(this.cycle, '', STAGES[stage]!, tryNo);
      p = { text, bytes: Buffer.from(text, 'utf8') };
      if (key < 4096) this.prefixes[key] = p;
    }
    return p;
  }

  /** id === attemptId(cycle, sampleId, stage, try), without building that string per line. */
  is(id: string, sampleId: string, stage: number, tryNo: number): boolean {
    const p = this.prefix(stage, tryNo);
    return id.length === p.text.length + sampleId.length && id.startsWith(p.text) && id.endsWith(sampleId);
  }

  /** The same test on the raw bytes of the line: prefix, then the sample id's bytes. */
  isBytes(buf: Buffer, key: AttemptKey, stage: number): boolean {
    const p = this.prefix(stage, key.try);
    const pre = p.bytes;
    const sampleLen = key.sampleEnd - key.sampleStart;
    if (key.idEnd - key.idStart !== pre.length + sampleLen) return false;
    for (let k = 0; k < pre.length; k++) if (buf[key.idStart + k] !== pre[k]) return false;
    const at = key.idStart + pre.length;
    for (let k = 0; k < sampleLen; k++) if (buf[at + k] !== buf[key.sampleStart + k]) return false;
    return true;
  }
}
