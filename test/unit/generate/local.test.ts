import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { LocalOnnxBackend, onnxModelFile } from '../../../src/core/generate/local';
import { backendFromConfig } from '../../../src/core/generate/fromConfig';
import { InferenceBackend } from '../../../src/core/generate/inference';

// A real ONNX model the project builds itself (scripts/build-tiny-embedder.py), loaded
// with the real onnxruntime-node.
const MODEL_DIR = path.resolve(__dirname, '../../fixtures/embedder');

test('local backend loads an ONNX model folder lazily and reports its inputs; generation says it is not implemented', async () => {
  assert.equal(onnxModelFile(MODEL_DIR), path.join(MODEL_DIR, 'model.onnx'));
  const b = new LocalOnnxBackend({ model: MODEL_DIR });
  const info = await b.load();
  assert.ok(info.inputNames.length > 0);
  assert.ok(info.outputNames.length > 0);
  await assert.rejects(b.complete({ prompt: 'q', media: [], sampling: {} }), /not implemented yet/);
  await b.close();
});

test('local backend: a missing model is a clear error', async () => {
  const b = new LocalOnnxBackend({ model: path.join(MODEL_DIR, 'nope.onnx') });
  await assert.rejects(b.load(), /no ONNX model at .*nope\.onnx/);
});

test('backends from vstar.yaml: token from tokenEnv, never from the config; a missing variable is named', () => {
  const openai = backendFromConfig('srv', { type: 'openai', url: 'http://127.0.0.1:1/v1', model: 'm', video: 'video_url', tokenEnv: 'MY_TOKEN' }, { env: { MY_TOKEN: 'abc' } });
  assert.ok(openai.backend instanceof InferenceBackend);
  assert.equal(openai.backend.video, 'video_url');
  assert.equal(openai.backend.kind, 'openai-compatible');
  assert.equal(openai.rateLimit, undefined, 'no rate limit unless the backend sets one');
  assert.equal(backendFromConfig('srv', { type: 'openai', url: 'http://127.0.0.1:1/v1', model: 'm', video: 'frames', rateLimit: 5 }, { env: {} }).rateLimit, 5);
  assert.throws(
    () => backendFromConfig('srv', { type: 'openai', url: 'http://127.0.0.1:1/v1', model: 'm', video: 'frames', tokenEnv: 'MY_TOKEN' }, { env: {} }),
    /environment variable MY_TOKEN .* is not set/,
  );
  const hf = backendFromConfig('hf', { type: 'huggingface', model: 'Qwen/Qwen2.5-VL-7B-Instruct', provider: 'together', sampling: { temperature: 0.3, topP: 0.8, maxTokens: 100, samplesPerPrompt: 4 } }, { env: {} });
  assert.equal(hf.backend.kind, 'hf-inference');
  assert.equal(hf.samplesPerPrompt, 4);
  assert.deepEqual(hf.sampling, { temperature: 0.3, topP: 0.8, maxTokens: 100 });
  assert.equal(backendFromConfig('l', { type: 'local', model: 'models/x' }, { resolvePath: (p) => `/abs/${p}` }).backend.model, '/abs/models/x');
});
