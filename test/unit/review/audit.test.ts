// The audit draw: shares per stratum by largest remainder (worked out by hand), every
// stratum represented when the draw allows, kept and rejected drawn apart, and the same
// seed drawing the same audit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocate, drawAudit, type AuditCandidate } from '../../../src/core/review';

test('allocation: proportional with the largest remainders, at least one per stratum', () => {
  const m = (o: Record<string, number>): Map<string, number> => new Map(Object.entries(o));
  assert.deepEqual(allocate(m({ 'class:circle': 50, 'class:square': 30, 'class:triangle': 20 }), 10), m({ 'class:circle': 5, 'class:square': 3, 'class:triangle': 2 }));
  // 3.5, 2.1, 1.4 → 3, 2, 1 and the one left to the largest remainder (circle).
  assert.deepEqual(allocate(m({ 'class:circle': 50, 'class:square': 30, 'class:triangle': 20 }), 7), m({ 'class:circle': 4, 'class:square': 2, 'class:triangle': 1 }));
  // 4.85, 0.1, 0.05 → all 5 to circle, then one each to the small strata, taken from circle.
  assert.deepEqual(allocate(m({ 'class:circle': 97, 'class:square': 2, 'class:triangle': 1 }), 5), m({ 'class:circle': 3, 'class:square': 1, 'class:triangle': 1 }));
  // Fewer than the strata: no minimum; more than there are: all.
  assert.deepEqual([...allocate(m({ a: 97, b: 2, c: 1 }), 2).values()], [2, 0, 0]);
  assert.deepEqual(allocate(m({ a: 2, b: 1 }), 10), m({ a: 2, b: 1 }));
});

test('drawAudit: kept and rejected apart, stratified, distinct, and the same for the same seed', () => {
  const cands: AuditCandidate[] = [];
  const shapes = ['circle', 'square', 'triangle'];
  for (let i = 0; i < 1185; i++) cands.push({ pos: i, kept: i % 10 !== 0, stratum: `class:${shapes[i % 3]}` });
  const d = drawAudit(cands, { kept: 100, rejected: 25 }, 42);
  assert.deepEqual([d.kept, d.rejected, d.positions.length], [100, 25, 125]);
  assert.equal(new Set(d.positions).size, 125);
  const byPos = new Map(cands.map((c) => [c.pos, c]));
  const kept = d.positions.filter((p) => byPos.get(p)!.kept);
  assert.equal(kept.length, 100);
  // Kept: 1066 answers, 355/355/356 per shape → 33.30/33.30/33.40: 33 each and the one left to triangle.
  const per = (ps: number[], s: string): number => ps.filter((p) => byPos.get(p)!.stratum === `class:${s}`).length;
  assert.deepEqual(shapes.map((s) => per(kept, s)), [33, 33, 34]);
  assert.deepEqual(drawAudit(cands, { kept: 100, rejected: 25 }, 42), d);
  assert.notDeepEqual(drawAudit(cands, { kept: 100, rejected: 25 }, 43).positions, d.positions);
  // Shuffled: not the kept ones first.
  assert.ok(d.positions.slice(0, 25).some((p) => !byPos.get(p)!.kept) || d.positions.slice(100).some((p) => byPos.get(p)!.kept));
});
