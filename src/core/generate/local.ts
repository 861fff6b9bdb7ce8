import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionRequest, GenerationBackend } from './backend';
import { BackendError } from './backend';

/**
 * The `local` backend: an ONNX model run in-process with onnxruntime-node, loaded lazily
 * (a dynamic require, so the CLI and tests that never use it do not load the native
 * addon). What exists here is the interface and the loading: the model folder holds
 * `model.onnx`; a session is created once and its inputs/outputs are checked.
 * Generation itself (tokenizer, vision encoder, decoding loop) is not implemented yet:
 * `complete` says so plainly rather than returning a made-up answer.
 */

export interface LocalOnnxOptions {
  /** Folder holding model.onnx, or the .onnx file itself. */
  model: string;
}

export interface OnnxSessionInfo {
  inputNames: readonly string[];
  outputNames: readonly string[];
}

interface OrtModule {
  InferenceSession: { create(path: string, opts?: unknown): Promise<OnnxSessionInfo & { release?(): Promise<void> }> };
}

export function onnxModelFile(model: string): string {
  return existsSync(model) && statSync(model).isDirectory() ? join(model, 'model.onnx') : model;
}

export class LocalOnnxBackend implements GenerationBackend {
  readonly kind = 'onnx';
  readonly model: string;
  readonly video = 'frames' as const;
  readonly frames = 8;
  private session: Promise<OnnxSessionInfo & { release?(): Promise<void> }> | undefined;

  constructor(private readonly o: LocalOnnxOptions) {
    this.model = o.model;
  }

  /** Loads the model once (onnxruntime-node required lazily). */
  load(): Promise<OnnxSessionInfo> {
    this.session ??= (async () => {
      const file = onnxModelFile(this.o.model);
      if (!existsSync(file)) throw new BackendError(`local backend: no ONNX model at ${file}`, { retryable: false });
      let ort: OrtModule;
      try {
        // A computed name keeps bundlers from inlining the package: it must stay external,
        // next to its native binding.
        ort = require(['onnxruntime', 'node'].join('-')) as OrtModule;
      } catch (err) {
        throw new BackendError(`local backend needs onnxruntime-node (npm install onnxruntime-node): ${(err as Error).message}`, { retryable: false });
      }
      return ort.InferenceSession.create(file, { executionProviders: ['cpu'] });
    })();
    return this.session;
  }

  async complete(_req: CompletionRequest): Promise<string> {
    await this.load();
    throw new BackendError(
      'local backend: generating text with an in-process ONNX vision-language model is not implemented yet; use an `openai` backend (vLLM, TGI, Ollama, llama.cpp) or `huggingface`',
      { retryable: false },
    );
  }

  async close(): Promise<void> {
    const s = await this.session?.catch(() => undefined);
    await s?.release?.();
    this.session = undefined;
  }
}
