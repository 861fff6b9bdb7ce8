import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildQuestion, checkQuestionTemplate, questionPlaceholders, questionTemplates, type QuestionTask } from '../../../src/core/prompts/questions';
import { DEFAULT_QUESTIONS, humanizeField } from '../../../src/core/prompts/defaults';
import { stableHash } from '../../../src/core/prompts/hash';
import { TemplateError } from '../../../src/core/prompts/template';
import { LABEL_TYPES } from '../../../src/core/datasets/labels';

const action: QuestionTask = { field: 'action', schema: { type: 'class', values: ['dancing', 'running'] } };
const sample = (id: string, labels: Record<string, never> | Record<string, string | number | boolean | string[]> = {}) => ({ id, labels });

test('stableHash is FNV-1a 32 over UTF-8 (known vectors)', () => {
  assert.equal(stableHash(''), 0x811c9dc5);
  assert.equal(stableHash('a'), 0xe40c292c);
  assert.equal(stableHash('foobar'), 0xbf9cf968);
});

test('every label type has several paraphrases, generic and field-aware', () => {
  for (const t of LABEL_TYPES) {
    assert.ok(DEFAULT_QUESTIONS[t].generic.length >= 2, t);
    assert.ok(DEFAULT_QUESTIONS[t].field.length >= 2, t);
    for (const q of DEFAULT_QUESTIONS[t].field) assert.match(q, /\{field\}/, `${t}: ${q}`);
  }
});

test('question choice is deterministic per seed and sample, and spreads over paraphrases', () => {
  const ids = Array.from({ length: 40 }, (_, i) => `clip-${i}`);
  const first = ids.map((id) => buildQuestion(action, sample(id), 7).text);
  const again = ids.map((id) => buildQuestion(action, sample(id), 7).text);
  assert.deepEqual(first, again);
  assert.equal(new Set(first).size, DEFAULT_QUESTIONS.class.generic.length, 'all paraphrases used over 40 samples');
  for (const q of first) assert.ok(DEFAULT_QUESTIONS.class.generic.includes(q));
  const otherSeed = ids.map((id) => buildQuestion(action, sample(id), 8).text);
  assert.notDeepEqual(first, otherSeed);
});

test('generic field names use generic wording; others name the field', () => {
  const score = buildQuestion({ field: 'score', schema: 'number' }, sample('a'), 1);
  assert.ok(DEFAULT_QUESTIONS.number.generic.includes(score.text));
  const speed = buildQuestion({ field: 'ball_speed', schema: { type: 'number', unit: 'km/h' } }, sample('a'), 1);
  assert.match(speed.text, /ball speed/);
  assert.equal(humanizeField('startTime'), 'start time');
});

test("a task's own questions replace the defaults and fill placeholders", () => {
  const task: QuestionTask = {
    name: 'turns',
    field: 'turned',
    schema: 'yes_no',
    questions: ['Does the car in {sample.id} turn {label.direction} during {sample.start}-{sample.end} s?'],
  };
  const q = buildQuestion(task, { id: 'c7', start: 2, end: 4.5, labels: { turned: true, direction: 'left' } }, 0);
  assert.equal(q.text, 'Does the car in c7 turn left during 2.0-4.5 s?');
  assert.equal(q.index, 0);
  assert.deepEqual(questionTemplates(task), task.questions);
});

test('other labels render by their schema when given', () => {
  const task: QuestionTask = {
    field: 'present',
    schema: 'yes_no',
    questions: ['Is the ball inside {label.region}?'],
    labels: { region: { type: 'bbox', normalized: true, frameWidth: undefined, frameHeight: undefined } },
  };
  const q = buildQuestion(task, sample('x', { present: true, region: [0.1, 0.2, 0.5, 0.6] } as never), 0);
  assert.equal(q.text, 'Is the ball inside the box from (0.10, 0.20) to (0.50, 0.60)?');
});

test('an unknown placeholder fails with its name and offset', () => {
  const task: QuestionTask = { field: 'action', schema: 'class', questions: ['What is {lable.person} doing?'] };
  assert.throws(
    () => buildQuestion(task, sample('s1', { action: 'x', person: 'Bob' }), 0),
    (e: unknown) => e instanceof TemplateError && /unknown placeholder \{lable\.person\} at offset 8/.test(e.message) && /\{label\.person\}/.test(e.message),
  );
});

test('a template naming the asked label is refused: it would leak the answer', () => {
  const task: QuestionTask = { field: 'action', schema: 'class', questions: ['Is this {label.action}?'] };
  assert.throws(() => buildQuestion(task, sample('s1', { action: 'dancing' }), 0), /label being asked/);
  const issues = checkQuestionTemplate('Is this {label.action} by {label.who} {nope} {', task, ['action', 'who']);
  assert.deepEqual(
    issues.map((i) => [i.start, i.message.slice(0, 12)]).sort((a, b) => Number(a[0]) - Number(b[0])),
    [
      [8, '{label.actio'],
      [38, 'unknown plac'],
      [45, 'unclosed "{"'],
    ],
  );
});

test('questionPlaceholders lists what completion may offer', () => {
  const names = questionPlaceholders({ name: 't', field: 'speed', schema: { type: 'number', unit: 'm/s' } }, ['speed', 'who']).map((d) => d.name);
  assert.ok(names.includes('field') && names.includes('unit') && names.includes('task') && names.includes('label.who'));
  assert.ok(!names.includes('label.speed'));
});

test('a placeholder this sample cannot fill names the sample', () => {
  const task: QuestionTask = { field: 'action', schema: 'class', questions: ['What happens between {sample.start} and {sample.end} s?'] };
  assert.throws(() => buildQuestion(task, sample('no-times', { action: 'x' }), 0), /sample no-times has no value for \{sample\.start\} \(\{sample\.start\} at offset 21\)/);
  const byLabel: QuestionTask = { field: 'action', schema: 'class', questions: ['What is {label.who} doing?'] };
  assert.throws(() => buildQuestion(byLabel, sample('s2', { action: 'x' }), 0), /sample s2 has no "who" label/);
});

test('defaults build a question for every label type without placeholders left over', () => {
  for (const t of LABEL_TYPES) {
    for (const field of ['action', 'ball_speed']) {
      const q = buildQuestion({ field, schema: t }, sample(`${t}-${field}`), 3);
      assert.doesNotMatch(q.text, /[{}]/, `${t}/${field}: ${q.text}`);
      assert.ok(q.text.length > 10);
    }
  }
});
