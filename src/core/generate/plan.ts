import type { VstarConfig } from '../config/schema';
import type { StoredDataset } from '../datasets/store';
import { resolveClip } from '../datasets/clipPath';
import type { SPLITS } from '../datasets/record';

type Split = (typeof SPLITS)[number];
import { buildQuestion } from '../prompts/questions';
import { renderHint } from '../prompts/hints';
import type { GenerationItem } from './engine';
import { toVerifyLabel } from './labels';
import type { VerifyLabel } from '../verify/labels';
import { sampleIdOf } from './sample-id';

/**
 * The work of a cycle: one item per (record, task field) of the tasks over the cycle's
 * dataset. The attempt sample id is the record id when there is one question per record,
 * else `<id>#<task>.<field>`, so several questions about a clip never share ids.
 */

export interface PlannedItem extends GenerationItem {
  recordId: string;
  task: string;
  field: string;
  labelType: string;
  /** The class label, for class fields (for the yield per class). */
  className?: string;
}

export interface PlanOptions {
  dataset: StoredDataset;
  datasetName: string;
  config: Pick<VstarConfig, 'tasks'>;
  /** Only this task (default: every task over the dataset). */
  task?: string;
  splits?: readonly Split[];
  seed?: number | string;
  limit?: number;
}

export interface Plan {
  items: PlannedItem[];
  /** Records left out, with why (bad label, template problem). */
  problems: { recordId: string; message: string }[];
}

export function planItems(o: PlanOptions): Plan {
  const tasks = Object.entries(o.config.tasks).filter(([name, t]) => t.dataset === o.datasetName && (o.task === undefined || name === o.task));
  if (tasks.length === 0) {
    throw new Error(o.task ? `task "${o.task}" does not ask about dataset "${o.datasetName}"` : `no task in vstar.yaml asks about dataset "${o.datasetName}" (add one under \`tasks\`)`);
  }
  const questions = tasks.flatMap(([name, t]) => (t.fields ?? [t.field!]).map((field) => ({ name, t, field })));
  const many = questions.length > 1;
  const splits = new Set(o.splits ?? ['train']);
  const items: PlannedItem[] = [];
  const problems: Plan['problems'] = [];
  const root = o.dataset.report?.root;
  const fps = o.dataset.report?.fps;
  let clips = 0;
  for (const rec of o.dataset.records) {
    if (!splits.has(rec.split)) continue;
    // The limit counts clips, not questions: a trial run asks everything about N clips.
    if (o.limit !== undefined && clips >= o.limit) break;
    clips++;
    for (const { name, t, field } of questions) {
      const schema = o.dataset.schema[field];
      const value = rec.labels[field];
      if (!schema) {
        problems.push({ recordId: rec.id, message: `field "${field}" of task "${name}" is not in the dataset's schema` });
        continue;
      }
      if (value === undefined) continue; // this record has no such label: nothing to ask
      try {
        const q = buildQuestion({ name, field, schema, questions: t.questions ?? ownQuestion(o.dataset.schema, field), labels: o.dataset.schema }, rec, o.seed ?? 0);
        const clip = root ? resolveClip(rec.video, root, o.dataset.report?.allowRoots ?? []) : undefined;
        items.push({
          sampleId: many ? sampleIdOf(rec.id, name, field) : rec.id,
          recordId: rec.id,
          task: name,
          field,
          labelType: schema.type,
          ...(schema.type === 'class' && typeof value === 'string' ? { className: value } : {}),
          question: q.text,
          hint: renderHint(schema, value),
          labels: [withRecordRivals(toVerifyLabel(field, schema, value, t.verifier), rec.labels.choices)],
          ...(clip?.ok
            ? { video: { path: clip.abs, ...(rec.start === undefined ? {} : { start: rec.start }), ...(rec.end === undefined ? {} : { end: rec.end }), ...(fps ? { fps } : {}) } }
            : {}),
        });
      } catch (err) {
        problems.push({ recordId: rec.id, message: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  return { items, problems };
}

/** sampleId → label type and class of every question over a dataset (all splits), for the yield. */
export function sampleInfo(o: Omit<PlanOptions, 'splits' | 'limit'>): Map<string, { labelType: string; className?: string }> {
  const m = new Map<string, { labelType: string; className?: string }>();
  for (const it of planItems({ ...o, splits: ['train', 'val', 'test'] }).items) {
    m.set(it.sampleId, { labelType: it.labelType, ...(it.className === undefined ? {} : { className: it.className }) });
  }
  return m;
}

/**
 * A class answer whose record lists its own choices (STAR's multiple choice): the other
 * choices are its rivals, not the dataset's whole vocabulary (which can be too large to pass).
 */
function withRecordRivals(label: VerifyLabel, choices: unknown): VerifyLabel {
  if (label.type !== 'class' || !Array.isArray(choices) || !choices.every((c): c is string => typeof c === 'string')) return label;
  const own = new Set([label.value, ...(label.synonyms ?? [])].map((x) => x.toLowerCase()));
  const rivals = choices.filter((c) => !own.has(c.toLowerCase()));
  return rivals.length > 0 ? { ...label, rivals } : label;
}

/**
 * A dataset whose records carry their own question (STAR, other QA sets: a text field
 * `question`) is asked that question, as written, unless the task says otherwise.
 */
function ownQuestion(schema: StoredDataset['schema'], field: string): string[] | undefined {
  return field !== 'question' && schema.question?.type === 'text' ? ['{label.question}'] : undefined;
}
