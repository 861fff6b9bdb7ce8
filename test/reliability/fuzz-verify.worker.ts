// The verifier fuzz of bad-inputs.test.ts, in a worker thread so that a verifier stuck in a
// loop can be stopped (and reported with its input) instead of hanging the suite.
import assert from 'node:assert/strict';
import { parentPort } from 'node:worker_threads';
import fc from 'fast-check';
import { verifyAll, verifyLine, VerifyLabel } from '../../src/core/verify';

let runs = 0;
try {
  const word = fc.constantFrom('the', 'answer', 'is', 'not', 'yes', 'no', 'from', 'to', 'seconds', '1:05', 'twenty-one', '3.5', '-2', '1e9', '[0.1, 0.2, 0.3, 0.4]', 'then', 'before', 'after', 'once', 'run', '.', ',', '\n', '%', '∞', '٣', '½');
  const answer = fc.oneof(fc.array(word, { maxLength: 40 }).map((w) => w.join(' ')), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }));
  const label = fc.oneof(
    fc.record({ type: fc.constant('class' as const), value: fc.string({ minLength: 1, maxLength: 12 }) }),
    fc.record({ type: fc.constant('number' as const), value: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) }),
    fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true })).map(([a, b]) => ({ type: 'temporal_range' as const, value: [Math.min(a, b), Math.max(a, b)] as [number, number] })),
    fc.tuple(fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true })).map(([a, b]) => ({ type: 'bbox' as const, value: [a, b, a + 0.5, b + 0.5] as [number, number, number, number] })),
    fc.record({ type: fc.constant('sequence' as const), value: fc.array(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }) }),
    fc.record({ type: fc.constant('yes_no' as const), value: fc.boolean() }),
  );
  fc.assert(
    fc.property(answer, fc.array(label, { minLength: 1, maxLength: 3 }), (a, labels) => {
      runs++;
      parentPort!.postMessage({ current: JSON.stringify({ a, labels }).slice(0, 500) });
      const parsed = labels.flatMap((l) => {
        const r = VerifyLabel.safeParse(l);
        return r.success ? [r.data] : [];
      });
      if (parsed.length === 0) return;
      const v = verifyAll(a, parsed);
      assert.equal(typeof v.pass, 'boolean');
      for (const c of v.checks) {
        const spans = (c.span === null || c.span.length === 0 ? [] : Array.isArray(c.span[0]) ? c.span : [c.span]) as Array<[number, number]>;
        for (const [s0, s1] of spans) assert.ok(s0 >= 0 && s1 <= a.length && s0 <= s1, `span [${s0}, ${s1}] in ${a.length}`);
      }
    }),
    { numRuns: 600, seed: 45 },
  );
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue().map((j) => JSON.stringify(j))), (text) => {
      runs++;
      const r = verifyLine(text, '/in.jsonl', 7);
      if (r.problem) {
        assert.equal(r.problem.file, '/in.jsonl');
        assert.equal(r.problem.line, 7);
      } else assert.ok('pass' in r.out);
    }),
    { numRuns: 300, seed: 46 },
  );
  parentPort!.postMessage({ runs });
} catch (err) {
  parentPort!.postMessage({ runs, error: (err as Error).stack ?? String(err) });
}
