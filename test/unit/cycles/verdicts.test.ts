import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { createCycle, attemptId, readVerdicts, type VerdictInput } from '../../../src/core/cycles';
import { attempt, tempDir } from './helpers';

const v = (id: string, pass: boolean): VerdictInput => ({ attemptId: id, pass, verifier: 'label-match@1', checks: [{ field: 'action', pass }] });

test('verdicts find their attempt by default id, custom id and escaped id; the last one wins', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const store = await createCycle(dir, { model: 'm', dataset: 'd' });
    await store.appendAttempts([
      attempt('plain'),
      attempt('plain', 'rationalize', 12),
      attempt('with "quotes"'),
      attempt('custom', 'answer', 0, { id: 'my-id' }),
      attempt('ünï/cødé'),
    ]);
    const ids = [attemptId(1, 'plain', 'answer', 0), attemptId(1, 'plain', 'rationalize', 12), attemptId(1, 'with "quotes"', 'answer', 0), 'my-id', attemptId(1, 'ünï/cødé', 'answer', 0)];
    await store.appendVerdicts(ids.map((id) => v(id, false)));
    await store.appendVerdicts([v(ids[1]!, true), v(ids[4]!, true)]);
    // Ids that look default but are not in this index: other cycle, other try, the custom one's default id.
    await store.appendVerdicts([v('c2/answer/0/plain', true), v(attemptId(1, 'plain', 'rationalize', 1), true), v(attemptId(1, 'custom', 'answer', 0), true)]);
    appendFileSync(store.path('verdicts'), '{"pass":true}\n');
    const ix = store.index();
    const t = readVerdicts(store.path('verdicts'), ix);
    assert.deepEqual(ids.map((id) => t.pass[ix.lookup(id)]), [0, 1, 0, 0, 1]);
    assert.equal(t.orphans, 3);
    assert.deepEqual(t.problems, [{ line: 11, message: 'not a verdict record' }]);
    await store.close();
  } finally {
    cleanup();
  }
});

test('status reads verdicts incrementally; a verdict written before its attempt counts once the attempt is there', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const store = await createCycle(dir, { model: 'm', dataset: 'd' });
    await store.appendAttempts([attempt('a')]);
    await store.appendVerdicts([v(attemptId(1, 'a', 'answer', 0), false), v(attemptId(1, 'b', 'answer', 0), false)]);
    let s = await store.status();
    assert.deepEqual(s.counts.verdicts, { verified: 1, passed: 0, failed: 1, orphans: 1 });

    await store.appendVerdicts([v(attemptId(1, 'b', 'answer', 0), true)]); // still before its attempt: last wins
    await store.appendAttempts([attempt('b'), attempt('a', 'rationalize')]);
    await store.appendVerdicts([v(attemptId(1, 'a', 'rationalize', 0), true)]);
    s = await store.status();
    assert.deepEqual(s.counts.verdicts, { verified: 3, passed: 2, failed: 1, orphans: 0 });
    assert.deepEqual(s.counts.samples, { total: 2, passedDirect: 1, passedAfterRationalization: 1, failed: 0, unverified: 0 });

    await store.appendVerdicts([v(attemptId(1, 'b', 'answer', 0), false)]); // re-verified after the attempt
    s = await store.status();
    assert.deepEqual(s.counts.samples, { total: 2, passedDirect: 0, passedAfterRationalization: 1, failed: 1, unverified: 0 });
    await store.close();
  } finally {
    cleanup();
  }
});
