import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackendError, parseRetryAfter, redact } from '../../../src/core/generate/backend';
import { AbortedError, TimeoutError, backoffDelay, withRetry, DEFAULT_RETRY } from '../../../src/core/generate/retry';
import { toVerifyLabel } from '../../../src/core/generate/labels';

const P = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };

test('backoff doubles per retry with jitter in [cap/2, cap], capped', () => {
  assert.equal(backoffDelay(0, P, undefined, () => 0), 50);
  assert.equal(backoffDelay(0, P, undefined, () => 1), 100);
  assert.equal(backoffDelay(2, P, undefined, () => 1), 400);
  assert.equal(backoffDelay(10, P, undefined, () => 1), 1000);
});

test('Retry-After is honoured: at least that long', () => {
  assert.equal(backoffDelay(0, P, 3000, () => 0), 3000);
  assert.equal(backoffDelay(5, P, 10, () => 1), 1000);
});

test('parseRetryAfter reads seconds and HTTP dates', () => {
  assert.equal(parseRetryAfter('2'), 2000);
  assert.equal(parseRetryAfter('0.5'), 500);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6000);
  assert.equal(parseRetryAfter('soon'), undefined);
  assert.equal(parseRetryAfter(null), undefined);
});

test('redact removes the token from messages', () => {
  assert.equal(redact('Bearer hf_abc failed hf_abc', 'hf_abc'), 'Bearer [REDACTED] failed [REDACTED]');
  assert.equal(redact('x', undefined), 'x');
});

test('withRetry retries retryable errors up to the bound, not others', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(async () => {
      calls++;
      throw new BackendError('boom', { status: 500, retryable: true });
    }, { ...P, baseDelayMs: 1, retries: 2 }),
    /boom/,
  );
  assert.equal(calls, 3);
  calls = 0;
  await assert.rejects(
    withRetry(async () => {
      calls++;
      throw new BackendError('bad', { status: 400, retryable: false });
    }, { ...P, baseDelayMs: 1 }),
    /bad/,
  );
  assert.equal(calls, 1);
  const ok = await withRetry(async () => (++calls > 2 ? 'fine' : Promise.reject(new BackendError('x', { retryable: true }))), { ...P, baseDelayMs: 1 });
  assert.equal(ok.value, 'fine');
});

test('withRetry times a try out and retries it; an abort stops without retrying', async () => {
  let calls = 0;
  const hang = (s: AbortSignal): Promise<string> =>
    new Promise((_, reject) => s.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
  await assert.rejects(
    withRetry((s) => (calls++, hang(s)), { ...P, baseDelayMs: 1, retries: 1, timeoutMs: 30 }),
    TimeoutError,
  );
  assert.equal(calls, 2);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 20);
  const t0 = Date.now();
  await assert.rejects(withRetry(hang, { ...P, timeoutMs: 10_000 }, ac.signal), AbortedError);
  assert.ok(Date.now() - t0 < 500);
});

test('toVerifyLabel maps field schemas and verifier settings onto verifier labels', () => {
  assert.deepEqual(toVerifyLabel('action', { type: 'class', values: ['run'] }, 'run', { synonyms: { run: ['jog'] } }), {
    type: 'class',
    value: 'run',
    field: 'action',
    synonyms: ['jog'],
  });
  assert.deepEqual(toVerifyLabel('score', { type: 'number', unit: 'points' }, 81.5, { relTol: 0.05 }), {
    type: 'number',
    value: 81.5,
    field: 'score',
    relTol: 0.05,
    unit: 'points',
  });
  assert.deepEqual(toVerifyLabel('box', { type: 'bbox', normalized: false, frameWidth: 200, frameHeight: 100 }, [20, 10, 100, 50]).value, [0.1, 0.1, 0.5, 0.5]);
  assert.deepEqual(toVerifyLabel('when', { type: 'temporal_range', unit: 's' }, [1, 2], { minIoU: 0.3 }), { type: 'temporal_range', value: [1, 2], field: 'when', minIoU: 0.3 });
  assert.deepEqual(toVerifyLabel('ok', { type: 'yes_no' }, true), { type: 'yes_no', value: true, field: 'ok' });
  assert.throws(() => toVerifyLabel('action', { type: 'class', values: [] }, 3), /label "action": expected a class name, got 3/);
  assert.throws(() => toVerifyLabel('box', { type: 'bbox', normalized: false }, [1, 2, 3, 4]), /frameWidth/);
});
