import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SampleTable, hashBytes } from '../../../src/core/cycles/sample-table';

test('the sample table maps byte keys to values through growth and collisions', () => {
  const t = new SampleTable();
  const ids = Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? `clip-${i}-é🎬` : `kinetics/${i}`));
  ids.forEach((id, i) => {
    const b = Buffer.from(id);
    assert.equal(t.findBytes(b, 0, b.length), -1);
    assert.equal(t.insertBytes(b, 0, b.length, i * 3), i);
  });
  assert.equal(t.size, ids.length);
  ids.forEach((id, i) => {
    const k = t.find(id);
    assert.equal(k, i);
    assert.equal(t.value(k), i * 3);
    assert.equal(t.idAt(k), id);
  });
  // Keys found inside a larger buffer, as the index does with log lines.
  const line = Buffer.from('xx"kinetics/43"yy');
  assert.equal(t.findBytes(line, 3, 14), 43);
  assert.equal(t.find('kinetics/20001'), -1);
  assert.equal(t.find('kinetics/4'), 4);
  assert.equal(t.find(''), -1);
  assert.equal(hashBytes(line, 3, 14), hashBytes(Buffer.from("kinetics/43"), 0, 11));
});
