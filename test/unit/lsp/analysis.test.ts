// The pure analysis behind the language server: cursor contexts read from indentation,
// template offsets mapped through quotes and escapes, diagnostics and their ranges,
// completion while the YAML is broken, hover and definition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { completions, configDiagnostics, cursorContext, definition, diskEnv, hover, LineMap, parseConfigDoc, type LspDiagnostic, type ProjectEnv } from '../../../src/core/lsp';
import { scalarOffsetMap } from '../../../src/core/lsp/scalarOffsets';
import { scalarAt } from '../../../src/core/lsp/yamlDoc';
import { makeProject, offsetOf, slice } from './helpers';

const NO_DISK: ProjectEnv = { kind: () => undefined, labelSchema: () => undefined };
const diag = (text: string, env: ProjectEnv = NO_DISK): LspDiagnostic[] => configDiagnostics(parseConfigDoc(text), env);
const shown = (text: string, ds: LspDiagnostic[]): string[] => ds.map((d) => `${slice(text, d.range)} | ${d.message}`);

test('cursor context comes from indentation, lists and flow brackets', () => {
  const cases: Array<[string, object | undefined]> = [
    ['datasets:\n  kin:\n    format: csv\n    |', { kind: 'key', path: ['datasets', 'kin'], prefix: '' }],
    ['datasets:\n  kin:\n    fo|', { kind: 'key', path: ['datasets', 'kin'], prefix: 'fo' }],
    ['datasets:\n  kin:\n    format: j|', { kind: 'value', path: ['datasets', 'kin', 'format'], prefix: 'j' }],
    ['tasks:\n  t:\n    fields:\n    - sh|', { kind: 'value', path: ['tasks', 't', 'fields', 0], prefix: 'sh' }],
    ['tasks:\n  t:\n    fields: [shape, "co|', { kind: 'value', path: ['tasks', 't', 'fields', 0], prefix: 'co' }],
    ['tasks:\n  t:\n    verifier: { minIoU: 0.5, ty| }', { kind: 'key', path: ['tasks', 't', 'verifier'], prefix: 'ty' }],
    ['tasks:\n  t:\n    verifier: { type: te| }', { kind: 'value', path: ['tasks', 't', 'verifier', 'type'], prefix: 'te' }],
    ['tasks:\n  t:\n    questions:\n      - "Which {label.sh|"', { kind: 'placeholder', path: ['tasks', 't', 'questions', 0], prefix: 'label.sh' }],
    ['tasks:\n  t:\n    verifier: {|', { kind: 'key', path: ['tasks', 't', 'verifier'], prefix: '' }],
    ['tasks:\n  t:\n    # a comment|', undefined],
  ];
  for (const [src, want] of cases) {
    const offset = src.indexOf('|');
    const got = cursorContext(src.replace('|', ''), offset);
    if (want === undefined) assert.equal(got, undefined, src);
    else assert.deepEqual({ kind: got?.kind, path: got?.path, prefix: got?.prefix }, want, src);
  }
});

test('template offsets map through quotes, escapes and block indentation', () => {
  const text = 'q:\n  - plain {a} x\n  - \'it\'\'s {b}\'\n  - "t\\t\\u00e9 {c}"\n  - |\n    one\n    two {d}\n  - >\n    folded {e}\n';
  const cd = parseConfigDoc(text);
  const expect = ['{a}', '{b}', '{c}', '{d}'];
  expect.forEach((ph, i) => {
    const s = scalarAt(cd, ['q', i])!;
    const map = scalarOffsetMap(text, s)!;
    const at = (s.value as string).indexOf('{');
    assert.equal(text.slice(map[at]!, map[at + 3]!), ph, `item ${i}`);
  });
  assert.equal(scalarOffsetMap(text, scalarAt(cd, ['q', 4])!), undefined, 'folded blocks are not mapped');
});

test('line map converts offsets and positions, CRLF included', () => {
  const m = new LineMap('ab\r\ncd\nef');
  assert.deepEqual(m.positionAt(5), { line: 1, character: 1 });
  assert.equal(m.offsetAt({ line: 2, character: 1 }), 8);
  assert.equal(m.offsetAt({ line: 0, character: 99 }), 2, 'clamped before \\r\\n');
  assert.equal(m.lineText(0), 'ab');
});

test('syntax errors are reported alone; an empty file says what it needs', () => {
  const text = 'version: 1\ndatasets:\n  a: [unclosed\n';
  const ds = diag(text);
  assert.ok(ds.length >= 1 && ds.every((d) => d.code === 'yaml' && d.message.startsWith('YAML syntax:')), shown(text, ds).join('\n'));
  assert.match(diag('')[0]!.message, /the file is empty; it needs at least `version: 1`/);
});

test('schema problems are underlined at the bad value, the unknown key, or the parent of a missing field', () => {
  const text = 'version: 1\ndatasets:\n  a:\n    format: csv\n    anotations: x.csv\ncycles:\n  concurrency: 0\n';
  const got = shown(text, diag(text));
  assert.deepEqual(got, [
    'a | datasets.a.annotations: required field is missing',
    'anotations | datasets.a.anotations: unknown field "anotations" (did you mean "annotations"?)',
    '0 | cycles.concurrency: must be greater than 0, got 0',
  ]);
});

test('references are checked even when the schema fails elsewhere', () => {
  const text = 'version: 1\nbackends:\n  a: { type: openai, url: nope, model: m }\ntargets:\n  box: { type: local }\n  hpc: { type: slurm, via: box }\ncycles: { backend: b }\n';
  const got = shown(text, diag(text));
  assert.ok(got.includes('nope | backends.a.url: expected a URL like http://host:8000/v1, got "nope"'), got.join('\n'));
  assert.ok(got.includes('box | targets.hpc.via: target "box" is of type local; `via` must name an ssh target'), got.join('\n'));
  assert.ok(got.includes('b | cycles.backend: unknown backend "b" (known backends: a)'), got.join('\n'));
});

test('label fields come from the imported schema under the workdir; unknown ones stay unchecked', () => {
  const p = makeProject('');
  try {
    const dir = path.join(p.dir, 'work', 'datasets', 'acts');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'schema.json'), JSON.stringify({ action: { type: 'class', values: ['run'] }, score: { type: 'number', unit: 'points' } }));
    fs.writeFileSync(path.join(p.dir, 'a.csv'), '');
    const text = 'version: 1\nworkdir: work\ndatasets:\n  acts: { format: csv, annotations: a.csv }\n  raw: { format: csv, annotations: a.csv }\ntasks:\n' +
      '  t1: { dataset: acts, field: actoin }\n  t2: { dataset: acts, field: score, questions: ["{label.action} in {unit}? {label.nope}"] }\n' +
      '  t3: { dataset: raw, field: anything, questions: ["{label.whatever} {sample.idd}"] }\n';
    const got = shown(text, diag(text, diskEnv(p.configFile)));
    assert.deepEqual(got, [
      'actoin | tasks.t1.field: dataset "acts" has no label field "actoin" (did you mean "action"?)',
      '{label.nope} | tasks.t2.questions[0]: unknown placeholder {label.nope} (label fields: action, score)',
      '{sample.idd} | tasks.t3.questions[0]: unknown placeholder {sample.idd} (did you mean {sample.id}?)',
    ]);
  } finally {
    p.cleanup();
  }
});

test('paths: missing files warn, a folder where a file belongs is an error, no checks without a file on disk', () => {
  const p = makeProject('');
  try {
    const text = 'version: 1\ndatasets:\n  a: { format: jsonl, annotations: sample, root: sample/annotations.jsonl, allowRoots: [nowhere] }\n';
    const ds = diag(text, diskEnv(p.configFile));
    assert.deepEqual(ds.map((d) => [slice(text, d.range), d.severity]), [['sample', 'error'], ['sample/annotations.jsonl', 'error'], ['nowhere', 'warning']]);
    assert.match(ds[2]!.message, /folder "nowhere" does not exist/);
    assert.deepEqual(diag(text, diskEnv(undefined)), []);
  } finally {
    p.cleanup();
  }
});

test('verifier parameters that do not apply, and a verifier type that cannot check the field, are warnings', () => {
  const text = 'version: 1\ndatasets:\n  d:\n    format: csv\n    annotations: a.csv\n    labels: { n: { type: number }, c: { type: class, values: [x] } }\ntasks:\n' +
    '  t: { dataset: d, field: n, verifier: { type: class, synonyms: { x: [y] } } }\n  u: { dataset: d, field: c, verifier: { relTol: 0.1 } }\n';
  const got = diag(text).map((d) => `${d.severity} ${slice(text, d.range)} | ${d.message}`);
  assert.deepEqual(got, [
    'warning class | tasks.t.verifier.type: field "n" is a number label; a class verifier cannot check it',
    'warning relTol | tasks.u.verifier.relTol: relTol only applies to number verifiers; the asked field is class, so it is ignored',
  ]);
});

test('completion works while the line being typed breaks the YAML', () => {
  const text = 'version: 1\nbackends:\n  hf:\n    type: huggingface\n    mo\ncycles:\n  backend: hf\n';
  const cd = parseConfigDoc(text);
  assert.ok(cd.syntaxErrors.length > 0, 'the half-typed key breaks the YAML');
  const items = completions(cd, offsetOf(text, '    mo', 6), NO_DISK);
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('model') && labels.includes('provider') && labels.includes('endpoint'), labels.join(', '));
  assert.ok(!labels.includes('type'), 'keys already present are not offered');
  assert.ok(!labels.includes('url'), 'keys of other backend types are not offered');
  const types = completions(cd, offsetOf(text, 'huggingface'), NO_DISK).map((i) => i.label);
  assert.deepEqual(types, ['local', 'openai', 'huggingface'], 'every backend type, not just the current one');
  const bools = completions(parseConfigDoc('cycles:\n  rationalize: \n'), 'cycles:\n  rationalize: '.length, NO_DISK).map((i) => i.label);
  assert.deepEqual(bools, ['true', 'false']);
});

test('hover is silent on unknown keys; definition jumps from cycles.backend to the backend', () => {
  const text = 'version: 1\nbogus: 1\nbackends:\n  hf: { type: huggingface, model: m }\ncycles:\n  backend: hf\n';
  const cd = parseConfigDoc(text);
  assert.equal(hover(cd, offsetOf(text, 'bogus'), NO_DISK), undefined);
  assert.match(hover(cd, offsetOf(text, 'backend: hf'), NO_DISK)?.contents ?? '', /Name of the backend under `backends`/);
  const loc = definition(cd, offsetOf(text, 'backend: hf', 10), NO_DISK);
  assert.equal(slice(text, loc!.range), 'hf');
  assert.equal(loc!.range.start.line, 3);
});

test('the loop sections: hover from their docs, names of backends and targets completed and followed, mistakes located', () => {
  const text = [
    'version: 1',
    'backends:',
    '  vllm: { type: openai, url: "http://gpu:8000/v1", model: m }',
    'targets:',
    '  cluster: { type: slurm }',
    'model:',
    '  family: qwen2-vl',
    '  path: { cluster: /data/qwen2-vl-2b }',
    'generate:',
    '  target: cluster',
    '  shards: 4',
    'finetune:',
    '  target: cluster',
    '  from: previous',
    'cycles:',
    '  review: before-export',
    '',
  ].join('\n');
  const cd = parseConfigDoc(text);
  assert.deepEqual(diag(text), []);
  assert.match(hover(cd, offsetOf(text, 'family'), NO_DISK)?.contents ?? '', /qwen2\.5-vl.*tiny/s);
  assert.match(hover(cd, offsetOf(text, 'shards'), NO_DISK)?.contents ?? '', /a Slurm array/);
  assert.match(hover(cd, offsetOf(text, 'from: previous'), NO_DISK)?.contents ?? '', /as the paper does/);
  assert.match(hover(cd, offsetOf(text, 'review: before'), NO_DISK)?.contents ?? '', /until a person says continue/);
  const loc = definition(cd, offsetOf(text, 'target: cluster', 9), NO_DISK);
  assert.equal(slice(text, loc!.range), 'cluster');
  assert.equal(loc!.range.start.line, 4);
  const families = completions(parseConfigDoc('model:\n  family: \n'), 'model:\n  family: '.length, NO_DISK).map((i) => i.label);
  assert.deepEqual(families, ['qwen2-vl', 'qwen2.5-vl', 'tiny']);
  const targets = completions(cd, offsetOf(text, 'target: cluster', 8), NO_DISK).map((i) => i.label);
  assert.deepEqual(targets, ['cluster']);

  const bad = 'version: 1\nmodel:\n  family: llama\ngenerate:\n  backend: nope\n  target: gpu\nfinetune:\n  target: gpu\n';
  const got = diag(bad).map((d) => `${slice(bad, d.range)} | ${d.message}`);
  assert.ok(got.some((g) => /^llama \| .*expected one of qwen2-vl, qwen2\.5-vl, tiny/.test(g)), got.join('\n'));
  assert.ok(got.some((g) => /give exactly one of `backend` \(a server\) or `target` \(GPU jobs\)/.test(g)), got.join('\n'));
});
