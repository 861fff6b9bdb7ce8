// The language server as an editor sees it: spawned with --stdio, driven by JSON-RPC from
// plain Node, over a real project folder. Diagnostics (exact ranges, updates on edit,
// debounced), completion, hover and go-to-definition.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { BROKEN, makeProject, positionOf, slice, type Project } from '../../unit/lsp/helpers';
import { LspClient } from './lspClient';

interface Diag { range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity: number; message: string; source: string }
interface Published { uri: string; version?: number; diagnostics: Diag[] }
interface Item { label: string; kind: number; documentation?: { value: string }; textEdit?: { newText: string; range: Diag['range'] } }

let project: Project;
let client: LspClient;
let uri: string;

before(async () => {
  project = makeProject(BROKEN);
  uri = pathToFileURL(project.configFile).href;
  client = new LspClient();
  const init = await client.initialize(pathToFileURL(project.dir).href);
  assert.ok(init.capabilities.completionProvider && init.capabilities.hoverProvider && init.capabilities.definitionProvider);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: BROKEN } });
});

after(async () => {
  const code = await client.stop();
  project.cleanup();
  assert.equal(code, 0, `server exit code; stderr:\n${client.stderr}`);
});

test('a broken vstar.yaml gets one diagnostic per problem, each underlining the offending text', async () => {
  const pub = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 1);
  const got = pub.diagnostics.map((d) => `${slice(BROKEN, d.range)} | ${d.severity} | ${d.message}`);
  const expect = [
    ['data/missing.csv', 2, 'datasets.other.annotations: annotation file "data/missing.csv" does not exist'],
    ['colour', 1, 'tasks.motion.fields[1]: dataset "sample" has no label field "colour" (did you mean "color"?)'],
    ['{label.colr}', 1, 'tasks.motion.questions[0]: unknown placeholder {label.colr} (did you mean {label.color}?)'],
    ['{label.direction}', 1, 'tasks.motion.questions[1]: {label.direction} is the label being asked'],
    ['sampel', 1, 'tasks.speed.dataset: unknown dataset "sampel" (did you mean "sample"?)'],
    ['1.5', 1, 'tasks.timing.verifier.minIoU: must be at most 1, got 1.5'],
    ['-2', 1, 'tasks.count.verifier.absTol: must be at least 0, got -2'],
    ['minIoU', 2, 'tasks.count.verifier.minIoU: minIoU only applies to temporal_range and bbox verifiers; the asked field is number'],
    ['tinyy', 1, 'cycles.backend: unknown backend "tinyy" (did you mean "tiny"?)'],
    ['gpu', 1, 'cycles.target: unknown target "gpu" (known targets: local)'],
  ] as const;
  assert.equal(pub.diagnostics.length, expect.length, got.join('\n'));
  expect.forEach(([text, severity, message], i) => {
    const d = pub.diagnostics[i]!;
    assert.equal(slice(BROKEN, d.range), text, got[i]);
    assert.equal(d.severity, severity, got[i]);
    assert.ok(d.message.startsWith(message), `${d.message}\n  should start with\n${message}`);
    assert.equal(d.source, 'vstar');
  });
});

test('edits re-check the document after typing pauses, and a fixed file has no diagnostics', async () => {
  let text = BROKEN;
  const fixes: Array<[string, string]> = [
    ['data/missing.csv', 'sample/annotations.jsonl'],
    ['fields: [direction, colour]', 'fields: [direction]'],
    ['{label.colr}', '{label.color}'],
    ['Is it {label.direction}?', 'Does it move?'],
    ['dataset: sampel', 'dataset: sample'],
    ['minIoU: 1.5', 'minIoU: 1'],
    ['{ absTol: -2, minIoU: 0.5 }', '{ absTol: 2 }'],
    ['backend: tinyy', 'backend: tiny'],
    ['target: gpu', 'target: local'],
  ];
  // Keystroke-speed edits, as full-text changes with increasing versions.
  let version = 1;
  for (const [from, to] of fixes) {
    text = text.replace(from, to);
    version++;
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }
  const pub = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version);
  assert.deepEqual(pub.diagnostics, []);
  const intermediate = client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && ((n.params as Published).version ?? 0) > 1 && (n.params as Published).version! < version);
  assert.equal(intermediate.length, 0, 'edits in quick succession are checked once, after the last');

  // An incremental edit that breaks one value is reported at that value.
  const at = positionOf(text, 'format: csv', 8);
  version++;
  client.notify('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + 3 } }, text: 'xls' }],
  });
  const broken = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version);
  assert.equal(broken.diagnostics.length, 1);
  assert.match(broken.diagnostics[0]!.message, /^datasets\.other\.format: expected one of jsonl, csv, kinetics, finediving, star, ssv2(, [a-z-]+)*, got "xls"/);
  assert.deepEqual(broken.diagnostics[0]!.range, { start: { line: at.line, character: at.character }, end: { line: at.line, character: at.character + 3 } });
  version++;
  client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: BROKEN }] });
  await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version);
});

async function complete(text: string, needle: string, delta: number, n = 0): Promise<Item[]> {
  const pos = positionOf(text, needle, delta, n);
  return client.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: pos.line, character: pos.character } });
}

test('completion offers label fields, dataset names, enum values, backends and placeholders', async () => {
  const fields = await complete(BROKEN, 'fields: [direction', 9);
  assert.deepEqual(fields.map((i) => i.label).sort(), ['bounces', 'color', 'direction', 'end_box', 'events', 'shape', 'speed', 'visible']);
  const datasets = await complete(BROKEN, 'dataset: sampel', 9);
  assert.deepEqual(datasets.map((i) => i.label), ['sample', 'other']);
  assert.match(datasets[0]!.documentation?.value ?? '', /`direction`: class \(left, right, up, down\)/);
  const types = await complete(BROKEN, 'type: temporal_range', 6);
  assert.deepEqual(types.map((i) => i.label), ['class', 'number', 'temporal_range', 'bbox', 'sequence', 'yes_no', 'text']);
  const backends = await complete(BROKEN, 'backend: tinyy', 9);
  assert.deepEqual(backends.map((i) => i.label), ['tiny']);
  assert.deepEqual(backends[0]!.textEdit?.range, { start: positionOf(BROKEN, 'tinyy'), end: positionOf(BROKEN, 'tinyy', 5) } as never);
  const placeholders = await complete(BROKEN, '{label.shape}', 7);
  const names = placeholders.map((i) => i.label);
  assert.ok(names.includes('label.shape') && names.includes('sample.id') && names.includes('field'), names.join(', '));
  assert.ok(!names.includes('label.direction'), 'the asked field is not offered: it would leak the answer');
  assert.equal(placeholders.find((i) => i.label === 'label.color')?.textEdit?.newText, 'label.color', 'no second "}" before an existing one');
  const keys = await complete(BROKEN, '    type: local\n    model', 4);
  assert.ok(keys.map((i) => i.label).includes('sampling'), 'keys of a local backend');
});

test('hover shows schema docs, placeholder docs and dataset summaries', async () => {
  const hover = async (needle: string, delta: number): Promise<string> => {
    const pos = positionOf(BROKEN, needle, delta);
    const h = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: pos.line, character: pos.character } });
    return h?.contents.value ?? '';
  };
  assert.match(await hover('minIoU: 1.5', 2), /least IoU with the label to pass/);
  assert.match(await hover('annotations: sample', 3), /Annotation file, relative to vstar.yaml/);
  assert.match(await hover('{label.shape}', 3), /\{label\.shape\}[\s\S]*"shape" label/);
  assert.match(await hover('dataset: sample', 11), /dataset `sample`[\s\S]*`speed`: number/);
  assert.equal(await hover('version', -1), '');
});

test('go to definition jumps from a task\'s dataset to the dataset entry', async () => {
  const pos = positionOf(BROKEN, 'dataset: sample', 11);
  const loc = await client.request<{ uri: string; range: Diag['range'] } | null>('textDocument/definition', { textDocument: { uri }, position: { line: pos.line, character: pos.character } });
  assert.ok(loc);
  assert.equal(loc.uri, uri);
  assert.deepEqual(loc.range, { start: positionOf(BROKEN, 'sample:'), end: positionOf(BROKEN, 'sample:', 6) } as never);
  const none = positionOf(BROKEN, 'dataset: sampel', 11);
  assert.equal(await client.request('textDocument/definition', { textDocument: { uri }, position: { line: none.line, character: none.character } }), null);
});
