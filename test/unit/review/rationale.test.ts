// The webview's span splitter (webview-ui/src/rationale.ts, pure): the decisive spans of a
// verdict become <mark> pieces, in order, whatever the spans look like.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { before } from 'node:test';

// webview-ui is an ES module package (browser bundle); a CommonJS test loads it with import().
let splitBySpans: (text: string, spans: ReadonlyArray<readonly [number, number]>) => Array<{ text: string; mark: boolean }>;
before(async () => {
  ({ splitBySpans } = await import('../../../webview-ui/src/rationale.js'));
});

const text = 'So the answer is pole vaulting.';

test('one span: plain, marked, plain', () => {
  assert.deepEqual(splitBySpans(text, [[17, 30]]), [
    { text: 'So the answer is ', mark: false },
    { text: 'pole vaulting', mark: true },
    { text: '.', mark: false },
  ]);
});

test('several spans (sequences) out of order, overlapping, touching the ends', () => {
  const pieces = splitBySpans(text, [[22, 30], [0, 2], [17, 24]]);
  assert.deepEqual(pieces.filter((p) => p.mark).map((p) => p.text), ['So', 'pole vaulting']);
  assert.equal(pieces.map((p) => p.text).join(''), text);
});

test('empty, reversed and out-of-range spans are dropped or clamped; no spans is one plain piece', () => {
  assert.deepEqual(splitBySpans(text, []), [{ text, mark: false }]);
  assert.deepEqual(splitBySpans(text, [[5, 5], [9, 3]]), [{ text, mark: false }]);
  assert.deepEqual(splitBySpans('abc', [[1, 99]]), [{ text: 'a', mark: false }, { text: 'bc', mark: true }]);
  assert.deepEqual(splitBySpans('', [[0, 3]]), []);
});
