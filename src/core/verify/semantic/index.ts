/** Optional semantic matching of free-text labels with an ONNX sentence-embedding model. */
export { type SemanticMatcher, DEFAULT_MIN_SIMILARITY } from './matcher';
export { NOT_CONFIGURED, textUnconfigured, textCandidates, verifyText, type Candidate } from './text';
