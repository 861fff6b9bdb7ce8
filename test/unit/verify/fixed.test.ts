import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numStr, parseDecimal, parseDecimalAt, roundFixed, toFixed } from '../../../src/core/verify/fixed';

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

test('numStr writes what String writes, and parseDecimal reads what parseFloat reads', () => {
  let seed = 11;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const values = [0, -0, 1, -1, 0.1, 0.2, 0.30000000000000004, 1e-6, 1e-7, 999999999.5, 1e9, 1e21, 123.456, -81.6, NaN, Infinity];
  for (let i = 0; i < 20_000; i++) {
    const k = rnd();
    if (k < 0.4) values.push(Math.round((rnd() - 0.3) * 1e7) / 10 ** Math.floor(rnd() * 8));
    else if (k < 0.7) values.push(Math.round(rnd() * 1e4) / 1e4 / 3);
    else values.push((rnd() - 0.5) * 10 ** Math.floor(rnd() * 12));
  }
  for (const x of values) assert.equal(numStr(x), String(x), `numStr(${x})`);
  const texts = ['0', '7', '81.6', '3.', '.5', '1.2.3', '007.50', '123456789012345', '1234567890123456.7', '0.1', '9.999999999999999'];
  for (let i = 0; i < 5_000; i++) texts.push(`${Math.floor(rnd() * 1e6)}.${Math.floor(rnd() * 1e6)}`, String(Math.floor(rnd() * 1e9)));
  for (const t of texts) assert.ok(Object.is(parseDecimal(t), parseFloat(t)), `parseDecimal(${t})`);
  // In place, inside a longer text: the same value as parsing the slice.
  for (const t of texts) assert.ok(Object.is(parseDecimalAt(`is ${t} m`, 3, 3 + t.length), parseFloat(t)), `parseDecimalAt(${t})`);
});
