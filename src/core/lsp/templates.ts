import { closest } from '../config/describe';
import { formatPath } from '../config/references';
import type { FieldSchema } from '../datasets/labels';
import { questionPlaceholders, scanTemplate, type PlaceholderDoc } from '../prompts';
import type { DatasetLabels } from './project';
import { scalarOffsetMap } from './scalarOffsets';
import type { Finding } from './schemaCheck';
import type { ConfigDoc, PathKey } from './yamlDoc';
import { scalarAt } from './yamlDoc';

/**
 * Checks of a task's question templates against the placeholders its dataset can fill:
 * syntax, unknown names (with a "did you mean"), and the asked field's own label, which
 * would leak the answer into the question. Underlined at the placeholder itself.
 */

export interface TaskContext {
  name: string;
  /** The asked fields that are strings (may be empty while typing). */
  fields: string[];
  labels?: DatasetLabels;
}

/** Every placeholder a template of this task may use (union over its asked fields). */
export function taskPlaceholders(task: TaskContext): PlaceholderDoc[] {
  const labelFields = task.labels ? Object.keys(task.labels.schema) : [];
  const byName = new Map<string, PlaceholderDoc>();
  for (const field of task.fields.length > 0 ? task.fields : ['']) {
    const schema: FieldSchema = task.labels?.schema[field] ?? { type: 'text' };
    for (const d of questionPlaceholders({ name: task.name, field, schema }, labelFields)) {
      if (!byName.has(d.name)) byName.set(d.name, d);
    }
  }
  // A label field that is asked in one of several fields is still a leak for that one.
  for (const f of task.fields) byName.delete(`label.${f}`);
  return [...byName.values()];
}

export function templateFindings(cd: ConfigDoc, path: readonly PathKey[], template: string, task: TaskContext): Finding[] {
  const scalar = scalarAt(cd, path);
  const map = scalar ? scalarOffsetMap(cd.text, scalar) : undefined;
  const whole = scalar?.range ? [scalar.range[0], scalar.range[1]] : [0, 0];
  const span = (s: number, e: number): [number, number] => {
    const a = map?.[s];
    const b = map?.[e];
    return a !== undefined && b !== undefined ? [a, b] : [whole[0] ?? 0, whole[1] ?? 0];
  };
  const where = formatPath(path);
  const { placeholders, issues } = scanTemplate(template);
  const out: Finding[] = issues.map((i) => {
    const [start, end] = span(i.start, i.end);
    return { start, end, message: `${where}: ${i.message}`, severity: 'error', code: 'template' };
  });
  const allowed = taskPlaceholders(task).map((d) => d.name);
  const known = new Set(allowed);
  for (const p of placeholders) {
    const [start, end] = span(p.start, p.end);
    if (p.name.startsWith('label.') && task.fields.includes(p.name.slice(6))) {
      out.push({ start, end, message: `${where}: {${p.name}} is the label being asked; it would leak the answer into the question`, severity: 'error', code: 'template' });
      continue;
    }
    if (known.has(p.name)) continue;
    // Label fields (and {unit}) are unknowable before the dataset's schema is: stay quiet.
    if (!task.labels && (p.name.startsWith('label.') || p.name === 'unit')) continue;
    const guess = closest(p.name, allowed);
    let hint = guess ? ` (did you mean {${guess}}?)` : '';
    if (!guess && p.name.startsWith('label.') && task.labels) hint = ` (label fields: ${Object.keys(task.labels.schema).join(', ')})`;
    if (p.name === 'unit') hint = ' ({unit} needs a number field with a `unit`)';
    out.push({ start, end, message: `${where}: unknown placeholder {${p.name}}${hint}`, severity: 'error', code: 'template' });
  }
  return out;
}
