// scanDataset with its fast paths against the scan they replaced, written out here as the
// oracle: zod for every line, coerce + isDeepStrictEqual per label, the general clip
// resolution, a Map of ids. Generated records.jsonl files, good lines and hostile ones
// mixed, must give the same problems (file, line, field, message) and the same records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { scanDataset, type RecordPlace } from '../../../src/core/datasets/store';
import { SampleRecord } from '../../../src/core/datasets/record';
import { coerce } from '../../../src/core/datasets/values';
import { resolveClipGeneral } from '../../../src/core/datasets/clipPath';
import type { LabelSchema } from '../../../src/core/datasets/labels';
import type { InputProblem } from '../../../src/core/util/errors';
import { tempDir } from './helpers';

const SCHEMA: LabelSchema = {
  action: { type: 'class', values: ['run', 'jump', 'swim'] },
  n: { type: 'number', min: 0, max: 10 },
  span: { type: 'temporal_range', unit: 's' },
  box: { type: 'bbox', normalized: true },
  steps: { type: 'sequence' },
  ok: { type: 'yes_no' },
  note: { type: 'text' },
};
const ROOT = '/data/root';

interface Seen {
  rec: SampleRecord;
  at: RecordPlace;
}

/** The scan as it was before the fast paths, line for line. */
function oracle(file: string, text: string): { problems: InputProblem[]; seen: Seen[] } {
  const problems: InputProblem[] = [];
  const seen: Seen[] = [];
  const ids = new Map<string, { key: number; line: number }>();
  const dotted = (p: readonly PropertyKey[]): string => p.map(String).join('.');
  const buf = Buffer.from(text, 'utf8');
  let offset = 0;
  let line = 0;
  while (offset < buf.length) {
    let nl = buf.indexOf(0x0a, offset);
    if (nl === -1) nl = buf.length;
    const raw = buf.toString('utf8', offset, nl);
    const at = { offset, bytes: nl - offset };
    offset = nl + 1;
    line++;
    if (raw.trim() === '') continue;
    const before = problems.length;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      problems.push({ file, line, message: `not valid JSON: ${(err as Error).message}` });
      continue;
    }
    const r = SampleRecord.safeParse(value);
    if (!r.success) {
      for (const is of r.error.issues) problems.push({ file, line, field: dotted(is.path) || undefined, message: is.message });
      continue;
    }
    const rec = r.data;
    for (const [field, v] of Object.entries(rec.labels)) {
      const fs_ = Object.hasOwn(SCHEMA, field) ? SCHEMA[field] : undefined;
      if (!fs_) {
        problems.push({ file, line, field: `labels.${field}`, message: 'not in schema.json' });
        continue;
      }
      const c = coerce(v, fs_);
      if (!c.ok) problems.push({ file, line, field: `labels.${field}`, message: c.message });
      else if (!isDeepStrictEqual(c.value, v)) problems.push({ file, line, field: `labels.${field}`, message: `stored as ${JSON.stringify(v)}, not as a ${fs_.type} value` });
    }
    const res = resolveClipGeneral(rec.video, ROOT, []);
    if (!res.ok) problems.push({ file, line, field: 'video', message: res.message });
    const first = ids.get(rec.id);
    if (first) {
      problems.push({ file, line, field: 'id', message: `duplicate id "${rec.id}" (first on line ${first.line})` });
      continue;
    }
    const key = ids.size;
    ids.set(rec.id, { key, line });
    if (problems.length === before) seen.push({ rec, at: { line, ...at, key } });
  }
  return { problems, seen };
}

const id = fc.oneof(fc.constantFrom('a', 'b', 'c', 'é', '\u{1F600}', 'k/1'), fc.string({ minLength: 1, maxLength: 6 }));
const video = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('clips/a.mp4', 'b.mp4', 'x/y/z.mp4') }, fc.constantFrom('clips/a.mp4', 'a b.mp4', '../x.mp4', 'a/./b.mp4', 'a//b.mp4', 'a\\..\\..\\x', 'a\n/../../x', '/etc/passwd', ' ', ''), fc.string({ maxLength: 8 }));
const often = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ weight: 4, arbitrary: usual }, { weight: 1, arbitrary: rare });
const goodLabels = fc.record(
  {
    action: fc.constantFrom('run', 'jump', 'swim'),
    n: fc.integer({ min: 0, max: 10 }),
    span: fc.constantFrom([0, 1], [2.5, 3]),
    box: fc.constantFrom([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]),
    steps: fc.array(fc.constantFrom('a', 'b c'), { maxLength: 3 }),
    ok: fc.boolean(),
    note: fc.constantFrom('hi', 'a note'),
  },
  { requiredKeys: [] },
);
// Values a hand edit could leave: in the wrong typed form, out of range, unknown fields.
const badLabel = fc.tuple(
  fc.constantFrom('action', 'n', 'span', 'box', 'steps', 'ok', 'note', 'other', 'constructor', 'toString', '__proto__'),
  fc.constantFrom<unknown>(' run', 'walk', '3', 3, -1, 11, -0, [1, 0], [0, 1, 2], [0, 0, 2, 2], ['a ', 'b'], [1, 2], 'yes', 1, true, ' hi', null, {}, 1e400),
);
const record = fc.record(
  {
    id,
    video,
    start: fc.constantFrom(0, -0, 1, 2.5, -1),
    end: often(fc.constantFrom(3, 4), fc.constantFrom(0, 1, 1e400)),
    split: often(fc.constantFrom('train', 'val', 'test'), fc.constant('dev')),
    labels: goodLabels,
    extra: fc.constant(1),
  },
  { requiredKeys: ['id', 'video', 'split', 'labels'] },
);
const jsonLine = fc.tuple(record, fc.option(badLabel, { nil: undefined, freq: 3 }), fc.boolean()).map(([r, bad, reorder]) => {
  const rec: Record<string, unknown> = { ...r, labels: { ...r.labels, ...(bad ? { [bad[0]]: bad[1] } : {}) } };
  const text = JSON.stringify(reorder ? Object.fromEntries(Object.entries(rec).reverse()) : rec);
  return text.replace(/1e\+400|null(?=[,}])/, (m) => (m === 'null' ? 'null' : '1e400')).replaceAll('Infinity', '1e400');
});
const junk = fc.constantFrom('', '   ', 'not json', '[1]', 'null', '{"id":"a"', '"x"', '{}', '{"__proto__":{"id":"p"}}');
const fileText = fc
  .tuple(fc.array(fc.oneof({ weight: 5, arbitrary: jsonLine }, { weight: 1, arbitrary: junk }), { maxLength: 12 }), fc.boolean())
  .map(([lines, finalNewline]) => lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : ''));

test('scan: the fast paths report exactly what the zod-only scan reported, on generated files', async () => {
  const t = tempDir();
  try {
    const dir = path.join(t.dir, 'ds');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'schema.json'), JSON.stringify(SCHEMA));
    fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify({ name: 'ds', root: ROOT, allowRoots: [] }));
    const file = path.join(dir, 'records.jsonl');
    let good = 0;
    await fc.assert(
      fc.asyncProperty(fileText, async (text) => {
        fs.writeFileSync(file, text);
        const seen: Seen[] = [];
        const scan = await scanDataset(dir, (rec, at) => seen.push({ rec, at }));
        const want = oracle(file, text);
        assert.deepStrictEqual(scan.problems, want.problems);
        assert.deepStrictEqual(seen, want.seen);
        assert.equal(JSON.stringify(seen), JSON.stringify(want.seen)); // key order of the records too
        good += seen.length;
      }),
      { numRuns: 150, seed: 21 },
    );
    assert.ok(good > 100, `only ${good} good records were generated`); // the property saw both kinds
  } finally {
    t.cleanup();
  }
});
