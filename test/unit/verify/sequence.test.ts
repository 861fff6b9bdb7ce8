import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifySequence } from '../../../src/core/verify/sequence';

const CUP = ['pick up the cup', 'pour water', 'drink from the cup'];
const check = (answer: string, value = CUP, minScore?: number) =>
  verifySequence(answer, { type: 'sequence', value, ...(minScore !== undefined ? { minScore } : {}) });

test('steps in order pass, with paraphrases and inflections', () => {
  assert.equal(check('First, the person picks up the cup. Then they pour water into it. Finally, they drink from the cup.').pass, true);
  assert.equal(check('The person grabs the cup, pours some water into it, and drinks from the cup.').pass, true);
  const c = check('Step 1: The person lifts the cup. Step 2: Water is poured into the cup. Step 3: The person drinks from the cup.');
  assert.equal(c.pass, true);
  assert.equal(c.score, 1);
  assert.ok(Array.isArray(c.span) && c.span.length === 3);
});

test('order matters: LCS over the steps', () => {
  const c = check('The person pours water into a cup, then picks up the cup and drinks from it.');
  assert.equal(c.pass, false);
  assert.ok(Math.abs(c.score - 2 / 3) < 1e-3);
  assert.deepEqual(c.extracted, ['pour water', 'pick up the cup', 'drink from the cup']);
  assert.equal(check('The person pours water into a cup, then picks up the cup and drinks from it.', CUP, 0.6).pass, true);
  const r = check('Step 1: The person drinks from the cup. Step 2: The person picks up the cup. Step 3: The person pours water.');
  assert.equal(r.pass, false);
  assert.ok(Math.abs(r.score - 2 / 3) < 1e-3, 'pick up, pour in order; drink is out of place');
  assert.ok(Math.abs(check('The person drinks from the cup, after that pours water, and at last picks up the cup.').score - 1 / 3) < 1e-3);
});

test('"before" and "after" clauses put steps in time order', () => {
  assert.equal(check('Before pouring water, the person picks up the cup. Then the person drinks from the cup.').pass, true);
  assert.equal(check('The person pours water after picking up the cup, and finally drinks from the cup.').pass, true);
});

test('negated steps and steps in a restated question are not found', () => {
  const c = check('The person picks up the cup and drinks from it. They do not pour any water.');
  assert.equal(c.pass, false);
  assert.match(c.reason, /pour water/);
  assert.equal(check('Does the person pick up the cup, pour water and drink from the cup? They only look at it.').pass, false);
});
