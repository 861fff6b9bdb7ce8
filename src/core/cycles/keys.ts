import { STAGES, type Stage } from './records';

/**
 * Reads the key fields of a log line from its first bytes, without decoding or parsing
 * the rest (an attempt line is ~1 KB of prompt and output behind ~80 bytes of keys).
 * The fast path accepts exactly what our serializers write; anything else (hand-edited
 * lines, other field orders, escaped strings) falls back to a full JSON.parse, so the
 * result is the same either way, only slower.
 */

/**
 * The keys of an attempt line. The object is reused by the next call: copy what you keep.
 * The fast path leaves `id` and `sampleId` undefined: they are the plain (unescaped)
 * bytes `buf[idStart, idEnd)` and `buf[sampleStart, sampleEnd)`, which the index hashes
 * and compares without decoding a string per line.
 */
export interface AttemptKey {
  id: string | undefined;
  idStart: number;
  idEnd: number;
  /** Set by the slow path only; otherwise the sample id is `buf[sampleStart, sampleEnd)`. */
  sampleId: string | undefined;
  sampleStart: number;
  sampleEnd: number;
  stage: Stage;
  try: number;
}

/**
 * The keys of a verdict line (reused by the next call). The fast path leaves `attemptId`
 * undefined: it is the plain bytes `buf[idStart, idEnd)`.
 */
export interface VerdictKey {
  attemptId: string | undefined;
  idStart: number;
  idEnd: number;
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

const KEY: AttemptKey = { id: undefined, idStart: 0, idEnd: 0, sampleId: undefined, sampleStart: 0, sampleEnd: 0, stage: 'answer', try: 0 };
const ANSWER = lit('"answer"');
const RATIONALIZE = lit('"rationalize"');

/** Position just past a plain JSON string at `at` (its quotes included), or -1. */
function plainString(buf: Buffer, end: number): number {
  if (buf[at] !== QUOTE) return -1;
  // One JS pass for the closing quote and any escape (ids are short; a native indexOf
  // costs more per call, and would scan past the line for a backslash).
  for (let i = at + 1; i < end; i++) {
    const c = buf[i];
    if (c === QUOTE) return i === at + 1 ? -1 : i + 1;
    if (c === BACKSLASH) return -1;
  }
  return -1;
}

export function attemptKeyOf(buf: Buffer, start: number, end: number): AttemptKey | undefined {
  at = start;
  if (!expect(buf, end, ID)) return slowAttemptKey(buf, start, end);
  const idStart = at + 1;
  const afterId = plainString(buf, end);
  if (afterId === -1) return slowAttemptKey(buf, start, end);
  at = afterId;
  if (!expect(buf, end, SAMPLE)) return slowAttemptKey(buf, start, end);
  const sampleStart = at + 1;
  const afterSample = plainString(buf, end);
  if (afterSample === -1) return slowAttemptKey(buf, start, end);
  at = afterSample;
  if (!expect(buf, end, STAGE)) return slowAttemptKey(buf, start, end);
  let stage: Stage;
  if (expect(buf, end, ANSWER)) stage = 'answer';
  else if (expect(buf, end, RATIONALIZE)) stage = 'rationalize';
  else return slowAttemptKey(buf, start, end);
  if (!expect(buf, end, TRY)) return slowAttemptKey(buf, start, end);
  const t = uint(buf, end);
  const next = buf[at];
  if (t === undefined || (next !== 0x2c && next !== 0x7d)) return slowAttemptKey(buf, start, end);
  KEY.id = undefined;
  KEY.idStart = idStart;
  KEY.idEnd = afterId - 1;
  KEY.sampleStart = sampleStart;
  KEY.sampleEnd = afterSample - 1;
  KEY.sampleId = undefined;
  KEY.stage = stage;
  KEY.try = t;
  return KEY;
}

const VKEY: VerdictKey = { attemptId: undefined, idStart: 0, idEnd: 0, pass: false };

export function verdictKeyOf(buf: Buffer, start: number, end: number): VerdictKey | undefined {
  at = start;
  if (expect(buf, end, ATTEMPT_ID)) {
    const idStart = at + 1;
    const after = plainString(buf, end);
    if (after !== -1) {
      at = after;
      let pass: boolean | undefined;
      if (expect(buf, end, PASS_TRUE)) pass = true;
      else if (((at = after), expect(buf, end, PASS_FALSE))) pass = false;
      if (pass !== undefined) return Object.assign(VKEY, { attemptId: undefined, idStart, idEnd: after - 1, pass });
    }
  }
  const v = parseObject(buf, start, end);
  if (!v || typeof v.attemptId !== 'string' || v.attemptId === '' || typeof v.pass !== 'boolean') return undefined;
  return Object.assign(VKEY, { attemptId: v.attemptId, idStart: 0, idEnd: 0, pass: v.pass });
}

function slowAttemptKey(buf: Buffer, start: number, end: number): AttemptKey | undefined {
  const v = parseObject(buf, start, end);
  if (!v) return undefined;
  const { id, sampleId, stage, try: t } = v;
  if (typeof id !== 'string' || id === '' || typeof sampleId !== 'string' || sampleId === '') return undefined;
  if (typeof stage !== 'string' || !isStage(stage)) return undefined;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t > 0xffffffff) return undefined;
  Object.assign(KEY, { id, idStart: 0, idEnd: 0, sampleId, sampleStart: 0, sampleEnd: 0, stage, try: t });
  return KEY;
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
