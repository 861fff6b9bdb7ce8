import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VerifyLabel } from '../../../src/core/verify/labels';
import { verifyAll } from '../../../src/core/verify/verify';

/**
 * Agreement with human verdicts on hand-written LVLM answers (test/fixtures/verify/eval.jsonl).
 * Every miss is printed; the ones we accept are explained in the fixture's `note`.
 */
interface EvalRow {
  id: string;
  answer: string;
  labels: unknown[];
  human: boolean;
  note: string;
}

const rows = readFileSync(join(__dirname, '../../fixtures/verify/eval.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as EvalRow);

test('the evaluation set is large and covers every label type', () => {
  assert.ok(rows.length >= 150, `only ${rows.length} rows`);
  const types = new Set(rows.flatMap((r) => r.labels.map((l) => (l as { type: string }).type)));
  for (const t of ['class', 'number', 'temporal_range', 'bbox', 'sequence', 'yes_no']) assert.ok(types.has(t), t);
  assert.ok(rows.some((r) => r.human) && rows.some((r) => !r.human), 'both verdicts are represented');
});

test('verifiers agree with human verdicts on >= 95% of the evaluation set', () => {
  const misses: string[] = [];
  for (const r of rows) {
    const labels = r.labels.map((l) => VerifyLabel.parse(l));
    const v = verifyAll(r.answer, labels);
    if (v.pass !== r.human) {
      const why = v.checks.map((c) => `${c.type}: ${c.reason}`).join('; ');
      misses.push(`${r.id} human=${r.human} verifier=${v.pass} (${why}) — ${r.note}`);
    }
  }
  const agreement = (rows.length - misses.length) / rows.length;
  console.log(`verifier/human agreement: ${(agreement * 100).toFixed(1)}% (${rows.length - misses.length}/${rows.length})`);
  for (const m of misses) console.log(`  miss ${m}`);
  assert.ok(agreement >= 0.95, `agreement ${(agreement * 100).toFixed(1)}% < 95%`);
});
