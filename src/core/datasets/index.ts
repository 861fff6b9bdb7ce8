// The datasets capability: import labeled video datasets into normalized records.
export * from './labels';
export * from './record';
export * from './options';
export { importDataset, FORMAT_READERS } from './importer';
export { writeDataset, readDataset, validateDataset, datasetDir, relocateReport, readClipFolders, RECORDS_FILE, SCHEMA_FILE, REPORT_FILE } from './store';
export type { DatasetReport, StoredDataset, Validation } from './store';
export { datasetStats } from './stats';
export type { DatasetStatistics, FieldStats, Summary } from './stats';
export { inferSchema, collectValues, guessType } from './infer';
export { resolveClip, isInside, fillPattern, patternFields } from './clipPath';
export { coerce, parseSplit } from './values';
export { datasetOptionsFromProject, projectDatasetsDir, projectFile, PROJECT_FILE, DEFAULT_WORKDIR } from './project';
export type { ProjectDataset } from './project';
