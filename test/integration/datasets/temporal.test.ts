import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { importDataset, type ImportResult } from '../../../src/core/datasets';
import { toVerifyLabel } from '../../../src/core/generate/labels';
import { buildQuestion } from '../../../src/core/prompts/questions';
import { verifyLabel } from '../../../src/core/verify';

// Temporal labels imported from Charades, ActivityNet Captions and FineDiving, asked and
// verified the way a cycle does: the question from a template naming another label, the
// answer checked by the temporal verifier (IoU with the labeled range).
const FIX = path.resolve(__dirname, '../../fixtures/datasets');

function record(r: ImportResult, id: string) {
  const rec = r.records.find((x) => x.id === id);
  assert.ok(rec, `no record ${id}`);
  return rec;
}

function ask(r: ImportResult, id: string, template: string, answer: string) {
  const rec = record(r, id);
  const question = buildQuestion({ field: 'when', schema: r.schema.when!, questions: [template], labels: r.schema }, { id, labels: rec.labels }).text;
  const check = verifyLabel(answer, toVerifyLabel('when', r.schema.when!, rec.labels.when!));
  return { question, pass: check.pass };
}

test('charades: "When does the person …?" from the action label; the answer checked against its range', async () => {
  const r = await importDataset({ name: 'ch', format: 'charades', annotations: path.join(FIX, 'charades', 'Charades_v1_train.csv'), root: path.join(FIX, 'charades', 'Charades_v1_480') });
  const t = 'In the video, when does this happen: {label.action}?';
  const good = ask(r, '46GP8-c092-11.9', t, 'The person cooks at the stove from about 12 s until 21 s, then looks out of the window.');
  assert.equal(good.question, 'In the video, when does this happen: Someone is cooking something?');
  assert.equal(good.pass, true);
  assert.equal(ask(r, '46GP8-c092-11.9', t, 'The cooking happens between 0 s and 5 s.').pass, false);
  assert.equal(ask(r, 'N11GT-c006-13.2', t, 'The door is closed from 13.5 to 19 seconds.').pass, true);
});

test('activitynet captions: each sentence grounded in its segment', async () => {
  const r = await importDataset({ name: 'an', format: 'activitynet-captions', annotations: path.join(FIX, 'activitynet', 'val_1.json'), root: path.join(FIX, 'activitynet', 'videos') });
  const t = 'When does this happen in the video: "{label.caption}"';
  const a = ask(r, 'v_QOlSCBRmfWY-s2', t, 'She dances around the room from 17.4 s to 60.8 s.');
  assert.equal(a.question, 'When does this happen in the video: "The girl dances around the room while the camera captures her movements."');
  assert.equal(a.pass, true);
  assert.equal(ask(r, 'v_QOlSCBRmfWY-s2', t, 'That is the ending, from 56 s to 79 s.').pass, false);
});

test('finediving: a step range in seconds from the frame labels at 25 fps', async () => {
  const r = await importDataset({
    name: 'fd',
    format: 'finediving',
    annotations: path.join(FIX, 'finediving', 'Annotations', 'FineDiving_fine-grained_annotation.pkl'),
    root: path.join(FIX, 'finediving', 'FINADiving_MTL_256s'),
    fps: 25,
  });
  const rec = record(r, '01-1');
  const label = toVerifyLabel('step_2', r.schema.step_2!, rec.labels.step_2!);
  assert.equal(verifyLabel('The 3.5 somersaults in tuck run from 0.12 s to 0.32 s.', label).pass, true);
  assert.equal(verifyLabel('The somersaults run from 0.32 s to 0.48 s.', label).pass, false);
});
