import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, loadConfigSync, parseConfigText } from '../../../src/core/config/load';
import { checkConfigReferences } from '../../../src/core/config/references';
import { findConfigFile, resolveProjectPath } from '../../../src/core/config/paths';
import { starterConfigText } from '../../../src/core/config/starter';

const F = 'vstar.yaml';

/** Problems as "line field: message" strings, for compact assertions. */
function problems(text: string): string[] {
  return parseConfigText(text, F).problems.map((p) => `${p.line} ${p.field ?? '-'}: ${p.message}`);
}

test('the starter file validates, with defaults filled in', () => {
  const r = parseConfigText(starterConfigText(), F);
  assert.deepEqual(r.problems, []);
  assert.ok(r.config);
  assert.equal(r.config.workdir, 'vstar');
  assert.equal(r.config.datasets.sample?.format, 'jsonl');
  assert.deepEqual(r.config.datasets.sample?.allowRoots, []);
  assert.equal(r.config.cycles?.rationalize, true);
  const fields = Object.values(r.config.tasks).flatMap((t) => t.fields ?? [t.field]);
  assert.deepEqual(new Set(fields), new Set(['shape', 'color', 'direction', 'bounces', 'speed', 'visible', 'end_box', 'events']));
});

test('a wrong enum value names the line, the dotted field and the allowed values', () => {
  const text = 'version: 1\ndatasets:\n  kinetics:\n    format: json\n    annotations: k.csv\n';
  assert.deepEqual(problems(text), ['4 datasets.kinetics.format: expected one of jsonl, csv, kinetics, finediving, star, ssv2, charades, activitynet-captions, got "json"']);
});

test('missing fields point at the parent key; unknown keys get a suggestion', () => {
  const text = ['version: 1', 'datasets:', '  d:', '    format: csv', '    anotations: a.csv', 'tasks:', '  t:', '    dataset: d'].join('\n');
  assert.deepEqual(problems(text), [
    '3 datasets.d.annotations: required field is missing',
    '5 datasets.d.anotations: unknown field "anotations" (did you mean "annotations"?)',
    '7 tasks.t: give exactly one of `fields` (a list) or `field` (one name)',
  ]);
});

test('tokens are refused anywhere with a message about tokenEnv and SecretStorage', () => {
  const text = [
    'version: 1',
    'backends:',
    '  b:',
    '    type: openai',
    '    url: http://localhost:8000/v1',
    '    model: m',
    '    apiKey: sk-abc',
    '  h:',
    '    type: huggingface',
    '    model: org/m',
    '    token: hf_abc',
    '    tokenEnv: hf_abcdefgh',
    'targets:',
    '  s: { type: ssh, host: h, password: hunter2 }',
  ].join('\n');
  const ps = parseConfigText(text, F).problems;
  assert.deepEqual(
    ps.map((p) => [p.line, p.field]),
    [
      [7, 'backends.b.apiKey'],
      [11, 'backends.h.token'],
      [12, 'backends.h.tokenEnv'],
      [14, 'targets.s.password'],
    ],
  );
  for (const p of [ps[0], ps[1], ps[3]]) assert.match(p?.message ?? '', /tokenEnv.*SecretStorage/);
  assert.match(ps[2]?.message ?? '', /looks like a token itself/);
});

test('discriminated unions: unknown and missing type', () => {
  const text = 'version: 1\nbackends:\n  a: { type: grpc, model: m }\n  b:\n    model: m\ntargets:\n  t: { type: ssh }\n';
  assert.deepEqual(problems(text), [
    '3 backends.a.type: expected one of local, openai, huggingface, got "grpc"',
    '4 backends.b: missing `type`: expected one of local, openai, huggingface',
    '7 targets.t.host: required field is missing',
  ]);
});

test('numbers, ranges, formats and list items are explained in words', () => {
  const text = [
    'version: 2',
    'tasks:',
    '  t:',
    '    dataset: d',
    '    fields: [a, 3]',
    '    verifier: { minIoU: 0, relTol: -1 }',
    'targets:',
    '  s: { type: slurm, time: 4h, gpus: 1.5 }',
    'cycles: { backend: b, concurrency: "many" }',
  ].join('\n');
  assert.deepEqual(problems(text), [
    '1 version: expected 1, got 2',
    '5 tasks.t.fields[1]: expected text, got 3',
    '6 tasks.t.verifier.minIoU: must be greater than 0, got 0',
    '6 tasks.t.verifier.relTol: must be at least 0, got -1',
    '8 targets.s.time: expected a Slurm time limit like 90, 01:30:00 or 1-00:00:00, got "4h"',
    '8 targets.s.gpus: expected a whole number, got 1.5',
    '9 cycles.concurrency: expected a number, got "many"',
  ]);
});

test('YAML syntax errors and empty files are problems with a line, not exceptions', () => {
  const dup = parseConfigText('version: 1\nworkdir: a\nworkdir: b\n', F).problems;
  assert.equal(dup.length, 1);
  assert.equal(dup[0]?.line, 3);
  assert.match(dup[0]?.message ?? '', /YAML syntax: .*unique/);
  const bad = parseConfigText('version: 1\ndatasets:\n  - [\n', F).problems;
  assert.ok(bad.length >= 1 && bad.every((p) => p.line !== undefined && /^YAML syntax/.test(p.message)));
  assert.match(parseConfigText('# nothing\n', F).problems[0]?.message ?? '', /empty.*version: 1/);
  assert.match(parseConfigText('- a\n', F).problems[0]?.message ?? '', /expected a mapping/);
});

test('cross-references: unknown dataset, backend, target, via and declared fields', () => {
  const text = [
    'version: 1',
    'datasets:',
    '  d: { format: jsonl, annotations: a.jsonl, labels: { color: { type: class, values: [red] } } }',
    'tasks:',
    '  t1: { dataset: nope, field: x }',
    '  t2: { dataset: d, fields: [color, colour] }',
    'backends:',
    '  b: { type: local, model: m }',
    'targets:',
    '  box: { type: local }',
    '  s1: { type: slurm, via: gpu }',
    '  s2: { type: slurm, via: box }',
    'cycles: { backend: bb, target: far }',
  ].join('\n');
  const r = parseConfigText(text, F);
  assert.equal(r.config, undefined, 'a config with broken references is not handed out as usable');
  assert.ok(r.parsed, 'the schema-valid config is still available to editors');
  assert.deepEqual(
    r.problems.map((p) => `${p.line} ${p.field}: ${p.message}`),
    [
      '5 tasks.t1.dataset: unknown dataset "nope" (known datasets: d)',
      '6 tasks.t2.fields[1]: dataset "d" has no label field "colour" (known fields: color)',
      '11 targets.s1.via: unknown target "gpu" (known targets: box, s1, s2)',
      '12 targets.s2.via: target "box" is of type local; `via` must name an ssh target',
      '13 cycles.backend: unknown backend "bb" (known backends: b)',
      '13 cycles.target: unknown target "far" (known targets: box, s1, s2)',
    ],
  );
  assert.equal(checkConfigReferences(r.parsed, 'x.yaml').length, 6);
});

test('question templates: syntax, unknown label fields, and questions that give the answer away', () => {
  const text = [
    'version: 1',
    'datasets:',
    '  d: { format: jsonl, annotations: a.jsonl, labels: { color: { type: class, values: [red] }, shape: { type: class, values: [box] } } }',
    'tasks:',
    '  t:',
    '    dataset: d',
    '    field: color',
    '    questions:',
    '      - "What colour is the {label.shape}?"',
    '      - "Is the {label.color} {label.shape} red?"',
    '      - "What colour is the {label.size} thing {?"',
  ].join('\n');
  assert.deepEqual(problems(text), [
    '10 tasks.t.questions[1]: {label.color} gives the answer away: "color" is the label this task asks about',
    '11 tasks.t.questions[2]: unclosed "{" (write "{{" for a literal brace) at character 39',
    '11 tasks.t.questions[2]: {label.size}: the dataset has no label field "size" (known fields: color, shape)',
  ]);
});

test('loadConfig reads files; a missing file says how to make one; paths resolve from the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-'));
  try {
    const file = join(dir, 'vstar.yaml');
    const missing = await loadConfig(file);
    assert.match(missing.problems[0]?.message ?? '', /vstar init/);
    writeFileSync(file, starterConfigText());
    assert.ok((await loadConfig(file)).config);
    assert.ok(loadConfigSync(file).config);
    assert.equal(resolveProjectPath(file, 'sample/annotations.jsonl'), join(dir, 'sample', 'annotations.jsonl'));
    assert.equal(resolveProjectPath(file, '/abs/x'), '/abs/x');
    assert.equal(findConfigFile(join(dir, 'a', 'b')), file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
