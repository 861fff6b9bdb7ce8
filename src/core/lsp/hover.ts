import { schemaAt } from '../config/describe';
import { formatPath } from '../config/references';
import { scanTemplate } from '../prompts';
import { taskContext } from './checks';
import type { ProjectEnv } from './project';
import { datasetSummary, referenceTarget } from './references';
import { scalarOffsetMap } from './scalarOffsets';
import { taskPlaceholders } from './templates';
import type { LspHover, LspLocation } from './types';
import { keyNodeAt, targetAt, type ConfigDoc } from './yamlDoc';

/**
 * Hover documentation (from the schema's `.describe()` texts, the datasets a task names,
 * and the placeholders of question templates) and go-to-definition for names that refer
 * to another entry of the file.
 */

function schemaDoc(cd: ConfigDoc, path: (string | number)[]): string | undefined {
  const info = schemaAt(path, cd.value);
  if (!info?.description) return undefined;
  const values = info.values && info.values.length > 1 ? `\n\nOne of: ${info.values.map((v) => `\`${v}\``).join(', ')}` : '';
  return `**${formatPath(path)}**\n\n${info.description}${values}`;
}

function placeholderHover(cd: ConfigDoc, offset: number, env: ProjectEnv, path: (string | number)[]): LspHover | undefined {
  const t = targetAt(cd, offset);
  const scalar = t.scalar;
  if (!scalar || typeof scalar.value !== 'string' || typeof path[1] !== 'string') return undefined;
  const map = scalarOffsetMap(cd.text, scalar);
  if (!map) return undefined;
  for (const p of scanTemplate(scalar.value).placeholders) {
    const start = map[p.start];
    const end = map[p.end];
    if (start === undefined || end === undefined || offset < start || offset > end) continue;
    const task = taskContext(cd.value, env, path[1]);
    const doc = taskPlaceholders(task).find((d) => d.name === p.name)?.doc;
    const text = doc ?? (task.fields.some((f) => p.name === `label.${f}`) ? 'The label being asked: not allowed in its own question.' : 'Not a placeholder this task can fill.');
    return { contents: `**{${p.name}}**\n\n${text}`, range: cd.lines.range(start, end) };
  }
  return undefined;
}

export function hover(cd: ConfigDoc, offset: number, env: ProjectEnv): LspHover | undefined {
  const t = targetAt(cd, offset);
  const range = t.scalar?.range;
  if (!range) return undefined;
  const whole = cd.lines.range(range[0], range[1]);
  if (t.onKey) {
    if (t.path.length === 2 && t.path[0] === 'datasets') {
      const summary = datasetSummary(cd.value, env, String(t.path[1]));
      if (summary) return { contents: summary, range: whole };
    }
    const doc = schemaDoc(cd, t.path);
    return doc ? { contents: doc, range: whole } : undefined;
  }
  if (t.path[0] === 'tasks' && t.path[2] === 'questions') {
    const h = placeholderHover(cd, offset, env, t.path);
    if (h) return h;
  }
  const ref = referenceTarget(t.path, cd.value, env);
  const named = ref?.names.find((n) => n.name === String(t.scalar?.value));
  if (named && (named.doc || named.detail)) {
    return { contents: named.doc ?? `**${named.name}** — ${named.detail}`, range: whole };
  }
  const doc = schemaDoc(cd, t.path);
  return doc ? { contents: doc, range: whole } : undefined;
}

/** Where the name under the cursor is defined: the key of its entry. */
export function definition(cd: ConfigDoc, offset: number, env: ProjectEnv): LspLocation | undefined {
  const t = targetAt(cd, offset);
  if (t.onKey || !t.scalar) return undefined;
  const ref = referenceTarget(t.path, cd.value, env);
  if (!ref) return undefined;
  const name = String(t.scalar.value);
  let key;
  if (ref.section) key = keyNodeAt(cd, [ref.section, name]);
  else if (typeof t.path[1] === 'string') {
    // A label field: its declaration under the dataset's `labels:`, when it has one.
    const dataset = taskContext(cd.value, env, t.path[1]).dataset;
    if (dataset !== undefined) key = keyNodeAt(cd, ['datasets', dataset, 'labels', name]);
  }
  return key?.range ? { range: cd.lines.range(key.range[0], key.range[1]) } : undefined;
}
