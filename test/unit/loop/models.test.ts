import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VstarConfig } from '../../../src/core/config/schema';
import { adapterOn, backendWith } from '../../../src/core/loop/models';
import type { LoopProject } from '../../../src/core/loop/project';
import { startChatServer } from '../../support/chatServer';

// Where a cycle's adapter is, for the job or the server that generates with it: in place on
// its own target, uploaded from the local copy to another, or loaded into a vLLM server
// through its runtime LoRA API (a local server speaking that protocol stands in for vLLM).

function project(extra: Record<string, unknown>): LoopProject {
  const config = VstarConfig.parse({
    version: 1,
    targets: { local: { type: 'local' }, gpu: { type: 'ssh', host: 'gpu1' }, other: { type: 'ssh', host: 'gpu2' } },
    model: { family: 'qwen2-vl', path: { local: 'models/base', gpu: '/data/base' }, name: 'Qwen/Qwen2-VL-2B-Instruct' },
    ...extra,
  });
  return { config, configFile: '/p/vstar.yaml', modelPathOn: (t: string) => (t === 'gpu' ? '/data/base' : '/p/models/base') } as unknown as LoopProject;
}

test('adapterOn: in place on its target, a local copy on this machine or uploaded as a job input, else a clear error', () => {
  const p = project({ generate: { target: 'gpu' } });
  assert.deepEqual(adapterOn(p, { label: 'base' }, 'gpu'), { inputs: [] });
  const onGpu = { label: 'c1', adapter: '/jobs/x/out/adapter', adapterTarget: 'gpu', adapterLocal: '/p/vstar/models/cycle-1/adapter' };
  assert.deepEqual(adapterOn(p, onGpu, 'gpu'), { adapter: '/jobs/x/out/adapter', inputs: [] });
  assert.deepEqual(adapterOn(p, onGpu, 'local'), { adapter: '/p/vstar/models/cycle-1/adapter', inputs: [] });
  assert.deepEqual(adapterOn(p, onGpu, 'other'), { adapter: 'inputs/adapter', inputs: [{ local: '/p/vstar/models/cycle-1/adapter', remote: 'inputs/adapter' }] });
  assert.throws(() => adapterOn(p, { label: 'c1', adapter: '/jobs/x/out/adapter', adapterTarget: 'gpu' }, 'other'), /on target "gpu" and has no copy here/);
});

test('a vLLM server loads the cycle\'s adapter through its LoRA API and is then asked for it by name', async () => {
  const server = await startChatServer(() => ({ content: 'So the activity is archery.' }), { loraReply: () => ({ status: 200, body: "Success: LoRA adapter 'x' added successfully." }) });
  try {
    const p = project({ generate: { backend: 'vllm' }, backends: { vllm: { type: 'openai', url: server.url, model: 'Qwen/Qwen2-VL-2B-Instruct' } } });
    const base = await backendWith(p, { label: 'base' }, () => undefined);
    assert.equal(base.backend.model, 'Qwen/Qwen2-VL-2B-Instruct');
    assert.equal(server.loraLoads.length, 0, 'the base model needs no adapter');

    const setup = await backendWith(p, { label: 'vstar/models/cycle-1/adapter', adapter: '/p/vstar/models/cycle-1/adapter', adapterTarget: 'local' }, () => undefined);
    assert.deepEqual(server.loraLoads, [{ lora_name: 'vstar-vstar-models-cycle-1-adapter', lora_path: '/p/vstar/models/cycle-1/adapter' }]);
    const answer = await setup.backend.complete({ prompt: 'Question: What is shown?', media: [], sampling: { temperature: 0 } });
    assert.equal(answer, 'So the activity is archery.');
    assert.equal(server.requests.at(-1)!.body.model, 'vstar-vstar-models-cycle-1-adapter', 'the requests name the loaded adapter');
  } finally {
    await server.close();
  }
});

test('a server that already has the adapter is fine; one that cannot load adapters gets a message saying what to serve', async () => {
  let reply = { status: 400, body: "The lora adapter 'vstar-c1' has already been loaded." };
  const server = await startChatServer(() => ({ content: 'ok' }), { loraReply: () => reply });
  try {
    const p = project({ generate: { backend: 'vllm' }, backends: { vllm: { type: 'openai', url: server.url, model: 'base' } } });
    const m = { label: 'c1', adapter: '/data/adapters/c1', adapterTarget: 'gpu' };
    assert.equal((await backendWith(p, m, () => undefined)).backend.model, 'vstar-c1');
    reply = { status: 404, body: '{"detail":"Not Found"}' };
    await assert.rejects(backendWith(p, m, () => undefined), (err: Error) => {
      assert.match(err.message, /could not load the adapter \/data\/adapters\/c1 \(404/);
      assert.match(err.message, /VLLM_ALLOW_RUNTIME_LORA_UPDATING=true vllm serve <base> --enable-lora/);
      assert.match(err.message, /--lora-modules vstar-c1=\/data\/adapters\/c1/);
      return true;
    });
  } finally {
    await server.close();
  }
});

test('a Hugging Face backend cannot take an adapter at run time: it says how to deploy it instead', async () => {
  const p = project({ generate: { backend: 'hf' }, backends: { hf: { type: 'huggingface', model: 'Qwen/Qwen2-VL-7B-Instruct' } } });
  await assert.rejects(backendWith(p, { label: 'c1', adapter: '/a', adapterTarget: 'local' }, () => undefined), /Inference Endpoint/);
});
