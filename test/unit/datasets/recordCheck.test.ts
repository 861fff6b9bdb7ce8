// The fast paths of a dataset re-validation against what they stand in for: the hand-written
// record check against zod's SampleRecord, the stored-value check against coerce +
// isDeepStrictEqual, the plain clip path shortcut against the general resolution.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { SampleRecord } from '../../../src/core/datasets/record';
import { checkParsedRecord } from '../../../src/core/datasets/recordCheck';
import { coerce, storedValueProblem } from '../../../src/core/datasets/values';
import { clipPathProblem, isPlainRelative, resolveClip, resolveClipGeneral } from '../../../src/core/datasets/clipPath';
import type { FieldSchema } from '../../../src/core/datasets/labels';

const KNOWN = new Set(['id', 'video', 'start', 'end', 'split', 'labels']);

/** The valid records the checker leaves to zod on purpose: zod's copy differs from the input. */
function leftToZod(v: Record<string, unknown>): boolean {
  if (Object.keys(v).some((k) => !KNOWN.has(k))) return true; // extra keys: zod strips them
  if (('start' in v && v.start === undefined) || ('end' in v && v.end === undefined)) return true;
  if (Object.getPrototypeOf(v.labels) === null) return true; // zod copies it into a plain object
  return Object.prototype.hasOwnProperty.call(v.labels, '__proto__'); // zod drops it
}

function agrees(v: unknown): void {
  const fast = checkParsedRecord(v);
  const z = SampleRecord.safeParse(v);
  if (fast !== undefined) {
    assert.ok(z.success, `fast path accepted what zod rejects: ${show(v)} (${z.success || z.error.message})`);
    assert.deepStrictEqual(fast, z.data);
    // Same key order too: records are written back with JSON.stringify.
    assert.equal(JSON.stringify(fast), JSON.stringify(z.data));
  } else if (z.success) {
    assert.ok(typeof v === 'object' && v !== null && leftToZod(v as Record<string, unknown>), `fast path declined a plain valid record: ${show(v)}`);
  }
}

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x === undefined ? '<undefined>' : x));
  } catch {
    return String(v);
  }
};

// Values from every corner a line can hold: wrong types, NaN/±Infinity/-0/huge numbers,
// unicode, empty strings, nested and mixed arrays, null/undefined.
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, NaN, Infinity, -Infinity),
);
const str = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', ' ', 'train', 'val', 'test', 'Train', 'x', '__proto__', '\u0000', '\u{1F600}'));
const scalar = fc.oneof(number, str, fc.boolean(), fc.constantFrom(null, undefined));
const hostile = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 4 }),
  fc.array(fc.array(scalar, { maxLength: 2 }), { maxLength: 2 }),
  fc.dictionary(str, scalar, { maxKeys: 3 }),
);
const goodValue = fc.oneof(str, number, fc.boolean(), fc.array(str, { maxLength: 4 }), fc.array(number, { maxLength: 4 }));
const labelValue = fc.oneof({ weight: 3, arbitrary: goodValue }, { weight: 1, arbitrary: hostile });
const labelKey = fc.oneof(str, fc.constantFrom('1', '2', 'constructor', 'toString', 'hasOwnProperty'));
const orHostile = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: hostile });

// Mostly-valid records with a few fields made wrong, so both answers come up often.
const validRecord = fc.record(
  {
    id: fc.string({ minLength: 1 }),
    video: fc.oneof(fc.string({ minLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1 })),
    start: fc.oneof(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), fc.nat()),
    end: fc.oneof(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), fc.nat()),
    split: fc.constantFrom('train', 'val', 'test'),
    labels: fc.dictionary(labelKey, goodValue, { maxKeys: 4 }),
  },
  { requiredKeys: ['id', 'video', 'split', 'labels'] },
);
const FIELD_NAMES = ['id', 'video', 'start', 'end', 'split', 'labels', 'extra', 'labels.x'] as const;
const edit = fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.oneof(hostile, fc.constant('<delete>')));
const record = fc.oneof(
  { weight: 2, arbitrary: validRecord },
  {
    weight: 3,
    arbitrary: fc.tuple(validRecord, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([r, edits]) => {
      const out: Record<string, unknown> = { ...r, labels: { ...r.labels } };
      for (const [field, v] of edits) {
        const [obj, key] = field === 'labels.x' ? [out.labels as Record<string, unknown>, 'x'] : [out, field];
        if (typeof obj !== 'object' || obj === null) continue;
        if (v === '<delete>') delete obj[key];
        else obj[key] = v;
      }
      return out;
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      { id: orHostile(str), video: orHostile(str), start: orHostile(number), end: orHostile(number), split: orHostile(str), labels: orHostile(fc.dictionary(labelKey, labelValue, { maxKeys: 4 })), extra: hostile },
      { requiredKeys: [] },
    ),
  },
);

test('record check: agrees with SampleRecord.safeParse on generated records (JS values)', () => {
  fc.assert(fc.property(record, (r) => agrees(r)), { numRuns: 4000, seed: 9 });
  fc.assert(fc.property(hostile, (v) => agrees(v)), { numRuns: 500, seed: 10 });
});

test('record check: agrees with SampleRecord.safeParse on records read from JSON text', () => {
  // What a scan sees: JSON.parse output, where `1e400` is Infinity and `__proto__` an own key.
  const text = record.map((r) => JSON.stringify(r) ?? 'null');
  const edited = fc.tuple(text, fc.constantFrom('', '1e400', '-1e400', '"__proto__"', '1e-400', '-0')).map(([t, s]) =>
    s === '' ? t : t.replace(/(-?\d+(\.\d+)?(e[-+]?\d+)?)(?=[,}\]])/i, s.startsWith('"') ? '0' : s).replace('"labels":{"', s === '"__proto__"' ? '"labels":{"__proto__":1,"' : '"labels":{"'),
  );
  fc.assert(fc.property(edited, (t) => agrees(JSON.parse(t))), { numRuns: 3000, seed: 11 });
});

test('record check: the usual stored records take the fast path, in zod key order', () => {
  const line = '{"labels":{"action":"a","box":[0,0.5,1,1],"n":-0},"split":"val","end":2,"start":1,"video":"c/x.mp4","id":"k/1"}';
  const fast = checkParsedRecord(JSON.parse(line));
  assert.equal(JSON.stringify(fast), '{"id":"k/1","video":"c/x.mp4","start":1,"end":2,"split":"val","labels":{"action":"a","box":[0,0.5,1,1],"n":0}}');
  assert.ok(Object.is(fast?.labels.n, -0));
  for (const bad of ['{"id":"a","video":"v","split":"val","labels":{},"start":2,"end":2}', '{"id":"a","video":"v","split":"val","labels":{"x":1e400}}', '{"id":"","video":"v","split":"val","labels":{}}']) {
    assert.equal(checkParsedRecord(JSON.parse(bad)), undefined, bad);
    assert.equal(SampleRecord.safeParse(JSON.parse(bad)).success, false, bad);
  }
  // Valid, but zod strips the extra key: left to zod.
  assert.equal(checkParsedRecord({ id: 'a', video: 'v', split: 'val', labels: {}, note: 1 }), undefined);
});

const FIELDS: FieldSchema[] = [
  { type: 'class', values: ['a', 'b', ' c', '3'] },
  { type: 'class', values: [] },
  { type: 'number', min: -1, max: 10 },
  { type: 'number' },
  { type: 'temporal_range', unit: 's' },
  { type: 'bbox', normalized: true },
  { type: 'bbox', normalized: false },
  { type: 'sequence' },
  { type: 'yes_no' },
  { type: 'text' },
];

test('stored values: storedValueProblem says what coerce + isDeepStrictEqual said', () => {
  const old = (v: unknown, f: FieldSchema): string | undefined => {
    const c = coerce(v, f);
    if (!c.ok) return c.message;
    return isDeepStrictEqual(c.value, v) ? undefined : `stored as ${JSON.stringify(v)}, not as a ${f.type} value`;
  };
  const value = fc.oneof(labelValue, fc.constantFrom('a', ' a', 'b ', '3', 3, -0, [0, -0], [1, 2], [2, 1], [-0, 0, 1, 1], ['x', ' y'], [0.1, 0.2, 0.3, 0.4], true, 'yes', 1, 0));
  fc.assert(
    fc.property(value, fc.constantFrom(...FIELDS), (v, f) => {
      assert.equal(storedValueProblem(v as never, f), old(v, f));
    }),
    { numRuns: 6000, seed: 12 },
  );
});

test('clip paths: the plain-path shortcut resolves exactly like the general resolution', () => {
  const part = fc.constantFrom('a', 'b.mp4', '.', '..', '...', '', ' ', '\\', '\n', '\r', '\u2028', '\u0000', 'é', '/', '//');
  const written = fc.array(part, { maxLength: 8 }).map((ps) => ps.join(''));
  const root = fc.constantFrom('/data/root', '/data/root/', '/');
  fc.assert(
    fc.property(fc.oneof(written, fc.string()), root, (v, r) => {
      const general = resolveClipGeneral(v, r, ['/allowed']);
      assert.deepStrictEqual(resolveClip(v, r, ['/allowed']), general);
      assert.equal(clipPathProblem(v, r, ['/allowed']), general.ok ? undefined : general.message);
    }),
    { numRuns: 5000, seed: 13 },
  );
});

test('clip paths: a line break does not hide a `..` escape (the old regex shortcut let these through)', () => {
  for (const v of ['a\n/../../../etc/passwd', 'a\r/..', 'x\u2028/../..', 'a\n//b']) {
    assert.equal(isPlainRelative(v), false, JSON.stringify(v));
  }
  const r = resolveClip('a\n/../../../etc/passwd', '/data/root');
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.message, /resolves outside the dataset root/);
  assert.match(clipPathProblem('a\n/../../../etc/passwd', '/data/root') ?? '', /resolves outside the dataset root/);
  assert.equal(isPlainRelative('clips/a b/\u{1F600}.mp4'), true);
});
