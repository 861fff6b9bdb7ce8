/** `vstar demo`: self-training end to end with the project's tiny video model. */
export { runDemo, DEMO_MARKER, DEMO_DATASET, type DemoOptions, type DemoEvent, type DemoPhase, type DemoCycle, type DemoSummary, type DemoYield } from './run';
export { evaluateHeldOut, type Accuracy, type EvaluateOptions } from './evaluate';
export { finetuneTiny, type FinetuneOptions, type FinetuneResult } from './finetune';
export { plotSummary } from './plot';
export { demoConfigText } from './project';
