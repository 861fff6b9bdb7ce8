/** The self-training loop (see run.ts): `vstar cycle run`, the extension's Run Cycles and the demo. */
export { runLoop, continueAfterReview, type LoopOptions, type LoopEvent, type LoopResult } from './run';
export { LOOP_STAGES, isLoopStage, stagesOf, type LoopStage } from './state';
export { readLoopRun, isAlive, runFilePath, LoopRun, RUN_STATES } from './runFile';
export { ingestAttempts, verifyPending } from './ingest';
export { accuracyOf } from './accuracy';
export { openLoopProject, type LoopProject } from './project';
