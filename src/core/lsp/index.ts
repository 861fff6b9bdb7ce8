/** Editor features over vstar.yaml, pure and synchronous: the language server only wires them. */
export * from './types';
export { LineMap } from './position';
export { parseConfigDoc, type ConfigDoc } from './yamlDoc';
export { ConfigDocParser } from './chunks';
export { diskEnv, datasetLabels, type ProjectEnv } from './project';
export { configDiagnostics, diagnoseConfigText } from './diagnostics';
export { completions } from './completion';
export { hover, definition } from './hover';
export { cursorContext } from './context';
