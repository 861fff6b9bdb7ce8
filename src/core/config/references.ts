import type { InputProblem } from '../util/errors';
import { scanTemplate } from '../prompts/template';
import type { TaskConfig, VstarConfig } from './schema';

/** A problem found after the schema passed, located by its path in the config. */
export interface ConfigIssue {
  path: (string | number)[];
  message: string;
}

function known(what: string, names: string[]): string {
  return names.length === 0 ? `no ${what} are defined` : `known ${what}: ${names.join(', ')}`;
}

/**
 * Checks that names used in one section exist in another (task → dataset,
 * cycles/generate.backend → backend, cycles/generate/finetune.target, model.path keys and
 * slurm.via → target). The schema cannot say
 * this, and the user should hear about all of them at once, with where they are.
 */
export function findReferenceIssues(config: VstarConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const datasets = Object.keys(config.datasets);
  const backends = Object.keys(config.backends);
  const targets = Object.keys(config.targets);

  for (const [name, task] of Object.entries(config.tasks)) {
    issues.push(...questionIssues(name, task, config.datasets[task.dataset]?.labels));
    if (!(task.dataset in config.datasets)) {
      issues.push({ path: ['tasks', name, 'dataset'], message: `unknown dataset "${task.dataset}" (${known('datasets', datasets)})` });
      continue;
    }
    // Fields can only be checked where the dataset declares its schema; otherwise the
    // schema is inferred at import time and checked then.
    const declared = config.datasets[task.dataset]?.labels;
    if (!declared) continue;
    const fields = task.fields ?? (task.field !== undefined ? [task.field] : []);
    fields.forEach((f, i) => {
      if (!(f in declared)) {
        const path = task.fields ? ['tasks', name, 'fields', i] : ['tasks', name, 'field'];
        issues.push({ path, message: `dataset "${task.dataset}" has no label field "${f}" (${known('fields', Object.keys(declared))})` });
      }
    });
  }

  for (const [name, target] of Object.entries(config.targets)) {
    if (target.type !== 'slurm' || target.via === undefined) continue;
    const via = config.targets[target.via];
    if (!via) {
      issues.push({ path: ['targets', name, 'via'], message: `unknown target "${target.via}" (${known('targets', targets)})` });
    } else if (via.type !== 'ssh') {
      issues.push({ path: ['targets', name, 'via'], message: `target "${target.via}" is of type ${via.type}; \`via\` must name an ssh target` });
    }
  }

  const backendRef = (path: string[], b: string | undefined): void => {
    if (b !== undefined && !(b in config.backends)) issues.push({ path, message: `unknown backend "${b}" (${known('backends', backends)})` });
  };
  const targetRef = (path: string[], t: string | undefined): void => {
    if (t !== undefined && !(t in config.targets)) issues.push({ path, message: `unknown target "${t}" (${known('targets', targets)})` });
  };
  backendRef(['cycles', 'backend'], config.cycles?.backend);
  targetRef(['cycles', 'target'], config.cycles?.target);
  if (config.cycles?.dataset !== undefined && !(config.cycles.dataset in config.datasets)) {
    issues.push({ path: ['cycles', 'dataset'], message: `unknown dataset "${config.cycles.dataset}" (${known('datasets', datasets)})` });
  }
  backendRef(['generate', 'backend'], config.generate?.backend);
  targetRef(['generate', 'target'], config.generate?.target);
  targetRef(['finetune', 'target'], config.finetune?.target);
  const path = config.model?.path;
  if (path !== undefined && typeof path !== 'string') {
    for (const t of Object.keys(path)) targetRef(['model', 'path', t], t);
  }
  return issues;
}

/**
 * Question templates: syntax, `{label.x}` naming a declared field, and no placeholder that
 * shows the very label the task asks about — the question would give the answer away,
 * and the model would learn to copy it rather than look at the video.
 */
function questionIssues(name: string, task: TaskConfig, declared: Record<string, unknown> | undefined): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const asked = new Set(task.fields ?? (task.field !== undefined ? [task.field] : []));
  (task.questions ?? []).forEach((q, i) => {
    const path = ['tasks', name, 'questions', i];
    const scan = scanTemplate(q);
    for (const s of scan.issues) issues.push({ path, message: `${s.message} at character ${s.start + 1}` });
    for (const p of scan.placeholders) {
      if (!p.name.startsWith('label.')) continue;
      const field = p.name.slice('label.'.length);
      if (asked.has(field)) {
        issues.push({ path, message: `{${p.name}} gives the answer away: "${field}" is the label this task asks about` });
      } else if (declared && !(field in declared)) {
        issues.push({ path, message: `{${p.name}}: the dataset has no label field "${field}" (${known('fields', Object.keys(declared))})` });
      }
    }
  });
  return issues;
}

/** Dotted field path for people: `tasks.motion.fields[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** The cross-reference problems of a config that passed the schema (no line numbers). */
export function checkConfigReferences(config: VstarConfig, file = 'vstar.yaml'): InputProblem[] {
  return findReferenceIssues(config).map((i) => ({ file, field: formatPath(i.path), message: i.message }));
}
