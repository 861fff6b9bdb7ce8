import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { semanticVerifier } from '../../../src/core/generate/semantic';
import type { VstarConfig } from '../../../src/core/config/schema';
import { UsageError } from '../../../src/core/util/errors';

const EMBEDDER = resolve(__dirname, '../../fixtures/embedder');
const task = (semantic?: { model: string; minSimilarity?: number }) =>
  ({ dataset: 'd', field: 'caption', ...(semantic ? { verifier: { semantic } } : {}) }) as unknown as VstarConfig['tasks'][string];

test('no task turns on the semantic matcher: no verify override', async () => {
  const config = { tasks: { a: task(), b: task() } };
  assert.equal(await semanticVerifier(config, ['a', 'b'], (p) => p), undefined);
});

test('a task with verifier.semantic verifies text labels with the project-built embedder', async () => {
  const config = { tasks: { cap: task({ model: 'embedder' }) } };
  const verify = await semanticVerifier(config, ['cap'], (p) => join(EMBEDDER, '..', p));
  assert.ok(verify);
  const label = { type: 'text' as const, value: 'a man rides a bike', minSimilarity: 0.8 };
  const yes = await verify('Step by step: the person pedals along the road. So, a person is cycling.', [label]);
  assert.equal(yes.pass, true, JSON.stringify(yes.checks));
  const no = await verify('Step by step: there is a stove and a pan. So, someone is cooking.', [label]);
  assert.equal(no.pass, false);
  // Other label types still go through the ordinary verifiers.
  const mixed = await verify('So, a person is cycling. Yes, it bounces.', [label, { type: 'yes_no', value: true }]);
  assert.equal(mixed.checks.length, 2);
  assert.equal(mixed.pass, true);
});

test('tasks naming different models in one run are a usage error that names them', async () => {
  const config = { tasks: { a: task({ model: 'm1' }), b: task({ model: 'm2' }) } };
  await assert.rejects(semanticVerifier(config, ['a', 'b'], (p) => p), (e: unknown) => e instanceof UsageError && /a → m1; b → m2/.test(e.message));
});
