import { STAGES, type Stage } from './records';

/**
 * Reads the key fields of a log line from its first bytes, without decoding or parsing
 * the rest (an attempt line is ~1 KB of prompt and output behind ~80 bytes of keys).
 * The fast path accepts exactly what our serializers write; anything else (hand-edited
 * lines, other field orders, escaped strings) falls back to a full JSON.parse, so the
 * result is the same either way, only slower.
 */

export interface AttemptKey {
  id: string;
  sampleId: string;
  stage: Stage;
  try: number;
}

export interface VerdictKey {
  attemptId: string;
  pass: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const lit = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const ID = lit('{"id":');
const SAMPLE = lit(',"sampleId":');
const STAGE = lit(',"stage":');
const TRY = lit(',"try":');
const ATTEMPT_ID = lit('{"attemptId":');
const PASS_TRUE = lit(',"pass":true');
const PASS_FALSE = lit(',"pass":false');

// Cursor state for the fast path; module-level to avoid allocating per line.
let at = 0;

function expect(buf: Buffer, end: number, l: Uint8Array): boolean {
  if (at + l.length > end) return false;
  for (let i = 0; i < l.length; i++) if (buf[at + i] !== l[i]) return false;
  at += l.length;
  return true;
}

/** A JSON string without escapes at `at`; undefined when absent or escaped. */
function str(buf: Buffer, end: number): string | undefined {
  if (buf[at] !== QUOTE) return undefined;
  const close = buf.indexOf(QUOTE, at + 1);
  if (close === -1 || close >= end) return undefined;
  const bs = buf.indexOf(BACKSLASH, at + 1);
  if (bs !== -1 && bs < close) return undefined;
  const s = buf.toString('utf8', at + 1, close);
  at = close + 1;
  return s;
}

function uint(buf: Buffer, end: number): number | undefined {
  let n = 0;
  const start = at;
  while (at < end) {
    const c = buf[at]!;
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
    at++;
  }
  return at === start || at - start > 9 ? undefined : n;
}

export function attemptKeyOf(buf: Buffer, start: number, end: number): AttemptKey | undefined {
  at = start;
  if (!expect(buf, end, ID)) return slowAttemptKey(buf, start, end);
  const id = str(buf, end);
  if (id === undefined || !expect(buf, end, SAMPLE)) return slowAttemptKey(buf, start, end);
  const sampleId = str(buf, end);
  if (sampleId === undefined || !expect(buf, end, STAGE)) return slowAttemptKey(buf, start, end);
  const stage = str(buf, end);
  if (stage === undefined || !expect(buf, end, TRY)) return slowAttemptKey(buf, start, end);
  const t = uint(buf, end);
  const next = buf[at];
  if (t === undefined || (next !== 0x2c && next !== 0x7d)) return slowAttemptKey(buf, start, end);
  if (id === '' || sampleId === '' || !isStage(stage)) return undefined;
  return { id, sampleId, stage, try: t };
}

export function verdictKeyOf(buf: Buffer, start: number, end: number): VerdictKey | undefined {
  at = start;
  if (expect(buf, end, ATTEMPT_ID)) {
    const attemptId = str(buf, end);
    if (attemptId !== undefined && attemptId !== '') {
      const after = at;
      if (expect(buf, end, PASS_TRUE)) return { attemptId, pass: true };
      at = after;
      if (expect(buf, end, PASS_FALSE)) return { attemptId, pass: false };
    }
  }
  const v = parseObject(buf, start, end);
  if (!v || typeof v.attemptId !== 'string' || v.attemptId === '' || typeof v.pass !== 'boolean') return undefined;
  return { attemptId: v.attemptId, pass: v.pass };
}

function slowAttemptKey(buf: Buffer, start: number, end: number): AttemptKey | undefined {
  const v = parseObject(buf, start, end);
  if (!v) return undefined;
  const { id, sampleId, stage, try: t } = v;
  if (typeof id !== 'string' || id === '' || typeof sampleId !== 'string' || sampleId === '') return undefined;
  if (typeof stage !== 'string' || !isStage(stage)) return undefined;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 0) return undefined;
  return { id, sampleId, stage, try: t };
}

export function parseObject(buf: Buffer, start: number, end: number): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(buf.toString('utf8', start, end));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isStage(s: string): s is Stage {
  return (STAGES as readonly string[]).includes(s);
}

export const STAGE_CODE: Record<Stage, number> = { answer: 0, rationalize: 1 };
