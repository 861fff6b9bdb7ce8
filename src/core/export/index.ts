/** Export of accepted attempts to trainer formats, with the leak guard. */
export * from './types';
export * from './select';
export * from './leak';
export { checkExport, exportSamples, exportFileNames, type ExportCounts, type ExportOptions, type ExportResult } from './export';
export { readExportSamples, streamExportSamples } from './read';
export { llavaRecord, type LlavaRecord } from './llava';
export { llamaFactoryRecord, llamaFactoryDatasetInfo, type LlamaFactoryRecord } from './llamaFactory';
export { msSwiftRecord, type MsSwiftRecord } from './msSwift';
export { CycleExportSource, exportCycle, samplesFromCycle, cycleExportDir, type CycleExport, type CycleExportOptions, type CycleExportSamples, type UnpickedReason, type UnpickedSample } from './fromCycle';
