import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompletionRequest, GenerationBackend } from './backend';
import { BackendError } from './backend';
import { parseRationalizationPrompt, RATIONALE_REQUEST } from '../prompts/prompts';
import { FramePixels } from './tinyvlm/pixels';
import { TinyVlmRunner, type OrtSession, type TensorCtor } from './tinyvlm/runner';
import { TinyVocab } from './tinyvlm/vocab';
import { prettyAnswer } from './tinyvlm/text';

/**
 * The `local` backend: the project's tiny video-language model (models/tiny, made by
 * `python -m vstar_workers.tinyvlm.train`) run in-process with onnxruntime-node, loaded
 * lazily (a dynamic require, so the CLI and tests that never use it do not load the
 * native addon). The model folder holds `model.onnx` (one decoding step),
 * `encoder.onnx` (frames → context) and `vocab.json`. The prompt's question becomes a
 * bag of words; a rationalization prompt's `Answer:` line becomes the hint input. Other
 * ONNX models load (inputs/outputs are reported) but cannot generate.
 */

export interface LocalOnnxOptions {
  /** Folder holding model.onnx, or the .onnx file itself. */
  model: string;
  /** Decoded frames to share between backends (several models over the same clips). */
  pixels?: FramePixels;
}

export interface OnnxSessionInfo {
  inputNames: readonly string[];
  outputNames: readonly string[];
}

type Session = OnnxSessionInfo & OrtSession;
interface OrtModule {
  InferenceSession: { create(path: string, opts?: unknown): Promise<Session> };
  Tensor: TensorCtor;
}

export function onnxModelFile(model: string): string {
  return existsSync(model) && statSync(model).isDirectory() ? join(model, 'model.onnx') : model;
}

const SESSION_OPTIONS = { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' };

/** The bare question of an answer or rationalization prompt, and the hint ('' if none). */
export function questionAndHint(prompt: string): { question: string; hint: string } {
  const r = parseRationalizationPrompt(prompt);
  const strip = (q: string): string => q.replace(/^\s*Question:\s*/, '').split(RATIONALE_REQUEST).join(' ').trim();
  return r ? { question: strip(r.question), hint: r.hint } : { question: strip(prompt), hint: '' };
}

export class LocalOnnxBackend implements GenerationBackend {
  readonly kind = 'onnx';
  readonly model: string;
  readonly video = 'frames' as const;
  readonly frames = 4;
  private session: Promise<Session> | undefined;
  private tiny: Promise<{ runner: TinyVlmRunner; pixels: FramePixels; encoder: Session } | undefined> | undefined;

  constructor(private readonly o: LocalOnnxOptions) {
    this.model = o.model;
  }

  private ort(): OrtModule {
    try {
      // A computed name keeps bundlers from inlining the package: it must stay external,
      // next to its native binding.
      return require(['onnxruntime', 'node'].join('-')) as OrtModule;
    } catch (err) {
      throw new BackendError(`local backend needs onnxruntime-node (npm install onnxruntime-node): ${(err as Error).message}`, { retryable: false });
    }
  }

  /** Loads the model once (onnxruntime-node required lazily). */
  load(): Promise<OnnxSessionInfo> {
    this.session ??= (async () => {
      const file = onnxModelFile(this.o.model);
      if (!existsSync(file)) throw new BackendError(`local backend: no ONNX model at ${file}`, { retryable: false });
      return this.ort().InferenceSession.create(file, SESSION_OPTIONS);
    })();
    return this.session;
  }

  /** The tiny model's runner, or undefined when the folder is some other ONNX model. */
  private loadTiny(): Promise<{ runner: TinyVlmRunner; pixels: FramePixels; encoder: Session } | undefined> {
    this.tiny ??= (async () => {
      const step = (await this.load()) as Session;
      const dir = dirname(onnxModelFile(this.o.model));
      const vocabFile = join(dir, 'vocab.json');
      const encoderFile = join(dir, 'encoder.onnx');
      if (!existsSync(vocabFile) || !existsSync(encoderFile)) return undefined;
      const ort = this.ort();
      let vocab: TinyVocab;
      try {
        vocab = TinyVocab.load(vocabFile);
      } catch (err) {
        throw new BackendError(`local backend: ${(err as Error).message}`, { retryable: false });
      }
      const encoder = await ort.InferenceSession.create(encoderFile, SESSION_OPTIONS);
      return { runner: new TinyVlmRunner(encoder, step, ort.Tensor, vocab), pixels: this.o.pixels ?? new FramePixels(vocab.meta.frames, vocab.meta.size), encoder };
    })();
    return this.tiny;
  }

  async complete(req: CompletionRequest): Promise<string> {
    const tiny = await this.loadTiny();
    if (!tiny) {
      throw new BackendError(
        `local backend: ${this.o.model} is not a tiny video-language model (no vocab.json and encoder.onnx next to model.onnx); generating with other ONNX models is not implemented yet — use an \`openai\` or \`huggingface\` backend`,
        { retryable: false },
      );
    }
    req.signal?.throwIfAborted();
    const pixels = await tiny.pixels.of(req.media);
    const { question, hint } = questionAndHint(req.prompt);
    const m = tiny.runner.vocab.meta;
    const text = await tiny.runner.answer({
      pixels,
      question,
      hint,
      temperature: req.sampling.temperature ?? 1,
      topP: req.sampling.topP ?? 1,
      maxTokens: Math.min(req.sampling.maxTokens ?? m.maxLen, m.maxLen),
      ...(req.sampling.seed === undefined ? {} : { seed: req.sampling.seed }),
    });
    req.signal?.throwIfAborted();
    return prettyAnswer(text);
  }

  async close(): Promise<void> {
    const t = await this.tiny?.catch(() => undefined);
    await t?.encoder.release?.();
    const s = await this.session?.catch(() => undefined);
    await s?.release?.();
    this.session = undefined;
    this.tiny = undefined;
  }
}
