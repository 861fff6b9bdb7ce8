import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planItems, sampleInfo } from '../../../src/core/generate/plan';
import { toVerifyLabel } from '../../../src/core/generate/labels';
import type { StoredDataset } from '../../../src/core/datasets/store';
import type { VstarConfig } from '../../../src/core/config/schema';

const dataset: StoredDataset = {
  dir: '/d',
  lines: [1, 2, 3],
  schema: { action: { type: 'class', values: ['run', 'walk'] }, score: { type: 'number', unit: 'points' } },
  report: undefined,
  problems: [],
  records: [
    { id: 'a', video: 'a.mp4', split: 'train', labels: { action: 'run', score: 7 } },
    { id: 'b', video: 'b.mp4', split: 'train', labels: { action: 'walk' } },
    { id: 'c', video: 'c.mp4', split: 'test', labels: { action: 'run', score: 3 } },
  ],
};
const tasks = (t: Record<string, unknown>): Pick<VstarConfig, 'tasks'> => ({ tasks: t as VstarConfig['tasks'] });

test('one question per record when one field is asked; ids are the record ids', () => {
  const p = planItems({ dataset, datasetName: 'ds', config: tasks({ act: { dataset: 'ds', field: 'action' } }) });
  assert.deepEqual(p.items.map((i) => i.sampleId), ['a', 'b']);
  assert.equal(p.items[0]!.hint, 'run');
  assert.equal(p.items[0]!.className, 'run');
  // The field's other classes travel with the label, so an answer naming one of them fails.
  assert.deepEqual(p.items[0]!.labels, [{ type: 'class', value: 'run', field: 'action', rivals: ['walk'] }]);
  assert.doesNotMatch(p.items[0]!.question, /run/);
});

test('several fields: ids name task and field; records without a label are not asked; limit counts clips', () => {
  const config = tasks({ all: { dataset: 'ds', fields: ['action', 'score'], verifier: { relTol: 0.2 } } });
  const p = planItems({ dataset, datasetName: 'ds', config });
  assert.deepEqual(p.items.map((i) => i.sampleId), ['a#all.action', 'a#all.score', 'b#all.action']);
  assert.deepEqual(p.items[1]!.labels, [{ type: 'number', value: 7, field: 'score', relTol: 0.2, unit: 'points' }]);
  assert.equal(planItems({ dataset, datasetName: 'ds', config, limit: 1 }).items.length, 2);
  assert.equal(sampleInfo({ dataset, datasetName: 'ds', config }).get('c#all.score')?.labelType, 'number');
  assert.throws(() => planItems({ dataset, datasetName: 'other', config }), /no task in vstar.yaml asks about dataset "other"/);
});

test('verifier.type: class and text stand in for each other; other mismatches name the field', () => {
  assert.deepEqual(toVerifyLabel('answer', { type: 'text' }, 'the cup', { type: 'class' }), { type: 'class', value: 'the cup', field: 'answer' });
  assert.deepEqual(toVerifyLabel('shape', { type: 'class', values: ['circle'] }, 'circle', { type: 'text' }), { type: 'text', value: 'circle', field: 'shape' });
  assert.throws(() => toVerifyLabel('speed', { type: 'number' }, 3, { type: 'class' }), /label "speed": verifier type class cannot judge a number field/);
});

test('class labels carry the field\'s other classes as rivals, less the label and its synonyms', () => {
  const schema = { type: 'class' as const, values: ['circle', 'Triangle', 'square', 'round'] };
  assert.deepEqual(toVerifyLabel('shape', schema, 'circle', { synonyms: { circle: ['Round'] } }), {
    type: 'class', value: 'circle', field: 'shape', synonyms: ['Round'], rivals: ['Triangle', 'square'],
  });
  // One array per class and vocabulary, shared by the labels built from it.
  const a = toVerifyLabel('shape', schema, 'square');
  const b = toVerifyLabel('shape', schema, 'square');
  assert.ok(a.type === 'class' && b.type === 'class' && a.rivals === b.rivals);
  assert.deepEqual(a.type === 'class' ? a.rivals : null, ['circle', 'Triangle', 'round']);
  // No vocabulary, only the label, or more than 2000 classes: no rivals.
  assert.deepEqual(toVerifyLabel('shape', { type: 'class', values: [] }, 'circle'), { type: 'class', value: 'circle', field: 'shape' });
  assert.deepEqual(toVerifyLabel('shape', { type: 'class', values: ['circle'] }, 'circle'), { type: 'class', value: 'circle', field: 'shape' });
  const huge = Array.from({ length: 2001 }, (_, i) => `class ${i}`);
  assert.deepEqual(toVerifyLabel('k', { type: 'class', values: huge }, 'class 7'), { type: 'class', value: 'class 7', field: 'k' });
  assert.equal((toVerifyLabel('k', { type: 'class', values: huge.slice(0, 2000) }, 'class 7') as { rivals?: string[] }).rivals?.length, 1999);
});
