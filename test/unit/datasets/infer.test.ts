import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferSchema, guessType, coerce } from '../../../src/core/datasets';

const infer = (values: Record<string, unknown[]>) => inferSchema(new Map(Object.entries(values)));

test('inference: each label type from JSON values', () => {
  assert.deepEqual(
    infer({
      act: ['run', 'walk', 'run'],
      n: [1, 2.5, -3],
      ok: [true, false],
      t: [[0, 1], [2.5, 4]],
      box: [[0.1, 0.1, 0.2, 0.3], [0, 0, 1, 1]],
      px: [[10, 20, 110, 220]],
      steps: [['a', 'b'], ['c']],
      note: ['The person picks up the cup from the table and drinks from it.', 'Another long caption that is quite different from the first one.'],
    }),
    {
      act: { type: 'class', values: ['run', 'walk'] },
      box: { type: 'bbox', normalized: true },
      n: { type: 'number', min: -3, max: 2.5 },
      note: { type: 'text' },
      ok: { type: 'yes_no' },
      px: { type: 'bbox', normalized: false },
      steps: { type: 'sequence' },
      t: { type: 'temporal_range', unit: 's' },
    },
  );
});

test('inference: each label type from csv strings', () => {
  assert.equal(guessType(['yes', 'No', 'TRUE']), 'yes_no');
  assert.equal(guessType(['1', '0', '1']), 'number'); // 1/0 are numbers unless declared yes_no
  assert.equal(guessType(['12.0-31.0', '0..2', '[1, 3]']), 'temporal_range');
  assert.equal(guessType(['0.1 0.2 0.3 0.4', '0,0,1,1']), 'bbox');
  assert.equal(guessType(['a;b', 'c;d;e']), 'sequence');
  assert.equal(guessType(['left', 'right']), 'class');
});

test('inference: one bad value in a numeric column keeps it numeric (the value fails later)', () => {
  assert.equal(guessType(['1', '2', '3', 'fast']), 'number');
  assert.equal(guessType(['1', 'slow', '3', 'fast']), 'class');
});

test('inference: many distinct short strings are text, repeating ones a class', () => {
  const unique = Array.from({ length: 30 }, (_, i) => `item ${i}`);
  assert.equal(guessType(unique), 'text');
  assert.equal(guessType([...unique, ...unique]), 'class');
  assert.equal(guessType(['a very long answer with many more than six words in it']), 'text');
});

test('inference: declared fields win; a declared class without values gets the vocabulary', () => {
  const s = inferSchema(new Map([['a', ['x', 'y']], ['b', ['1', '2']]]), {
    overrides: { a: { type: 'class', values: [] }, b: { type: 'text' }, c: { type: 'yes_no' } },
  });
  assert.deepEqual(s, { a: { type: 'class', values: ['x', 'y'] }, b: { type: 'text' }, c: { type: 'yes_no' } });
});

test('coercion: declared yes_no accepts 1/0; boxes must be normalized unless declared in pixels', () => {
  assert.deepEqual(coerce('1', { type: 'yes_no' }), { ok: true, value: true });
  assert.equal(coerce([10, 10, 20, 20], { type: 'bbox', normalized: true }).ok, false);
  assert.deepEqual(coerce('10 10 20 20', { type: 'bbox', normalized: false }), { ok: true, value: [10, 10, 20, 20] });
  assert.equal(coerce([0.5, 0.5, 0.2, 0.9], { type: 'bbox', normalized: true }).ok, false);
  assert.equal(coerce('abc', { type: 'temporal_range', unit: 's' }).ok, false);
  assert.deepEqual(coerce(' a ; b ;', { type: 'sequence' }), { ok: true, value: ['a', 'b'] });
});
