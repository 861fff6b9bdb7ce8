import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { importDataset } from '../../../src/core/datasets';
import { toVerifyLabel } from '../../../src/core/generate/labels';
import { buildQuestion } from '../../../src/core/prompts/questions';
import { verifyLabel } from '../../../src/core/verify';

// STAR's own question is the question asked (template `{label.question}`), optionally
// multiple-choice (`{label.options}`); the answer is the class label verified.
const FIX = path.resolve(__dirname, '../../fixtures/datasets/star');

test('star: the question asked as written, or with lettered options; the answer verified as a class', async () => {
  const r = await importDataset({ name: 'star', format: 'star', annotations: path.join(FIX, 'STAR_val.json'), root: path.join(FIX, 'Charades_v1_480') });
  const rec = r.records.find((x) => x.id === 'Sequence_T1_28')!;
  const task = { field: 'answer', schema: r.schema.answer!, labels: r.schema };
  const sample = { id: rec.id, labels: rec.labels };
  assert.equal(buildQuestion({ ...task, questions: ['{label.question}'] }, sample).text, 'Which object did the person open after they put down the bag?');
  assert.equal(
    buildQuestion({ ...task, questions: ['{label.question} Options: {label.options}'] }, sample).text,
    'Which object did the person open after they put down the bag? Options: (A) The door. (B) The refrigerator. (C) The box. (D) The closet/cabinet.',
  );
  const label = toVerifyLabel('answer', r.schema.answer!, rec.labels.answer!);
  assert.equal(verifyLabel('After putting the bag down, the person walks over and opens the door.', label).pass, true);
  assert.equal(verifyLabel('The person puts the bag down and then opens the closet/cabinet.', label).pass, false);
});
