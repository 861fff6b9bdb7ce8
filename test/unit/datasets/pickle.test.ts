import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { PickledObject, looksLikePickle, readPickle } from '../../../src/core/datasets/pickle';
import { fixture } from './helpers';

test('pickle: numpy arrays and scalars as numbers, tuple keys kept, unknown classes opaque', () => {
  const v = readPickle(fs.readFileSync(fixture('pickle', 'mixed.pkl'))) as Map<string, unknown>;
  assert.deepEqual(v.get('be'), [1, 2, 300]); // big-endian int32
  assert.deepEqual(v.get('f4'), [0.5, 1.5]);
  assert.deepEqual(v.get('u1'), [7, 255]);
  assert.equal(v.get('scalar'), 42);
  assert.equal(v.get('f8'), 2.5);
  assert.ok(v.get('odd') instanceof PickledObject);
  assert.equal((v.get('odd') as PickledObject).pythonClass, '__main__.Odd');
  assert.deepEqual([...(v.get('tuple_key') as Map<unknown, unknown>)], [[[1, 'a'], 'x']]);
  assert.deepEqual(v.get('set'), [3]);
  assert.equal(v.get('none'), null);
});

test('pickle: numpy 1.x names (numpy.core, as the FineDiving release was written) read like numpy 2 (numpy._core)', () => {
  const v2 = fs.readFileSync(fixture('finediving', 'Annotations', 'FineDiving_fine-grained_annotation.pkl'));
  // Protocol 3 names globals as text lines, so the module can be renamed in place.
  const v1 = Buffer.from(v2.toString('latin1').replaceAll('numpy._core.multiarray', 'numpy.core.multiarray'), 'latin1');
  assert.notDeepEqual(v1, v2);
  const a = readPickle(v1) as Map<unknown, Map<string, unknown>>;
  const b = readPickle(v2) as Map<unknown, Map<string, unknown>>;
  const first = (m: Map<unknown, Map<string, unknown>>) => [...m.values()][0]!;
  assert.deepEqual(first(a).get('steps_transit_frames'), [2, 7]);
  assert.deepEqual(first(a).get('frames_labels'), first(b).get('frames_labels'));
  assert.deepEqual([...(first(a).get('sub-action_types') as Map<number, string>)], [[4, 'Inward'], [25, '3.5 Soms.Tuck'], [36, 'Entry']]);
});

test('pickle: recognized by its PROTO opcode; garbage is an error', () => {
  assert.equal(looksLikePickle(Buffer.from([0x80, 0x04, 0x95])), true);
  assert.equal(looksLikePickle(Buffer.from('{"a": 1}')), false);
  assert.throws(() => readPickle(Buffer.from([0x80, 0x03, 0xff, 0xfe])));
});
