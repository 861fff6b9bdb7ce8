import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VerifyLabel } from '../../../src/core/verify/labels';
import { verifyAll } from '../../../src/core/verify/verify';

/**
 * Agreement with human verdicts on the blind set (test/fixtures/verify/blind.jsonl): 188
 * answers written and judged before the paraphrase, outcome and rewording rules were, from
 * Kinetics-700 classes with their rivals, SSv2 templates, STAR choices and FineDiving
 * scores and sub-actions. Measured before those rules: 107/188 (56.9%). The floor below is
 * the figure measured after them, so any regression fails; cases are never edited to fit.
 */
interface Row {
  id: string;
  question: string;
  answer: string;
  labels: unknown[];
  human: boolean;
  note: string;
}

const FLOOR: Record<string, [number, number]> = {
  class: [71, 73],
  number: [29, 29],
  temporal_range: [20, 21],
  bbox: [17, 17],
  sequence: [16, 20],
  yes_no: [16, 16],
  multi: [12, 12],
};

function agreement(file: string): { per: Record<string, [number, number]>; misses: string[] } {
  const rows = readFileSync(join(__dirname, '../../fixtures/verify', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
  const per: Record<string, [number, number]> = {};
  const misses: string[] = [];
  for (const r of rows) {
    const kind = r.labels.length > 1 ? 'multi' : (r.labels[0] as { type: string }).type;
    const slot = (per[kind] ??= [0, 0]);
    slot[1]++;
    const v = verifyAll(r.answer, r.labels.map((l) => VerifyLabel.parse(l)), r.question);
    if (v.pass === r.human) slot[0]++;
    else misses.push(`${r.id} human=${r.human} verifier=${v.pass} (${v.checks.map((c) => c.reason).join('; ')}) — ${r.note}`);
  }
  return { per, misses };
}

test('the blind set is large, covers every label type and both verdicts', () => {
  const rows = readFileSync(join(__dirname, '../../fixtures/verify/blind.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  assert.ok(rows.length >= 150, `${rows.length} rows`);
  const { per } = agreement('blind.jsonl');
  assert.deepEqual(Object.keys(per).sort(), Object.keys(FLOOR).sort());
});

test('blind set: agreement per label type holds at its measured floor', () => {
  const { per, misses } = agreement('blind.jsonl');
  const ok = Object.values(per).reduce((s, [a]) => s + a, 0);
  const n = Object.values(per).reduce((s, [, b]) => s + b, 0);
  console.log(`blind agreement ${ok}/${n} = ${((ok / n) * 100).toFixed(1)}%  ` + Object.entries(per).map(([k, [a, b]]) => `${k} ${a}/${b}`).join(', '));
  for (const m of misses) console.log(`  miss ${m}`);
  for (const [kind, [floor, total]] of Object.entries(FLOOR)) {
    const [got, of] = per[kind] ?? [0, 0];
    assert.equal(of, total, `${kind}: ${of} rows`);
    assert.ok(got >= floor, `${kind}: ${got}/${of} below the measured ${floor}/${total}`);
  }
});

test('the first evaluation set stays at 100% with the question passed along', () => {
  const { misses } = agreement('eval.jsonl');
  assert.deepEqual(misses, []);
});
