/**
 * Hook for free-text labels that no rule can judge ("describes the weather"): a sentence
 * embedding model scores how close the answer's conclusion is to the label. The one
 * implementation runs an ONNX model in-process (./onnxMatcher.ts); tests may pass any
 * object of this shape.
 */
export interface SemanticMatcher {
  /** Model id, recorded with each verdict so results can be reproduced. */
  readonly model: string;
  /** Similarity threshold at or above which the texts are taken to say the same thing. */
  readonly threshold: number;
  /** Cosine similarity of the two texts, in [-1, 1]. */
  similarity(a: string, b: string): Promise<number>;
  /** Cosine similarity of `text` to each candidate, embedded in one batch. */
  similarities(text: string, candidates: readonly string[]): Promise<number[]>;
}

/** Threshold used when neither the label nor the configuration gives one. */
export const DEFAULT_MIN_SIMILARITY = 0.8;
