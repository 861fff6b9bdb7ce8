import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoLeak, findLeak, LeakError } from '../../../src/core/export/leak';
import { rationalizationPrompt } from '../../../src/core/prompts/prompts';
import { renderHint } from '../../../src/core/prompts/hints';
import { sample } from './helpers';

const Q = 'What activity is shown in the video?';
const rationalized = (hint: string, question = Q) =>
  sample({ id: 'att-7', sampleId: 'k700-42', stage: 'rationalize', question, hintPrompt: rationalizationPrompt(Q, hint) });

test('a bare question passes the guard', () => {
  assert.equal(findLeak(rationalized('dancing')), undefined);
  assert.doesNotThrow(() => assertNoLeak(rationalized('dancing'), `<video>\n${Q}`));
});

test('the hint prompt copied as the question is caught, naming sample and leak', () => {
  const s = rationalized('dancing', rationalizationPrompt(Q, 'dancing'));
  assert.throws(
    () => assertNoLeak(s),
    (e: unknown) => {
      assert.ok(e instanceof LeakError);
      assert.equal(e.sampleId, 'k700-42');
      assert.equal(e.attemptId, 'att-7');
      assert.match(e.message, /sample k700-42/);
      assert.match(e.message, /"Answer: dancing"/);
      return true;
    },
  );
});

test('the label in the hint wording is caught without the rest of the prompt', () => {
  assert.match(findLeak(rationalized('dancing', `${Q} answer: Dancing`)) ?? '', /Answer: dancing/);
});

test('the bare hint text in the user turn is caught, as whole words only', () => {
  assert.match(findLeak(rationalized('dancing', 'Is the person dancing in the video?')) ?? '', /the hint text "dancing"/);
  assert.equal(findLeak(rationalized('run', 'Which action is being performed, running or not?')), undefined, '"run" inside "running" is not a leak');
  const span = renderHint('temporal_range', [12, 31]);
  assert.match(findLeak(rationalized(span, `When, ${span}, does it happen?`)) ?? '', /from 12\.0 s to 31\.0 s/);
  assert.equal(findLeak(rationalized('82.5', 'Is the score above 182.5?')), undefined);
  assert.match(findLeak(rationalized('82.5', 'Is the score 82.5?')) ?? '', /82\.5/);
});

test('yes/no hints are only caught in their "Answer:" wording', () => {
  assert.equal(findLeak(rationalized('Yes', 'Does the car turn left? Answer yes or no.')), undefined);
  assert.match(findLeak(rationalized('Yes', 'Does the car turn left?\nAnswer: Yes.')) ?? '', /Answer: Yes/);
});

test('without a hint prompt, a copied prompt is still recognized by its shape', () => {
  const noHint = (question: string) => sample({ stage: 'rationalize', question });
  assert.match(findLeak(noHint(`${Q}\nAnswer: dancing.`)) ?? '', /"Answer:" line/);
  assert.match(findLeak(noHint(`Question: ${Q}\nCan you explain step-by-step how one can arrive at this conclusion?`)) ?? '', /prompt text/);
  assert.equal(findLeak(noHint(Q)), undefined);
});

test('an explicit hint overrides the one in the hint prompt', () => {
  assert.match(findLeak(sample({ question: 'Is someone juggling here?' }), undefined, 'juggling') ?? '', /juggling/);
});
