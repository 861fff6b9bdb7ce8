import { closest } from '../config/describe';
import { LABEL_TYPES, type LabelType } from '../datasets/labels';
import { datasetLabels, resolveIn, type ProjectEnv } from './project';
import { at, type Finding } from './schemaCheck';
import { templateFindings, type TaskContext } from './templates';
import { isRecord, type ConfigDoc } from './yamlDoc';

/**
 * Checks the schema cannot express, run on the plain value even when the schema fails
 * elsewhere (a typo in one backend must not hide an unknown dataset in a task): names that
 * refer to other sections, label fields, templates, verifier parameters that do not apply
 * to the verifier's type, and files and folders that do not exist.
 */

function section(value: unknown, name: string): Record<string, unknown> {
  const v = isRecord(value) ? value[name] : undefined;
  return isRecord(v) ? v : {};
}

function unknownName(what: string, name: string, known: string[]): string {
  // Very short names are all within the edit distance of each other: no guessing there.
  const guess = name.length > 2 ? closest(name, known) : undefined;
  if (guess) return `unknown ${what} "${name}" (did you mean "${guess}"?)`;
  return known.length === 0 ? `unknown ${what} "${name}" (no ${what}s are defined)` : `unknown ${what} "${name}" (known ${what}s: ${known.join(', ')})`;
}

/** The tasks section, resolved: which dataset and fields each task names. */
export function taskContext(value: unknown, env: ProjectEnv, name: string): TaskContext & { dataset?: string } {
  const task = section(value, 'tasks')[name];
  const t = isRecord(task) ? task : {};
  const dataset = typeof t.dataset === 'string' ? t.dataset : undefined;
  const fields = Array.isArray(t.fields) ? t.fields.filter((f): f is string => typeof f === 'string') : typeof t.field === 'string' ? [t.field] : [];
  const labels = dataset !== undefined ? datasetLabels(env, value, dataset) : undefined;
  return { name, dataset, fields, ...(labels && { labels }) };
}

function taskFindings(cd: ConfigDoc, env: ProjectEnv): Finding[] {
  const out: Finding[] = [];
  const value = cd.value;
  const datasets = Object.keys(section(value, 'datasets'));
  for (const [name, raw] of Object.entries(section(value, 'tasks'))) {
    if (!isRecord(raw)) continue;
    const task = taskContext(value, env, name);
    const base = ['tasks', name];
    if (task.dataset !== undefined && !datasets.includes(task.dataset)) {
      out.push(at(cd, [...base, 'dataset'], unknownName('dataset', task.dataset, datasets), 'reference'));
    }
    const labels = task.labels;
    if (labels) {
      const known = Object.keys(labels.schema);
      const check = (f: unknown, path: (string | number)[]): void => {
        if (typeof f !== 'string' || f in labels.schema) return;
        const guess = closest(f, known);
        const hint = guess ? `did you mean "${guess}"?` : `fields: ${known.join(', ')}`;
        out.push(at(cd, path, `dataset "${task.dataset}" has no label field "${f}" (${hint})`, 'reference'));
      };
      if (Array.isArray(raw.fields)) raw.fields.forEach((f, i) => check(f, [...base, 'fields', i]));
      else check(raw.field, [...base, 'field']);
    }
    if (Array.isArray(raw.questions)) {
      raw.questions.forEach((q, i) => {
        if (typeof q === 'string') out.push(...templateFindings(cd, [...base, 'questions', i], q, task));
      });
    }
    if (isRecord(raw.verifier)) out.push(...verifierFindings(cd, base, raw.verifier, task));
  }
  return out;
}

/** Label types that can stand in for each other as verifiers (see generate/labels.ts). */
const WORD_TYPES: ReadonlySet<LabelType> = new Set(['class', 'text']);

/** Which verifier types each parameter means something to. */
const APPLIES: Record<string, readonly LabelType[]> = {
  minIoU: ['temporal_range', 'bbox'],
  relTol: ['number'],
  absTol: ['number'],
  synonyms: ['class'],
  semantic: ['text'],
};

function verifierFindings(cd: ConfigDoc, base: (string | number)[], v: Record<string, unknown>, task: TaskContext): Finding[] {
  const out: Finding[] = [];
  const path = [...base, 'verifier'];
  const declared = typeof v.type === 'string' && (LABEL_TYPES as readonly string[]).includes(v.type) ? (v.type as LabelType) : undefined;
  const fieldTypes = task.fields.map((f) => task.labels?.schema[f]?.type).filter((t): t is LabelType => t !== undefined);
  if (declared) {
    task.fields.forEach((f) => {
      const ft = task.labels?.schema[f]?.type;
      if (ft && ft !== declared && !(WORD_TYPES.has(declared) && WORD_TYPES.has(ft))) {
        out.push(at(cd, [...path, 'type'], `field "${f}" is a ${ft} label; a ${declared} verifier cannot check it`, 'verifier', 'warning'));
      }
    });
  }
  const types = declared ? [declared] : [...new Set(fieldTypes)];
  if (types.length === 0) return out;
  for (const [param, applies] of Object.entries(APPLIES)) {
    if (!(param in v) || types.some((t) => applies.includes(t))) continue;
    const what = declared ? `this verifier is ${declared}` : `the asked field${types.length > 1 ? 's are' : ' is'} ${types.join(', ')}`;
    out.push(at(cd, [...path, param], `${param} only applies to ${applies.join(' and ')} verifiers; ${what}, so it is ignored`, 'verifier', 'warning', 'key'));
  }
  return out;
}

function referenceFindings(cd: ConfigDoc): Finding[] {
  const out: Finding[] = [];
  const value = cd.value;
  const backends = Object.keys(section(value, 'backends'));
  const targets = section(value, 'targets');
  const targetNames = Object.keys(targets);
  const cycles = isRecord(value) ? value.cycles : undefined;
  if (isRecord(cycles)) {
    if (typeof cycles.backend === 'string' && !backends.includes(cycles.backend)) {
      out.push(at(cd, ['cycles', 'backend'], unknownName('backend', cycles.backend, backends), 'reference'));
    }
    if (typeof cycles.target === 'string' && !targetNames.includes(cycles.target)) {
      out.push(at(cd, ['cycles', 'target'], unknownName('target', cycles.target, targetNames), 'reference'));
    }
  }
  for (const [name, t] of Object.entries(targets)) {
    if (!isRecord(t) || t.type !== 'slurm' || typeof t.via !== 'string') continue;
    const via = targets[t.via];
    const ssh = targetNames.filter((n) => isRecord(targets[n]) && (targets[n] as Record<string, unknown>).type === 'ssh');
    if (via === undefined) out.push(at(cd, ['targets', name, 'via'], unknownName('ssh target', t.via, ssh), 'reference'));
    else if (isRecord(via) && via.type !== 'ssh') {
      out.push(at(cd, ['targets', name, 'via'], `target "${t.via}" is of type ${String(via.type)}; \`via\` must name an ssh target`, 'reference'));
    }
  }
  return out;
}

function pathFindings(cd: ConfigDoc, env: ProjectEnv): Finding[] {
  if (!env.configFile) return [];
  const out: Finding[] = [];
  const check = (path: (string | number)[], p: unknown, want: 'file' | 'dir' | 'any', what: string): void => {
    if (typeof p !== 'string' || p === '') return;
    const abs = resolveIn(env, p);
    if (!abs) return;
    const kind = env.kind(abs);
    if (kind === undefined) out.push(at(cd, path, `${what} "${p}" does not exist (paths are relative to the folder of vstar.yaml)`, 'path', 'warning'));
    else if (want !== 'any' && kind !== want) out.push(at(cd, path, `"${p}" is a ${kind === 'dir' ? 'folder' : 'file'}; expected a ${want === 'dir' ? 'folder' : 'file'}`, 'path'));
  };
  for (const [name, d] of Object.entries(section(cd.value, 'datasets'))) {
    if (!isRecord(d)) continue;
    check(['datasets', name, 'annotations'], d.annotations, 'file', 'annotation file');
    check(['datasets', name, 'root'], d.root, 'dir', 'folder');
    if (Array.isArray(d.allowRoots)) d.allowRoots.forEach((r, i) => check(['datasets', name, 'allowRoots', i], r, 'dir', 'folder'));
  }
  for (const [name, b] of Object.entries(section(cd.value, 'backends'))) {
    if (isRecord(b) && b.type === 'local') check(['backends', name, 'model'], b.model, 'any', 'model');
  }
  for (const [name, t] of Object.entries(section(cd.value, 'targets'))) {
    if (isRecord(t) && t.type === 'ssh') check(['targets', name, 'identityFile'], t.identityFile, 'file', 'key file');
  }
  return out;
}

export function semanticFindings(cd: ConfigDoc, env: ProjectEnv): Finding[] {
  return [...taskFindings(cd, env), ...referenceFindings(cd), ...pathFindings(cd, env)];
}
