/**
 * A sentence-embedding model run in-process with onnxruntime-node. The model folder holds
 *   model.onnx   inputs  input_ids int64 [batch, seq], attention_mask int64 [batch, seq]
 *                output  embeddings float32 [batch, dim] (pooled; normalized here anyway)
 *                        — or last_hidden_state [batch, seq, dim], mean-pooled here over the mask
 *                (a token_type_ids input, as BERT exports have, is fed zeros)
 *   vocab.json   {token: id} with "[PAD]" and "[UNK]": word-level (./tokenizer.ts), or
 *   vocab.txt    a BERT WordPiece vocabulary, one token per line (./wordpiece.ts), as
 *                sentence-transformers ONNX exports ship it; vocab.json wins when both exist
 * scripts/build-tiny-embedder.py builds such a folder (test/fixtures/embedder).
 *
 * onnxruntime-node is required lazily, the first time a model is loaded, so a CLI run
 * without semantic matching never loads the native library.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { WordTokenizer, type Tokenizer } from './tokenizer';
import { WordPieceTokenizer } from './wordpiece';
import { InputError } from '../../util/errors';

let ortModule: typeof Ort | undefined;

/** Whether onnxruntime-node has been loaded in this process (for tests of the lazy load). */
export function onnxRuntimeLoaded(): boolean {
  return ortModule !== undefined;
}

function ort(): typeof Ort {
  if (!ortModule) {
    // A computed name keeps bundlers from inlining the package: it must stay external, next to
    // its native binding.
    const name = ['onnxruntime', 'node'].join('-');
    try {
      ortModule = require(name) as typeof Ort;
    } catch (err) {
      throw new Error(`semantic matching needs the onnxruntime-node package: ${(err as Error).message}`);
    }
  }
  return ortModule;
}

/** Cosine similarity; 0 when either vector is zero (a text with no known word). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export class EmbeddingModel {
  private constructor(
    /** The model folder, absolute. */
    readonly dir: string,
    private readonly session: Ort.InferenceSession,
    private readonly tokenizer: Tokenizer,
    private readonly output: string,
    private readonly typeIds: boolean,
  ) {}

  /** Loads `dir/model.onnx` and its vocabulary; errors name the missing or bad file. */
  static async load(dir: string): Promise<EmbeddingModel> {
    const abs = resolve(dir);
    const modelPath = join(abs, 'model.onnx');
    const wordVocab = join(abs, 'vocab.json');
    const pieceVocab = join(abs, 'vocab.txt');
    if (!existsSync(modelPath)) throw new InputError({ file: modelPath, message: `not found (a semantic model folder holds model.onnx and vocab.json or vocab.txt)` });
    let tokenizer: Tokenizer;
    if (existsSync(wordVocab)) tokenizer = WordTokenizer.fromFile(wordVocab);
    else if (existsSync(pieceVocab)) tokenizer = WordPieceTokenizer.fromFile(pieceVocab);
    else throw new InputError({ file: wordVocab, message: `not found, nor vocab.txt (the model's vocabulary)` });
    let session: Ort.InferenceSession;
    try {
      session = await ort().InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    } catch (err) {
      throw new InputError({ file: modelPath, message: `cannot load: ${(err as Error).message}` });
    }
    for (const input of ['input_ids', 'attention_mask']) {
      if (!session.inputNames.includes(input)) throw new InputError({ file: modelPath, message: `model has no "${input}" input (has ${session.inputNames.join(', ')})` });
    }
    const output = ['embeddings', 'sentence_embedding', 'last_hidden_state'].find((o) => session.outputNames.includes(o));
    if (!output) throw new InputError({ file: modelPath, message: `model has no "embeddings" or "last_hidden_state" output (has ${session.outputNames.join(', ')})` });
    return new EmbeddingModel(abs, session, tokenizer, output, session.inputNames.includes('token_type_ids'));
  }

  /** One L2-normalized vector per text (zero for a text with no known word), in one batch. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const { Tensor } = ort();
    const enc = this.tokenizer.encode(texts);
    const dims = [enc.batch, enc.seq];
    const feeds: Record<string, Ort.Tensor> = {
      input_ids: new Tensor('int64', enc.ids, dims),
      attention_mask: new Tensor('int64', enc.mask, dims),
    };
    if (this.typeIds) feeds.token_type_ids = new Tensor('int64', new BigInt64Array(enc.ids.length), dims);
    const result = await this.session.run(feeds, [this.output]);
    const out = result[this.output];
    if (!out) throw new InputError({ file: this.dir, message: `model returned no "${this.output}"` });
    const data = out.data as Float32Array;
    const pooled = out.dims.length === 3 ? meanPool(data, enc.mask, enc.batch, enc.seq, Number(out.dims[2])) : null;
    const dim = pooled ? Number(out.dims[2]) : Number(out.dims[1]);
    const vectors: Float32Array[] = [];
    for (let b = 0; b < enc.batch; b++) {
      vectors.push(normalize(pooled ? pooled.subarray(b * dim, (b + 1) * dim) : data.slice(b * dim, (b + 1) * dim)));
    }
    return vectors;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function meanPool(h: Float32Array, mask: BigInt64Array, batch: number, seq: number, dim: number): Float32Array {
  const out = new Float32Array(batch * dim);
  for (let b = 0; b < batch; b++) {
    let n = 0;
    for (let s = 0; s < seq; s++) {
      if (mask[b * seq + s] !== 1n) continue;
      n++;
      for (let d = 0; d < dim; d++) out[b * dim + d] = (out[b * dim + d] ?? 0) + (h[(b * seq + s) * dim + d] ?? 0);
    }
    for (let d = 0; d < dim; d++) out[b * dim + d] = (out[b * dim + d] ?? 0) / Math.max(n, 1);
  }
  return out;
}

function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const out = new Float32Array(v);
  if (n > 0) {
    const k = 1 / Math.sqrt(n);
    for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) * k;
  }
  return out;
}
