import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextLabel, VerifyLabel } from '../../../src/core/verify/labels';
import { verifyLabel } from '../../../src/core/verify/verify';
import {
  EmbeddingModel,
  NOT_CONFIGURED,
  OnnxSemanticMatcher,
  loadSemanticMatcher,
  verifyAllSemantic,
  verifyText,
  WordPieceTokenizer,
  WordTokenizer,
} from '../../../src/core/verify/semantic';

const root = path.join(__dirname, '..', '..', '..');
// Built by scripts/build-tiny-embedder.py (word vectors from synonym clusters).
const MODEL = path.join(root, 'test', 'fixtures', 'embedder');

function vstar(args: string[]) {
  const code = "require('./src/cli/main').run(process.argv.slice(1)).then((c) => { process.exitCode = c; })";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code, '--', ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const text = (value: string, minSimilarity?: number) => TextLabel.parse({ type: 'text', value, ...(minSimilarity === undefined ? {} : { minSimilarity }) });

test('off by default: a text label fails as "not configured" and onnxruntime-node is never loaded', () => {
  // A fresh process: the verify core (semantic module included) imported and run, no model given.
  const code = `
    const { verifyLineSemantic } = require('./src/core/verify/semantic');
    const line = JSON.stringify({ id: 1, answer: 'Therefore, a person is cycling.', labels: [{ type: 'text', value: 'a man rides a bike' }] });
    verifyLineSemantic(line, 'in.jsonl', 1).then((r) => {
      const ort = Object.keys(require.cache).filter((k) => k.includes('onnxruntime'));
      console.log(JSON.stringify({ out: r.out, ort }));
    });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8', cwd: root });
  assert.equal(r.status, 0, r.stderr);
  const { out, ort } = JSON.parse(r.stdout) as { out: { pass: boolean; checks: { reason: string; threshold: number }[] }; ort: string[] };
  assert.deepEqual(ort, []);
  assert.equal(out.pass, false);
  assert.equal(out.checks[0]?.reason, NOT_CONFIGURED);
  assert.equal(out.checks[0]?.threshold, 0.8);
});

test('text label schema: value required, minSimilarity in [-1, 1], strict keys', () => {
  assert.equal(text(' a dog ', 0.5).type, 'text');
  assert.throws(() => VerifyLabel.parse({ type: 'text', value: '' }));
  assert.throws(() => VerifyLabel.parse({ type: 'text', value: 'x', minSimilarity: 2 }));
  assert.throws(() => VerifyLabel.parse({ type: 'text', value: 'x', minSimilarty: 0.5 }));
  const c = verifyLabel('Therefore, a dog.', text('a dog'));
  assert.equal(c.pass, false);
  assert.match(c.reason, /semantic matcher not configured/);
});

test('the project-built model loads with onnxruntime-node: one unit vector of 32 dims per text', async () => {
  const model = await EmbeddingModel.load(MODEL);
  try {
    const vecs = await model.embed(['a man rides a bike', 'a person cycling down the street', 'pasta']);
    assert.equal(vecs.length, 3);
    for (const v of vecs) {
      assert.equal(v.length, 32);
      assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5, `norm ${Math.hypot(...v)}`);
    }
    // Unknown words only: a zero vector, never a confident match.
    const [zero] = await model.embed(['zzz qqq']);
    assert.equal(Math.hypot(...(zero as Float32Array)), 0);
    // Batching and padding do not change a text's vector.
    const [alone] = await model.embed(['pasta']);
    assert.ok((alone as Float32Array).every((x, i) => Math.abs(x - (vecs[2] as Float32Array)[i]!) < 1e-6));
  } finally {
    await model.release();
  }
});

test('similar sentences score higher than unrelated ones', async () => {
  const m = await OnnxSemanticMatcher.load(MODEL);
  try {
    const [cycling, cooking, swimming, unknown] = await m.similarities('a man rides a bike', [
      'a person cycling',
      'a woman cooks pasta in the kitchen',
      'the dog is swimming in the lake',
      'zzz qqq',
    ]);
    assert.ok(cycling! > 0.9, `cycling ${cycling}`);
    assert.ok(cooking! < 0.6, `cooking ${cooking}`);
    assert.ok(swimming! < 0.3, `swimming ${swimming}`);
    assert.equal(unknown, 0);
    assert.equal(await m.similarity('a man rides a bike', 'a person cycling'), cycling);
  } finally {
    await m.release();
  }
});

test('text label passes or fails by its threshold, on the conclusion, with evidence', async () => {
  const m = await OnnxSemanticMatcher.load(MODEL);
  try {
    const answer = 'The clip shows a road and trees. The rider pedals steadily. Therefore, a person is cycling.';
    const ok = await verifyText(answer, text('a man rides a bike'), m);
    assert.equal(ok.pass, true, ok.reason);
    assert.equal(ok.threshold, 0.8);
    assert.deepEqual(ok.span, [answer.indexOf('Therefore'), answer.length]);
    assert.equal(ok.extracted, 'Therefore, a person is cycling.');
    const strict = await verifyText(answer, text('a man rides a bike', 0.99), m);
    assert.equal(strict.pass, false);
    assert.equal(strict.score, ok.score);
    assert.match(strict.reason, /below 0\.99/);
    const wrong = await verifyText('Therefore, a woman is cooking pasta.', text('a man rides a bike'), m);
    assert.equal(wrong.pass, false);
    // Embeddings barely see "not": a negated conclusion fails however similar it is.
    const negated = await verifyText('Therefore, the man is not riding a bike.', text('a man rides a bike'), m);
    assert.ok(negated.score >= 0.8);
    assert.equal(negated.pass, false);
    assert.match(negated.reason, /negated/);
    // Mixed records: rule labels as usual, text labels by the matcher.
    const v = await verifyAllSemantic('Yes. Therefore, a person is cycling.', [text('a man rides a bike'), VerifyLabel.parse({ type: 'yes_no', value: true })], m);
    assert.deepEqual(v.checks.map((c) => [c.type, c.pass]), [['text', true], ['yes_no', true]]);
  } finally {
    await m.release();
  }
});

test('a bad model folder is reported with the file at fault', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  try {
    await assert.rejects(loadSemanticMatcher(dir), /model\.onnx: not found/);
    fs.copyFileSync(path.join(MODEL, 'model.onnx'), path.join(dir, 'model.onnx'));
    fs.writeFileSync(path.join(dir, 'vocab.json'), '{"a": 1}');
    await assert.rejects(loadSemanticMatcher(dir), /vocab\.json: vocab needs "\[PAD\]" and "\[UNK\]"/);
    fs.writeFileSync(path.join(dir, 'vocab.json'), JSON.stringify({ '[PAD]': 0, '[UNK]': 1 }));
    fs.writeFileSync(path.join(dir, 'model.onnx'), 'not a model');
    await assert.rejects(loadSemanticMatcher(dir), /model\.onnx: cannot load/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('tokenizer: lowercase word ids, unknown words, padding and mask', () => {
  const t = new WordTokenizer(new Map([['[PAD]', 0], ['[UNK]', 1], ['bike', 2], ['man', 3]]));
  const e = t.encode(['A MAN, bike!', 'bike']);
  assert.equal(e.seq, 3);
  assert.deepEqual([...e.ids], [1n, 3n, 2n, 2n, 0n, 0n]);
  assert.deepEqual([...e.mask], [1n, 1n, 1n, 1n, 0n, 0n]);
});

test('WordPiece vocab.txt: BERT basic splitting, greedy sub-words, [CLS]/[SEP], [UNK], truncation', () => {
  const tokens = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'un', '##aff', '##able', 'runn', '##ing', '!', 'cafe', 'a'];
  const t = new WordPieceTokenizer(new Map(tokens.map((tok, i) => [tok, i])), 6);
  const ids = (text: string) => t.tokenize(text).map((id) => tokens[Number(id)]);
  assert.deepEqual(ids('Unaffable running!'), ['[CLS]', 'un', '##aff', '##able', 'runn', '[SEP]']);
  assert.deepEqual(ids('Café xyz!'), ['[CLS]', 'cafe', '[UNK]', '!', '[SEP]']);
  assert.deepEqual(ids('a a a a a a a a'), ['[CLS]', 'a', 'a', 'a', 'a', '[SEP]']);
  assert.deepEqual(WordPieceTokenizer.words("He's here."), ['he', "'", 's', 'here', '.']);
});

test('a BERT-shaped export (vocab.txt, token_type_ids, last_hidden_state) loads and pools to the same vectors', async () => {
  // test/fixtures/embedder/bert: the same word vectors, with [CLS]/[SEP] and per-token output.
  const [bert, word] = await Promise.all([EmbeddingModel.load(path.join(MODEL, 'bert')), EmbeddingModel.load(MODEL)]);
  try {
    const texts = ['A man rides a bike.', 'someone is cooking pasta in the kitchen', 'pasta'];
    const a = await bert.embed(texts);
    const b = await word.embed(texts);
    for (let i = 0; i < texts.length; i++) {
      assert.equal(a[i]!.length, 32);
      assert.ok(a[i]!.every((x, j) => Math.abs(x - b[i]![j]!) < 1e-5), texts[i]);
    }
  } finally {
    await Promise.all([bert.release(), word.release()]);
  }
});

test('vstar verify --semantic-model scores text labels; without it they fail', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  try {
    const input = path.join(dir, 'in.jsonl');
    fs.writeFileSync(
      input,
      [
        { id: 'a', answer: 'Therefore, a person is cycling.', labels: [{ type: 'text', value: 'a man rides a bike' }] },
        { id: 'b', answer: 'Therefore, a woman is cooking pasta.', labels: [{ type: 'text', value: 'a man rides a bike' }] },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    const on = vstar(['verify', '-i', input, '--semantic-model', MODEL]);
    assert.equal(on.code, 0, on.stderr);
    assert.deepEqual(on.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { pass: boolean }).pass), [true, false]);
    const off = vstar(['verify', '-i', input]);
    assert.deepEqual(off.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { pass: boolean }).pass), [false, false]);
    assert.match(off.stdout, /semantic matcher not configured/);
    const bad = vstar(['verify', '-i', input, '--semantic-model', dir, '-o', path.join(dir, 'out.jsonl')]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /model\.onnx: not found/);
    assert.equal(fs.existsSync(path.join(dir, 'out.jsonl')), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
