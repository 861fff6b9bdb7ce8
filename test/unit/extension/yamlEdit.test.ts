// "Add Dataset…" writes its entry into vstar.yaml without touching the rest of the file:
// every other line stays byte for byte (comments, alignment, flow mappings), the result
// parses and validates, and names or paths that need quoting are quoted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { parseConfigText } from '../../../src/core/config/load';
import { starterConfigText } from '../../../src/core/config/starter';
import { addDatasetEntry } from '../../../src/extension/actions/yamlEdit';

test('the starter vstar.yaml gets the entry after its last dataset; every other line is unchanged', () => {
  const before = starterConfigText();
  const after = addDatasetEntry(before, 'mine', { format: 'csv', annotations: 'data/my clips.csv', root: 'data/clips' });
  const a = before.split('\n');
  const b = after.split('\n');
  const at = b.indexOf('  mine:');
  assert.ok(at > 0, after);
  assert.deepEqual(b.slice(at, at + 4), ['  mine:', '    format: csv', '    annotations: data/my clips.csv', '    root: data/clips']);
  assert.deepEqual([...b.slice(0, at), ...b.slice(at + 4)], a, 'nothing else changed');
  assert.ok(b[at - 1]!.includes('bounces: { type: yes_no }'), 'right after the last dataset, before the commented example');
  const loaded = parseConfigText(after, 'vstar.yaml');
  assert.deepEqual(loaded.problems, []);
  assert.deepEqual(loaded.config!.datasets.mine, { format: 'csv', annotations: 'data/my clips.csv', root: 'data/clips', allowRoots: [] });
});

test('no datasets yet, an empty `datasets:` or `datasets: {}`, an empty file', () => {
  const entry = { format: 'jsonl', annotations: 'a.jsonl' };
  const cases: Array<[string, string]> = [
    ['version: 1 # keep\n', 'version: 1 # keep\n\ndatasets:\n  x:\n    format: jsonl\n    annotations: a.jsonl\n'],
    ['version: 1\ndatasets:\n# end\ntasks: {}\n', 'version: 1\ndatasets:\n  x:\n    format: jsonl\n    annotations: a.jsonl\n# end\ntasks: {}\n'],
    ['version: 1\n# hi\ndatasets: {}\n# end\n', 'version: 1\n# hi\ndatasets:\n  x:\n    format: jsonl\n    annotations: a.jsonl\n# end\n'],
    ['', 'datasets:\n  x:\n    format: jsonl\n    annotations: a.jsonl\n'],
  ];
  for (const [before, want] of cases) assert.equal(addDatasetEntry(before, 'x', entry), want, JSON.stringify(before));
});

test('the indentation of the file is followed; odd names and paths are quoted', () => {
  const before = 'datasets:\n    a:\n        format: jsonl\n        annotations: x  # c\n\n# tail\n';
  const after = addDatasetEntry(before, 'b', { format: 'jsonl', annotations: '#weird: path.jsonl' });
  assert.ok(after.startsWith('datasets:\n    a:\n        format: jsonl\n        annotations: x  # c\n    b:\n'), after);
  assert.ok(after.endsWith('\n\n# tail\n'));
  assert.deepEqual(parse(after).datasets.b, { format: 'jsonl', annotations: '#weird: path.jsonl' });
});

test('a flow mapping of datasets still gets the entry (the Document API places it)', () => {
  const after = addDatasetEntry('datasets: {a: {format: jsonl, annotations: x}}\n', 'b', { format: 'csv', annotations: 'b.csv' });
  assert.deepEqual(parse(after).datasets, { a: { format: 'jsonl', annotations: 'x' }, b: { format: 'csv', annotations: 'b.csv' } });
});

test('refuses a duplicate name, a broken file and a non-mapping `datasets`', () => {
  assert.throws(() => addDatasetEntry('datasets:\n  x: {format: jsonl, annotations: a}\n', 'x', { format: 'jsonl', annotations: 'b' }), /already has a dataset named "x"/);
  assert.throws(() => addDatasetEntry('datasets: [unclosed\n', 'x', { format: 'jsonl', annotations: 'b' }), /does not parse/);
  assert.throws(() => addDatasetEntry('- a\n- b\n', 'x', { format: 'jsonl', annotations: 'b' }), /not a mapping/);
});
