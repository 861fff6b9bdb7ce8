import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BOUND_MB, runLoad } from './load';
import { recordFigures } from './support';

// The load run at 100k samples (the 1M run is bench/reliability-load.bench.ts, ~2 minutes):
// verify and export stay within the store benchmark's memory bound, and a review log of
// 100k decisions opens and takes one more decision quickly. Time limits are loose (a
// shared 2-core machine); the bench prints the real figures.
test('load: 100k samples through verify and export within 400 MB; 100k review decisions open and apply quickly', async () => {
  const f = await runLoad(100_000, (l) => console.log(`# ${l}`));
  recordFigures('load-100k', { ...f });
  assert.ok(f.verify.ok, `verify: ${JSON.stringify(f.verify)} (bound ${BOUND_MB} MB)`);
  assert.ok(f.export.ok, `export: ${JSON.stringify(f.export)} (bound ${BOUND_MB} MB)`);
  assert.equal(f.review.decisions, 100_000);
  assert.ok(f.review.openMs < 5000, `review session opened in ${f.review.openMs} ms`);
  assert.ok(f.review.decideMs < 1000, `one decision applied in ${f.review.decideMs} ms`);
});
