import type { FieldSchema, LabelSchema, LabelType, LabelValue } from '../datasets/labels';
import { defaultQuestions, humanizeField } from './defaults';
import { stablePick } from './hash';
import { formatSeconds, renderHint, renderValue } from './hints';
import { renderTemplate, scanTemplate, TemplateError } from './template';

/**
 * What a question is built from: one label field of a dataset, asked about by one
 * task of vstar.yaml. Mirrors the task entry of the config (its `questions` list)
 * without depending on the config module.
 */
export interface QuestionTask {
  /** The task's name in vstar.yaml; part of the seed key and the `{task}` placeholder. */
  name?: string;
  /** The label field the question asks about (its value is the expected answer). */
  field: string;
  /** That field's schema, or just its type. */
  schema: FieldSchema | LabelType;
  /** The task's own templates; when given they replace the built-in paraphrases. */
  questions?: readonly string[];
  /** Schemas of the other label fields, so `{label.<name>}` renders them by type. */
  labels?: LabelSchema;
}

/** The part of a sample record that questions may mention. */
export interface QuestionSample {
  id: string;
  video?: string;
  split?: string;
  start?: number;
  end?: number;
  labels: Readonly<Record<string, LabelValue>>;
}

export interface BuiltQuestion {
  /** The rendered question, as it goes into prompts and training records. */
  text: string;
  /** The template it came from, and its index in the list it was drawn from. */
  template: string;
  index: number;
}

/** One placeholder a question template may use, with a line of doc (for completion/hover). */
export interface PlaceholderDoc {
  name: string;
  doc: string;
}

function typeOf(schema: FieldSchema | LabelType): LabelType {
  return typeof schema === 'string' ? schema : schema.type;
}

/** The templates a task draws from: its own list, or the defaults for its field. */
export function questionTemplates(task: QuestionTask): readonly string[] {
  if (task.questions && task.questions.length > 0) return task.questions;
  return defaultQuestions(typeOf(task.schema), task.field);
}

/**
 * The placeholders a question template of this task may use. `{label.<field>}` of the
 * asked field is absent on purpose: it would put the answer into the question.
 */
export function questionPlaceholders(task: QuestionTask, labelFields: readonly string[]): PlaceholderDoc[] {
  const docs: PlaceholderDoc[] = [
    { name: 'field', doc: `The asked field as words ("${humanizeField(task.field)}").` },
    { name: 'sample.id', doc: 'The sample id.' },
    { name: 'sample.video', doc: 'The clip path, relative to the dataset root.' },
    { name: 'sample.split', doc: 'train, val or test.' },
    { name: 'sample.start', doc: 'Clip start in seconds (only for segment clips).' },
    { name: 'sample.end', doc: 'Clip end in seconds (only for segment clips).' },
  ];
  if (task.name) docs.push({ name: 'task', doc: 'The task name.' });
  if (typeof task.schema !== 'string' && task.schema.type === 'number' && task.schema.unit) {
    docs.push({ name: 'unit', doc: `The unit of the field ("${task.schema.unit}").` });
  }
  for (const f of labelFields) {
    if (f !== task.field) docs.push({ name: `label.${f}`, doc: `The sample's "${f}" label, as words.` });
  }
  return docs;
}

function varsFor(task: QuestionTask, sample: QuestionSample): Record<string, string> {
  const vars: Record<string, string> = {
    field: humanizeField(task.field),
    'sample.id': sample.id,
  };
  if (task.name) vars.task = task.name;
  if (typeof task.schema !== 'string' && task.schema.type === 'number' && task.schema.unit) vars.unit = task.schema.unit;
  if (sample.video !== undefined) vars['sample.video'] = sample.video;
  if (sample.split !== undefined) vars['sample.split'] = sample.split;
  if (sample.start !== undefined) vars['sample.start'] = formatSeconds(sample.start);
  if (sample.end !== undefined) vars['sample.end'] = formatSeconds(sample.end);
  for (const [name, value] of Object.entries(sample.labels)) {
    if (name === task.field) continue;
    const schema = task.labels?.[name];
    vars[`label.${name}`] = schema ? renderHint(schema, value) : renderValue(value);
  }
  return vars;
}

/** Refuses `{label.<asked field>}`: the question would contain its own answer. */
function refuseSelfLabel(template: string, field: string): void {
  for (const p of scanTemplate(template).placeholders) {
    if (p.name === `label.${field}`) {
      throw new TemplateError(
        `template "${template}": {${p.name}} at offset ${p.start} is the label being asked; it would leak the answer into the question`,
        template,
        p.start,
        p.end,
      );
    }
  }
}

/**
 * Builds the question for one sample. The paraphrase is chosen from a stable hash of
 * seed, task and sample id, so reruns and resumed cycles ask the same question.
 * Throws TemplateError for an unknown placeholder, naming it and its offset.
 */
export function buildQuestion(task: QuestionTask, sample: QuestionSample, seed: number | string = 0): BuiltQuestion {
  const templates = questionTemplates(task);
  const index = stablePick(templates.length, seed, task.name ?? '', task.field, sample.id);
  const template = templates[index]!;
  refuseSelfLabel(template, task.field);
  const vars = varsFor(task, sample);
  // A placeholder the task may use but this sample cannot fill (no start/end, no such label).
  for (const p of scanTemplate(template).placeholders) {
    if (!(p.name in vars) && (/^(sample|label)\./.test(p.name) || p.name === 'task' || p.name === 'unit')) {
      const what = p.name.startsWith('label.') ? `has no "${p.name.slice(6)}" label` : `has no value for {${p.name}}`;
      throw new TemplateError(`template "${template}": sample ${sample.id} ${what} ({${p.name}} at offset ${p.start})`, template, p.start, p.end);
    }
  }
  return { text: renderTemplate(template, vars).trim(), template, index };
}

/** One problem in a question template, with offsets into the template (for diagnostics). */
export interface QuestionTemplateIssue {
  message: string;
  start: number;
  end: number;
}

/**
 * Checks a task's template without a sample: syntax, unknown placeholders and the
 * asked field's own label. For the language server's diagnostics.
 */
export function checkQuestionTemplate(template: string, task: QuestionTask, labelFields: readonly string[]): QuestionTemplateIssue[] {
  const { placeholders, issues } = scanTemplate(template);
  const out: QuestionTemplateIssue[] = issues.map((i) => ({ ...i }));
  const known = new Set(questionPlaceholders(task, labelFields).map((d) => d.name));
  for (const p of placeholders) {
    if (p.name === `label.${task.field}`) {
      out.push({ message: `{${p.name}} is the label being asked; it would leak the answer into the question`, start: p.start, end: p.end });
    } else if (!known.has(p.name)) {
      out.push({ message: `unknown placeholder {${p.name}}`, start: p.start, end: p.end });
    }
  }
  return out;
}
