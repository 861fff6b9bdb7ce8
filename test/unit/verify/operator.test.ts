import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPERATOR_AFTER, operatorAfter } from '../../../src/core/verify/number';

/** The hand-written operator check must say what OPERATOR_AFTER says, at any offset. */
test('operatorAfter matches OPERATOR_AFTER', () => {
  const texts = [
    '3 × 8.5 × 3 = 81.6', '3 x 4', '3x4', '3 xylophones', '8 * 2', '8 + 2', '8 / 2', '8 ÷ 2', '8 - 2', '8 -2', '8-2',
    '8 times 2', '8 timesheet', '8 multiplied by 2', '8 plus 2', '8 minus 2', '8 divided by 2', '8 plus', '8 minus\n2',
    '9\u00a0×\u20032', '4 points', '', '1', 'times', 'x', '- 5', '-\t\n5', '×', '÷ a', 'plus_', 'minus3', "times'",
  ];
  let seed = 5;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const parts = [' ', '\t', '\n', '\u00a0', 'x', '×', '÷', '*', '+', '/', '-', '1', 'times', 'plus', 'minus', 'divided', 'multiplied', 'a', '_', '.'];
  for (let i = 0; i < 3000; i++) {
    let t = '';
    for (let k = 0; k < 6; k++) t += parts[Math.floor(rnd() * parts.length)];
    texts.push(t);
  }
  const re = new RegExp(OPERATOR_AFTER.source, 'y');
  for (const t of texts) {
    for (let at = 0; at <= t.length; at++) {
      re.lastIndex = at;
      assert.equal(operatorAfter(t, at), re.test(t), JSON.stringify([t, at]));
    }
  }
});
