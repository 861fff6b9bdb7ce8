/** `vstar demo`: self-training end to end with the project's tiny video model, through the loop. */
export { runDemo, DEMO_MARKER, DEMO_DATASET, type DemoOptions, type DemoEvent, type DemoPhase, type DemoCycle, type DemoSummary, type DemoYield, type Accuracy } from './run';
export { plotSummary } from './plot';
export { demoConfigText } from './project';
