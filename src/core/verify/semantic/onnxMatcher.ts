/**
 * The SemanticMatcher over an ONNX embedding model. Label texts repeat across thousands of
 * clips, so their vectors are cached; candidates are embedded together in one batch.
 */
import { basename } from 'node:path';
import { DEFAULT_MIN_SIMILARITY, type SemanticMatcher } from './matcher';
import { cosine, EmbeddingModel } from './model';

const CACHE_LIMIT = 10_000;

export class OnnxSemanticMatcher implements SemanticMatcher {
  private readonly cache = new Map<string, Float32Array>();

  constructor(
    private readonly embedder: EmbeddingModel,
    readonly threshold = DEFAULT_MIN_SIMILARITY,
    readonly model = `onnx:${basename(embedder.dir)}`,
  ) {}

  /** Loads the model folder (see ./model.ts for its format). */
  static async load(dir: string, threshold = DEFAULT_MIN_SIMILARITY): Promise<OnnxSemanticMatcher> {
    return new OnnxSemanticMatcher(await EmbeddingModel.load(dir), threshold);
  }

  async similarity(a: string, b: string): Promise<number> {
    const [s] = await this.similarities(a, [b]);
    return s ?? 0;
  }

  async similarities(text: string, candidates: readonly string[]): Promise<number[]> {
    let base = this.cache.get(text);
    const batch = base ? [...candidates] : [text, ...candidates];
    const vecs = await this.embedder.embed(batch);
    if (!base) {
      base = vecs.shift() as Float32Array;
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(text, base);
    }
    const b = base;
    return vecs.map((v) => cosine(b, v));
  }

  /** Raw embeddings, for callers that batch many texts themselves. */
  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return this.embedder.embed(texts);
  }

  release(): Promise<void> {
    return this.embedder.release();
  }
}
