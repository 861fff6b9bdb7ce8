import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyYesNo } from '../../../src/core/verify/yesno';

const check = (answer: string, value: boolean) => verifyYesNo(answer, { type: 'yes_no', value });

test('a leading Yes / No is the answer', () => {
  assert.equal(check('Yes, the dog jumps over the fence.', true).pass, true);
  assert.equal(check('No, the dog stays behind the fence.', true).pass, false);
  assert.equal(check('No, the dog stays behind the fence.', false).pass, true);
  const c = check('Yes. The dog clears the fence.', true);
  assert.deepEqual(c.span, [0, 3]);
  assert.equal(c.extracted, true);
});

test('the final answer wins over an early one', () => {
  const a = 'Yes, at first it looks like the dog jumps. Looking again, it only sniffs the fence. So the answer is no.';
  assert.equal(check(a, false).pass, true);
  assert.equal(check(a, true).pass, false);
});

test('"No one" and "no doubt" are not answers; without an explicit one the polarity decides', () => {
  assert.equal(check('No one enters the room during the clip.', false).pass, true);
  assert.equal(check('The dog does not jump over the fence at any point.', false).pass, true);
  assert.equal(check('There is no doubt the dog jumps over the fence.', true).pass, true);
  assert.equal(check('The person picks up the cup. Therefore, it does not stay on the table.', false).pass, true);
});

test('a restated question is not an answer', () => {
  assert.equal(check('Does the man open the door? Yes, he pushes it open.', true).pass, true);
  assert.equal(check('Question: is it yes or no? The man walks away. The answer is no.', false).pass, true);
});
