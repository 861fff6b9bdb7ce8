import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundFixed, toFixed } from '../../../src/core/verify/fixed';

/** The fast paths must give exactly what toFixed gives, halves and odd values included. */
test('roundFixed and toFixed agree with Number.prototype.toFixed', () => {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const values = [0, -0, 0.5, 1.5, 2.5, 0.125, 0.005, 0.015, 1.005, 2.675, 1e-7, -1e-7, -0.001, -2.5, 123456.789, 1e9, 1e20, NaN, Infinity, -Infinity];
  for (let i = 0; i < 20_000; i++) {
    const k = rnd();
    if (k < 0.3) values.push((rnd() - 0.5) * 200);
    else if (k < 0.6) values.push(Math.round(rnd() * 1e6) / 10 ** Math.floor(rnd() * 7));
    else if (k < 0.8) values.push(rnd());
    else values.push((Math.round(rnd() * 2000) + 0.5) / 10 ** Math.floor(rnd() * 7));
  }
  for (const x of values) {
    for (let d = 0; d <= 6; d++) {
      assert.ok(Object.is(roundFixed(x, d), Number(x.toFixed(d))), `roundFixed(${x}, ${d})`);
      assert.equal(toFixed(x, d), x.toFixed(d), `toFixed(${x}, ${d})`);
    }
  }
});
