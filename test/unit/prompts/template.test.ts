import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTemplate, scanTemplate, templatePlaceholders, TemplateError } from '../../../src/core/prompts/template';

test('templatePlaceholders returns names with offsets of the whole {…}', () => {
  const t = 'Does {sample.id} move {label.direction}?';
  const ps = templatePlaceholders(t);
  assert.deepEqual(ps, [
    { name: 'sample.id', start: 5, end: 16 },
    { name: 'label.direction', start: 22, end: 39 },
  ]);
  for (const p of ps) assert.equal(t.slice(p.start, p.end), `{${p.name}}`);
});

test('doubled braces are literal and not placeholders', () => {
  assert.deepEqual(templatePlaceholders('a {{not}} b'), []);
  assert.equal(renderTemplate('set {{x}} = {v}', { v: '1' }), 'set {x} = 1');
  assert.equal(renderTemplate('{v}}}', { v: '2' }), '2}');
});

test('syntax issues carry offsets', () => {
  const s = scanTemplate('ok {a} then { broken and } stray {}');
  assert.deepEqual(s.placeholders.map((p) => p.name), ['a']);
  const messages = s.issues.map((i) => `${i.start}:${i.message.split(' ')[0]}`);
  assert.ok(s.issues.some((i) => i.start === 12 && /malformed/.test(i.message)), messages.join(','));
  assert.ok(s.issues.some((i) => /empty/.test(i.message) && i.start === 33));
  const unclosed = scanTemplate('When {field happens');
  assert.equal(unclosed.issues.length, 1);
  assert.equal(unclosed.issues[0]!.start, 5);
  assert.match(unclosed.issues[0]!.message, /unclosed/);
  const stray = scanTemplate('x } y');
  assert.equal(stray.issues[0]!.start, 2);
});

test('rendering an unknown placeholder throws a TemplateError naming it, its offset and the known names', () => {
  assert.throws(
    () => renderTemplate('What is {feild}?', { field: 'direction', 'sample.id': 's1' }),
    (err: unknown) => {
      assert.ok(err instanceof TemplateError);
      assert.match(err.message, /unknown placeholder \{feild\} at offset 8/);
      assert.match(err.message, /known: \{field\}, \{sample\.id\}/);
      assert.equal(err.start, 8);
      assert.equal(err.end, 15);
      return true;
    },
  );
});

test('rendering refuses a template with a syntax issue', () => {
  assert.throws(() => renderTemplate('What {is', {}), /unclosed "\{" .* at offset 5/);
});

test('values are inserted verbatim, including braces in values', () => {
  assert.equal(renderTemplate('{a}-{b}', { a: '{x}', b: '' }), '{x}-');
});
