/** Export of accepted attempts to trainer formats, with the leak guard. */
export * from './types';
export * from './select';
export * from './leak';
export { checkExport, exportSamples, buildExport, exportFileNames, type ExportOptions, type ExportResult } from './export';
export { readExportSamples } from './read';
export { llavaRecord, type LlavaRecord } from './llava';
export { llamaFactoryRecord, llamaFactoryDatasetInfo, type LlamaFactoryRecord } from './llamaFactory';
export { msSwiftRecord, type MsSwiftRecord } from './msSwift';
export { samplesFromCycle, cycleExportDir, type CycleExportOptions, type CycleExportSamples, type UnpickedReason } from './fromCycle';
