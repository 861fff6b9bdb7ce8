// Incremental parsing must not change a single answer: for whole files, and along a
// sequence of edits through one parser (cached chunks, shifted ranges), the chunked parse
// gives the same value and the same diagnostics as one full parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { starterConfigText } from '../../../src/core/config/starter';
import { ConfigDocParser, splitSections } from '../../../src/core/lsp/chunks';
import { configDiagnostics, LineMap, parseConfigDoc, type ProjectEnv } from '../../../src/core/lsp';
import { BROKEN } from './helpers';

const ENV: ProjectEnv = { kind: () => 'file', labelSchema: () => ({ shape: { type: 'class', values: ['a'] }, color: { type: 'class', values: ['b'] }, direction: { type: 'class', values: ['c'] } }) };

function generated(tasks: number): string {
  const out = ['# header comment', 'version: 1', 'datasets:', '  d0:', '    format: jsonl', '    annotations: a.jsonl', 'tasks:'];
  for (let t = 0; t < tasks; t++) {
    out.push(`  t${t}:`, '    dataset: d0', '    fields: [direction]', '    questions:', `      - "Which way does the {label.color} {label.shape} go? ${t}"`, '    verifier: { type: class, minIoU: 0.5 }');
    if (t % 7 === 3) out.push('# a comment at column 0 inside the section');
  }
  out.push('backends:', '  b: { type: local, model: m }', 'cycles:', '  backend: b', '  target: nowhere');
  return out.join('\n') + '\n';
}

function assertSame(text: string, got: ReturnType<ConfigDocParser['parse']>, what: string): void {
  const full = parseConfigDoc(text);
  if (full.syntaxErrors.length > 0) {
    // Error wording may differ when a chunk is parsed alone; that there is one may not.
    assert.ok(got.syntaxErrors.length > 0, `${what}: full parse has syntax errors, chunked has none`);
    return;
  }
  assert.deepEqual(got.syntaxErrors, [], what);
  assert.deepEqual(got.value, full.value, what);
  assert.deepEqual(configDiagnostics(got, ENV), configDiagnostics(full, ENV), what);
}

test('whole files: the chunked parse equals the full parse', () => {
  const texts = [starterConfigText(), BROKEN, generated(40), generated(40).replace(/\n/g, '\r\n')];
  for (const [i, text] of texts.entries()) {
    const p = new ConfigDocParser();
    assertSame(text, p.parse(text), `text ${i}`);
  }
  assert.ok(splitSections(generated(40), new LineMap(generated(40)))?.some((s) => (s.entries?.length ?? 0) === 40), 'tasks are split per entry');
});

test('files chunking could misread take the full parse', () => {
  const anchors = 'version: 1\nbackends:\n  a: &base { type: local, model: m }\n  b: *base\n' + '# pad\n'.repeat(20);
  const multi = 'version: 1\n---\nversion: 2\n';
  const indented = '  version: 1\n';
  for (const text of [anchors, multi, indented]) {
    assert.equal(splitSections(text, new LineMap(text)), undefined, text);
    const p = new ConfigDocParser();
    const got = p.parse(text);
    const full = parseConfigDoc(text);
    assert.deepEqual(got.value, full.value);
    assert.deepEqual(got.syntaxErrors, full.syntaxErrors);
  }
});

test('a key repeated across chunks is still a duplicate', () => {
  const text = generated(30).replace('  t7:', '  t3:');
  const got = new ConfigDocParser().parse(text);
  assert.ok(parseConfigDoc(text).syntaxErrors.some((e) => /unique/.test(e.message)));
  const dup = got.syntaxErrors.find((e) => /unique/.test(e.message));
  assert.ok(dup, 'duplicate entry reported');
  assert.equal(text.slice(dup.start, dup.end), 't3');
  assert.equal(dup.start, text.indexOf('  t3:', text.indexOf('  t3:') + 1) + 2, 'at the second one');
});

test('a sequence of edits through one parser matches a full parse at every step', () => {
  let text = generated(25);
  const p = new ConfigDocParser();
  let seed = 7;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const edits: Array<(t: string) => string> = [
    (t) => t.replace('minIoU: 0.5', `minIoU: ${rnd(3)}`), // a value changes
    (t) => t.replace(`  t${rnd(25)}:\n`, (m) => `${m}    # a new comment line\n`), // lines shift
    (t) => t.replace(/dataset: d0\n/, 'dataset: d1\n'), // a reference breaks
    (t) => t.replace('{label.shape}', '{label.shap}'), // a placeholder breaks
    (t) => {
      // A keystroke in a word: keys and values change, the YAML mostly stays valid.
      let at = rnd(t.length);
      while (at < t.length && !/[a-z]/.test(t[at] ?? '')) at++;
      return t.slice(0, at + 1) + 'x' + t.slice(at + 1);
    },
    (t) => t.replace(/\n {4}verifier: \{[^}]*\}\n/, '\n'), // a line goes away
  ];
  const history: string[] = [];
  let compared = 0;
  for (let step = 0; step < 60; step++) {
    // Now and then an undo: the cached chunks of the earlier text shift back.
    if (history.length > 0 && rnd(5) === 0) text = history.pop()!;
    else {
      history.push(text);
      text = edits[rnd(edits.length)]!(text);
    }
    assertSame(text, p.parse(text), `step ${step}`);
    if (parseConfigDoc(text).syntaxErrors.length === 0) compared++;
  }
  assert.ok(compared >= 40, `only ${compared} of 60 steps were valid YAML; the edits should mostly keep it valid`);
});
