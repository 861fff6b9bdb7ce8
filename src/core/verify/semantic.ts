/**
 * Hook for free-text labels that no rule can judge ("describes the weather"): a sentence
 * embedding model scores how close the answer's conclusion is to the label. Not wired
 * yet — onnxruntime-node is not a dependency. A matcher would be passed to a future
 * `verifyText(answer, label, matcher)` and report `score` = cosine similarity against
 * its own threshold, with the conclusion region as `span`.
 */
export interface SemanticMatcher {
  /** Model id, recorded with each verdict so results can be reproduced. */
  readonly model: string;
  /** Similarity threshold at or above which the texts are taken to say the same thing. */
  readonly threshold: number;
  /** Cosine similarity of the two texts, in [-1, 1]. Batched by the implementation. */
  similarity(a: string, b: string): Promise<number>;
}
