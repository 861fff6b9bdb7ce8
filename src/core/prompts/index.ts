/** Questions, prompts and hint wording: the "question" step of a sample's journey. */
export * from './template';
export * from './hints';
export * from './prompts';
export * from './questions';
export { DEFAULT_QUESTIONS, defaultQuestions, humanizeField } from './defaults';
export { stableHash, stablePick } from './hash';
