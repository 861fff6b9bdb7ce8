import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNIT_RE, unitMatchEnd, unitTextStart } from '../../../src/core/verify/numbers';

/** The hand-written unit matcher must find exactly what UNIT_RE finds, at any offset. */
test('unitMatchEnd matches UNIT_RE', () => {
  const texts = [
    '12 px/s and 3 pixels per second', '5%', '5 %', '7°', '3 seconds.', '4\tper s', '9 per\ncent', '8 perhaps',
    '6 km/h, 2 mph', '1 m/', '2 a/b/c', '3 x360', '10 per  ', '11  per   frame', '0:12 to 0:31', '3.5,', '9)', '4 \n s',
    '20 people per  minute', 'x per', '5 pixels  per second', '', '1', '1 ', '1 é',
  ];
  let seed = 3;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const parts = [' ', '\t', '\n', 'per', 'px', '/', 's', '%', '°', '1', ',', '.', 'a', '  '];
  for (let i = 0; i < 3000; i++) {
    let t = '';
    for (let k = 0; k < 8; k++) t += parts[Math.floor(rnd() * parts.length)];
    texts.push(t);
  }
  const re = new RegExp(UNIT_RE.source, 'y');
  for (const t of texts) {
    for (let at = 0; at <= t.length; at++) {
      re.lastIndex = at;
      const m = re.exec(t);
      const end = unitMatchEnd(t, at);
      if (!m || !m[1]) {
        assert.equal(end, at, JSON.stringify([t, at]));
        continue;
      }
      assert.equal(end, at + m[0].length, JSON.stringify([t, at]));
      assert.equal(t.slice(unitTextStart, end), m[1], JSON.stringify([t, at]));
    }
  }
});
