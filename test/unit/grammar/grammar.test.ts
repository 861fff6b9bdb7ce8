// The placeholder grammar (syntaxes/vstar-placeholders.tmLanguage.json), injected into YAML
// as package.json contributes it, checked with vscode-tmgrammar-test against the fixtures in
// test/grammar/. VS Code's own YAML grammar is not in node_modules, so the base `source.yaml`
// is a small test grammar with the same scope names (test/grammar/yaml-minimal.tmLanguage.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'node_modules', '.bin', 'vscode-tmgrammar-test');
const BASE = path.join('test', 'grammar', 'yaml-minimal.tmLanguage.json');

function runGrammarTests(files: string): { status: number | null; out: string } {
  // --config package.json: the grammar and its injectTo come from the real contribution.
  const r = spawnSync(BIN, ['--config', 'package.json', '-g', BASE, files], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
}

test('placeholders are highlighted in quoted, plain and block strings, and nowhere else', () => {
  const r = runGrammarTests('test/grammar/*.test.yaml');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /placeholders\.test\.yaml run successfuly/);
});

test('a wrong expectation fails the run (the runner is not vacuous)', () => {
  const dir = fs.mkdtempSync(path.join(ROOT, 'test', 'grammar', '.tmp-'));
  try {
    const file = path.join(dir, 'wrong.test.yaml');
    fs.writeFileSync(file, '# SYNTAX TEST "source.yaml" "wrong on purpose"\nq: "plain {{text}}"\n#          ^^^^^^ meta.placeholder.vstar\n');
    const r = runGrammarTests(path.relative(ROOT, file));
    assert.notEqual(r.status, 0, r.out);
    assert.match(r.out, /missing required scopes: meta\.placeholder\.vstar/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('package.json contributes the grammar into YAML and the JSON Schema for vstar.yaml', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { grammars?: Array<{ scopeName: string; path: string; injectTo?: string[] }>; yamlValidation?: Array<{ fileMatch: string; url: string }> };
  };
  const g = pkg.contributes.grammars?.find((x) => x.scopeName === 'vstar.placeholders.injection');
  assert.ok(g, 'no vstar.placeholders.injection grammar contributed');
  assert.deepEqual(g.injectTo, ['source.yaml']);
  const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8')) as { scopeName: string; injectionSelector: string };
  assert.equal(grammar.scopeName, g.scopeName);
  assert.match(grammar.injectionSelector, /^L:source\.yaml string/);
  const v = pkg.contributes.yamlValidation?.find((x) => x.fileMatch === 'vstar.yaml');
  assert.ok(v, 'no yamlValidation for vstar.yaml');
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, v.url), 'utf8')) as { title?: string };
  assert.equal(schema.title, 'vstar.yaml');
});
