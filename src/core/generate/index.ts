/**
 * Generation: backends behind one interface (backend.ts), the InferenceClient adapter
 * for OpenAI-compatible servers and Hugging Face (inference.ts), retries and rate
 * limits, and the answer → verify → rationalize engine writing to the cycle store.
 */
export * from './backend';
export { InferenceBackend, type InferenceBackendOptions } from './inference';
export { withRetry, backoffDelay, isRetryable, sleep, AbortedError, TimeoutError, DEFAULT_RETRY, type RetryPolicy, type RetryInfo } from './retry';
export { RateLimiter } from './rateLimit';
export { toVerifyLabel } from './labels';
export { runGeneration, toVerdictCheck, VERIFIER_NAME, type GenerationItem, type GenerationResult, type EngineOptions } from './engine';
export { ProgressTracker, type GenerationProgress } from './progress';
export { planItems, sampleInfo, type PlannedItem, type Plan, type PlanOptions } from './plan';
export { backendFromConfig, type BackendSetup } from './fromConfig';
export { LocalOnnxBackend, onnxModelFile, type LocalOnnxOptions } from './local';
export { clipMedia } from './media';
export { computeYield, type CycleYield, type YieldCounts, type SampleInfo } from './yield';
