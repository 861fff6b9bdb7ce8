import { z } from 'zod';
import { FieldSchema, LABEL_TYPES } from '../datasets/labels';
import { SPLITS } from '../datasets/record';
import { DATASET_FORMATS } from '../datasets/options';
import { Backend, Target } from './compute';

/**
 * The `vstar.yaml` project file. Every field carries a `.describe()` doc: the JSON Schema
 * (schemas/vstar.schema.json) and the language server's hover text come from it, so a
 * field without one is a field users cannot learn about in the editor.
 * Objects are strict: a misspelt key is an error, not silently ignored.
 */

// One list of formats: the importers define it, the schema validates against it.
export { DATASET_FORMATS, type DatasetFormat } from '../datasets/options';

const Name = z.string().min(1);

export const ColumnMapping = z
  .strictObject({
    id: Name.optional().describe('Column (csv) or key (jsonl) holding the clip id; default `id`.'),
    video: Name.optional().describe('Column/key holding the video path, relative to `root`; default `video`.'),
    start: Name.optional().describe('Column/key holding the segment start in seconds, if clips are segments of longer files.'),
    end: Name.optional().describe('Column/key holding the segment end in seconds.'),
    split: Name.optional().describe('Column/key holding train/val/test; default `split`.'),
    labels: z
      .record(z.string(), Name)
      .optional()
      .describe('Label field name → column/key holding its value. Default: every other column/key is a label.'),
  })
  .describe('How columns (csv) or keys (jsonl) map onto the normalized record.');

export const DatasetConfig = z
  .strictObject({
    format: z.enum(DATASET_FORMATS).describe('Source format: jsonl, csv, kinetics, finediving (the release\'s pickles, or their JSON rendering), star, ssv2, charades or activitynet-captions.'),
    annotations: Name.describe('Annotation file, relative to vstar.yaml.'),
    root: Name.optional().describe('Folder the clip paths are relative to; default: the folder of `annotations`.'),
    allowRoots: z
      .array(Name)
      .default([])
      .describe('Extra folders clip paths may resolve into. Paths escaping `root` and these are rejected.'),
    columns: ColumnMapping.optional(),
    clipPattern: Name.optional().describe(
      'Clip path built from a row/entry, e.g. Kinetics "{youtube_id}_{time_start:06}_{time_end:06}.mp4", FineDiving "{video_name}/{clip_index}" (a frame folder).',
    ),
    fps: z.number().positive().optional().describe('Frames per second: turns FineDiving frame numbers into seconds, and plays clips that are folders of frames (default 25).'),
    timeUnit: z
      .enum(['seconds', 'frames'])
      .optional()
      .describe('What start/end hold: seconds (default), or frame numbers turned into seconds with `fps` (e.g. ranges over a frame folder).'),
    split: z.enum(SPLITS).optional().describe('Split given to records whose source has none (train, val or test).'),
    labels: z
      .record(z.string(), FieldSchema)
      .optional()
      .describe('Overrides of the inferred label schema: field name → {type, ...}.'),
  })
  .describe('A labeled video dataset to import.');
export type DatasetConfig = z.infer<typeof DatasetConfig>;

export const VerifierConfig = z
  .strictObject({
    type: z
      .enum(LABEL_TYPES)
      .optional()
      .describe("How answers are checked; default: the field's label type (class, number, temporal_range, bbox, sequence, yes_no, text)."),
    minIoU: z.number().gt(0).lte(1).optional().describe('temporal_range/bbox: least IoU with the label to pass (default 0.5).'),
    relTol: z.number().min(0).optional().describe('number: relative tolerance, e.g. 0.1 accepts ±10%.'),
    absTol: z.number().min(0).optional().describe('number: absolute tolerance, in the label\'s unit.'),
    synonyms: z
      .record(z.string(), z.array(Name))
      .optional()
      .describe('class: other words that count as naming a class, e.g. {left: [leftward, "to the left"]}.'),
    semantic: z
      .strictObject({
        model: Name.describe(
          'Folder holding a sentence-embedding model (model.onnx + vocab.json), relative to vstar.yaml; run with onnxruntime-node.',
        ),
        minSimilarity: z
          .number()
          .min(-1)
          .max(1)
          .optional()
          .describe('Least cosine similarity between the answer\'s conclusion and the label to pass (default 0.8).'),
      })
      .optional()
      .describe('text: score free-text labels by sentence-embedding similarity. Off when absent: text labels then fail as "semantic matcher not configured".'),
  })
  .describe('How the answer is verified against the label.');
export type VerifierConfig = z.infer<typeof VerifierConfig>;

export const TaskConfig = z
  .strictObject({
    dataset: Name.describe('Name of a dataset under `datasets`.'),
    fields: z.array(Name).min(1).optional().describe('Label fields this task asks about; one question per field.'),
    field: Name.optional().describe('The one label field this task asks about (instead of `fields`).'),
    questions: z
      .array(Name)
      .min(1)
      .optional()
      .describe('Question templates; placeholders like {label.direction} are filled from the record. Default: built in per label type.'),
    verifier: VerifierConfig.optional(),
    guidelines: z
      .string()
      .min(1)
      .optional()
      .describe('Review guidelines for this task, shown in the review panel: markdown, or the path of a .md file relative to vstar.yaml.'),
  })
  .refine((t) => (t.fields === undefined) !== (t.field === undefined), {
    message: 'give exactly one of `fields` (a list) or `field` (one name)',
  })
  .describe('Questions asked about a dataset\'s label fields, and how answers are verified.');
export type TaskConfig = z.infer<typeof TaskConfig>;

export const CycleDefaults = z
  .strictObject({
    backend: Name.optional().describe('Name of the backend under `backends` that answers the questions (`vstar generate`; the loop uses `generate`).'),
    target: Name.optional().describe('Name of the compute target under `targets` that runs jobs; default: this machine.'),
    rationalize: z.boolean().default(true).describe('Ask again with the label as a hint for clips whose answers failed.'),
    samplesPerPrompt: z.number().int().positive().default(1).describe('Answers drawn per question; overrides the backend\'s sampling.'),
    concurrency: z.number().int().positive().default(4).describe('Requests in flight at once.'),
    limit: z.number().int().positive().optional().describe('Use at most this many clips per cycle (for trial runs).'),
    count: z.number().int().positive().default(3).describe('Self-training cycles `vstar cycle run` completes in all (the paper runs about three).'),
    review: z
      .enum(['none', 'before-export'])
      .default('none')
      .describe('`before-export`: the loop stops after rationalization until a person says continue (Continue in the Cycles view, or `vstar cycle continue`).'),
    dataset: Name.optional().describe('The dataset the loop trains on; default: the one dataset the tasks ask about.'),
  })
  .describe('Self-training cycles: defaults for generation, how many cycles the loop runs, and its review gate.');
export type CycleDefaults = z.infer<typeof CycleDefaults>;

export { ModelConfig, FinetuneConfig, GenerateConfig, EvaluateConfig, MODEL_FAMILIES } from './loop';
import { ModelConfig, FinetuneConfig, GenerateConfig, EvaluateConfig } from './loop';

const named = <T extends z.ZodType>(item: T, what: string) =>
  z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: `${what} names use letters, digits, ".", "_" and "-"` }), item);

export const VstarConfig = z
  .strictObject({
    version: z.literal(1).describe('Version of the vstar.yaml format; currently 1.'),
    workdir: Name.default('vstar').describe('Folder (relative to vstar.yaml) for imported datasets, cycles and exports.'),
    datasets: named(DatasetConfig, 'dataset').default({}).describe('Labeled video datasets, by name.'),
    tasks: named(TaskConfig, 'task').default({}).describe('Question tasks over dataset label fields, by name.'),
    backends: named(Backend, 'backend').default({}).describe('Generation backends (models that answer), by name.'),
    targets: named(Target, 'target').default({}).describe('Compute targets where jobs run, by name.'),
    cycles: CycleDefaults.optional(),
    model: ModelConfig.optional(),
    generate: GenerateConfig.optional(),
    finetune: FinetuneConfig.optional(),
    evaluate: EvaluateConfig.optional(),
  })
  .describe('Video-STaR Studio project file.');
export type VstarConfig = z.infer<typeof VstarConfig>;
