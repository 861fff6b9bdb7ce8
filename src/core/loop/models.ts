import { join } from 'node:path';
import type { Lineage } from '../cycles/records';
import { resolveProjectPath } from '../config/paths';
import type { BackendSetup } from '../generate/fromConfig';
import { backendFromConfig } from '../generate/fromConfig';
import { InferenceBackend } from '../generate/inference';
import { LocalOnnxBackend } from '../generate/local';
import type { FramePixels } from '../generate/tinyvlm/pixels';
import { UsageError } from '../util/errors';
import { LOCAL_TARGET, type LoopProject } from './project';

/**
 * The model a stage generates with: the base model, plus the adapter a finetune made (for
 * the tiny family, a whole model folder), wherever it lives. Jobs on the adapter's own
 * target use it in place; a local copy is uploaded as a job input to another target; a
 * server backend loads it through its LoRA API.
 */
export interface ModelRef {
  /** The name attempts and the lineage record. */
  label: string;
  adapter?: string;
  adapterTarget?: string;
  adapterLocal?: string;
}

export function baseModel(p: LoopProject): ModelRef {
  return { label: p.modelLabel };
}

/** The model a cycle generates with, from its lineage. */
export function cycleModel(p: LoopProject, lineage: Lineage | undefined, label: string): ModelRef {
  if (!lineage?.adapter) return { label };
  return { label, adapter: lineage.adapter, ...(lineage.adapterTarget ? { adapterTarget: lineage.adapterTarget } : {}), ...(lineage.adapterLocal ? { adapterLocal: lineage.adapterLocal } : {}) };
}

/** The model a cycle's finetune produced. */
export function outputModel(lineage: Lineage | undefined, label: string): ModelRef {
  const o = lineage?.output;
  if (!o) throw new Error('the finetune stage recorded no output model');
  return { label, adapter: o.adapter, adapterTarget: o.target, ...(o.local ? { adapterLocal: o.local } : {}) };
}

export interface OnTarget {
  /** The adapter's path as the job sees it. */
  adapter?: string;
  inputs: { local: string; remote: string }[];
}

export function adapterOn(p: LoopProject, m: ModelRef, target: string): OnTarget {
  if (!m.adapter) return { inputs: [] };
  const local = (t: string | undefined): boolean => (t === undefined ? false : (p.config.targets[t]?.type ?? (t === LOCAL_TARGET ? 'local' : undefined)) === 'local');
  if (m.adapterTarget === target || (local(m.adapterTarget) && local(target))) return { adapter: m.adapter, inputs: [] };
  if (local(target) && m.adapterLocal) return { adapter: m.adapterLocal, inputs: [] };
  if (m.adapterLocal) return { adapter: 'inputs/adapter', inputs: [{ local: m.adapterLocal, remote: 'inputs/adapter' }] };
  throw new UsageError(`the adapter ${m.adapter} is on target "${m.adapterTarget}" and has no copy here; run generation on that target too (generate.target)`);
}

/** A server backend (generate.backend) answering with `m`. */
export async function backendWith(p: LoopProject, m: ModelRef, pixels: () => FramePixels | undefined): Promise<BackendSetup> {
  const name = p.config.generate!.backend!;
  const b = p.config.backends[name];
  if (!b) throw new UsageError(`generate.backend: no backend "${name}" under backends`);
  const setup = backendFromConfig(name, b, { resolvePath: (x) => resolveProjectPath(p.configFile, x) });
  if (b.type === 'local') {
    // The in-process backend runs whichever model folder the cycle has: the base, or a finetuned tiny model.
    const folder = m.adapterLocal ?? m.adapter ?? (p.config.model?.path !== undefined ? p.modelPathOn(LOCAL_TARGET) : resolveProjectPath(p.configFile, b.model));
    const px = pixels();
    return { ...setup, backend: new LocalOnnxBackend({ model: folder, ...(px ? { pixels: px } : {}) }) };
  }
  if (!m.adapter) return setup;
  const served = `vstar-${m.label.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
  if (b.type === 'openai') {
    const path = m.adapter;
    const res = await fetch(`${b.url.replace(/\/+$/, '')}/load_lora_adapter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(b.tokenEnv && process.env[b.tokenEnv] ? { authorization: `Bearer ${process.env[b.tokenEnv]}` } : {}) },
      body: JSON.stringify({ lora_name: served, lora_path: path }),
    }).catch((err: Error) => ({ ok: false, status: 0, text: async () => err.message }));
    // vLLM answers 400 "already loaded" when a re-run loads it again: that is fine.
    const text = res.ok ? '' : await res.text();
    if (!res.ok && !/already (been )?loaded/i.test(text)) {
      throw new UsageError(
        `backend "${name}" could not load the adapter ${path} (${res.status || 'no answer'}: ${text.slice(0, 200)}). ` +
          `Serve the base model with LoRA enabled and runtime loading allowed (vLLM: VLLM_ALLOW_RUNTIME_LORA_UPDATING=true vllm serve <base> --enable-lora), ` +
          `or serve the adapter yourself (vllm serve <base> --enable-lora --lora-modules ${served}=${path}) and run again.`,
      );
    }
    return { ...setup, backend: new InferenceBackend({ kind: 'openai-compatible', model: served, endpointUrl: b.url, video: b.video, frames: b.frames ?? 8, ...(b.tokenEnv && process.env[b.tokenEnv] ? { token: process.env[b.tokenEnv]! } : {}) }) };
  }
  throw new UsageError(
    `backend "${name}" (huggingface) cannot load the adapter ${m.adapter} at run time: deploy base + adapter as an Inference Endpoint and point the backend's endpoint at it, or generate with jobs (generate.target)`,
  );
}

export function modelsDir(p: LoopProject): string {
  return join(p.workdir, 'models');
}
