/** Optional semantic matching of free-text labels with an ONNX sentence-embedding model. */
export { type SemanticMatcher, DEFAULT_MIN_SIMILARITY } from './matcher';
export { NOT_CONFIGURED, textUnconfigured, textCandidates, verifyText, type Candidate } from './text';
export { EmbeddingModel, cosine, onnxRuntimeLoaded } from './model';
export { OnnxSemanticMatcher } from './onnxMatcher';
export { WordTokenizer, type Encoded, type Tokenizer } from './tokenizer';
export { WordPieceTokenizer } from './wordpiece';
export { verifyAllSemantic, verifyLineSemantic, loadSemanticMatcher } from './verify';
