import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHint, HintError, formatSeconds, renderValue } from '../../../src/core/prompts/hints';
import { answerPrompt, parseRationalizationPrompt, rationalizationPrompt } from '../../../src/core/prompts/prompts';

test('hint wording per label type', () => {
  assert.equal(renderHint('class', 'dancing'), 'dancing');
  assert.equal(renderHint({ type: 'class', values: ['dancing'] }, ' dancing '), 'dancing');
  assert.equal(renderHint('number', 82.5), '82.5');
  assert.equal(renderHint({ type: 'number', unit: 'points' }, 82.5), '82.5 points');
  assert.equal(renderHint('number', 0.1 + 0.2), '0.3');
  assert.equal(renderHint('temporal_range', [12, 31]), 'from 12.0 s to 31.0 s');
  assert.equal(renderHint('temporal_range', [1.25, 2.5]), 'from 1.25 s to 2.5 s');
  assert.equal(renderHint('bbox', [0.1, 0.2, 0.5, 0.6]), 'the box from (0.10, 0.20) to (0.50, 0.60)');
  assert.equal(renderHint({ type: 'bbox', normalized: false }, [10, 20, 300, 240.5]), 'the box from (10, 20) to (300, 240.5)');
  assert.equal(renderHint('sequence', ['pick up the cup', 'pour water']), '1. pick up the cup 2. pour water');
  assert.equal(renderHint('yes_no', true), 'Yes');
  assert.equal(renderHint('yes_no', false), 'No');
  assert.equal(renderHint('text', 'a man runs'), 'a man runs');
});

test('a value that does not fit its type is refused', () => {
  assert.throws(() => renderHint('number', '82'), HintError);
  assert.throws(() => renderHint('temporal_range', [1, 2, 3]), /2 numbers/);
  assert.throws(() => renderHint('bbox', [0.1, 0.2, 0.3]), /4 numbers/);
  assert.throws(() => renderHint('yes_no', 'yes'), /true or false/);
  assert.throws(() => renderHint('sequence', []), /non-empty list/);
  assert.throws(() => renderHint('class', ''), /non-empty string/);
  assert.throws(() => renderHint('number', Number.NaN), /finite/);
});

test('formatSeconds and renderValue', () => {
  assert.equal(formatSeconds(0), '0.0');
  assert.equal(formatSeconds(3.333), '3.33');
  assert.equal(renderValue(true), 'Yes');
  assert.equal(renderValue(['a', 'b']), 'a, b');
  assert.equal(renderValue([1, 2.5]), '1, 2.5');
});

test('answer and rationalization prompts have the exact Video-STaR wording', () => {
  assert.equal(
    answerPrompt('What activity is shown in the video?'),
    'Question: What activity is shown in the video?\nCan you explain step-by-step how one can arrive at this conclusion?',
  );
  assert.equal(
    rationalizationPrompt('What activity is shown in the video?', 'dancing'),
    'Question: What activity is shown in the video?\nAnswer: dancing.\nCan you explain step-by-step how one can arrive at this conclusion?',
  );
  // No double full stop; multi-line hints are refused (they would break the prompt shape).
  assert.match(rationalizationPrompt('Q?', 'etc.'), /\nAnswer: etc\.\n/);
  assert.throws(() => rationalizationPrompt('Q?', 'a\nb'), /single line/);
  assert.throws(() => rationalizationPrompt('Q?', '  '), /non-empty/);
});

test('parseRationalizationPrompt recovers question and hint', () => {
  const p = rationalizationPrompt('When does the dive happen?', 'from 12.0 s to 31.0 s');
  assert.deepEqual(parseRationalizationPrompt(p), { question: 'When does the dive happen?', hint: 'from 12.0 s to 31.0 s' });
  assert.equal(parseRationalizationPrompt(answerPrompt('Q?')), undefined);
});
