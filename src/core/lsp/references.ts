import { datasetLabels, type ProjectEnv } from './project';
import { taskContext } from './checks';
import { CompletionKind } from './types';
import { isRecord, type PathKey } from './yamlDoc';

/**
 * Values that name something defined elsewhere in vstar.yaml: a task's dataset and label
 * fields, the cycle's (and the loop's generate/finetune) backend and target, a Slurm target's `via`. Completion offers the
 * names, hover describes the thing named, definition jumps to it.
 */

export interface NamedThing {
  name: string;
  detail?: string;
  /** Markdown. */
  doc?: string;
}

export interface ReferenceTarget {
  kind: number;
  /** The section the name is defined in (`datasets`), absent for label fields. */
  section?: 'datasets' | 'backends' | 'targets';
  names: NamedThing[];
}

function entries(value: unknown, section: string): [string, Record<string, unknown>][] {
  const s = isRecord(value) ? value[section] : undefined;
  if (!isRecord(s)) return [];
  return Object.entries(s).map(([k, v]) => [k, isRecord(v) ? v : {}]);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** A few lines about a dataset: format, annotations and label fields with their types. */
export function datasetSummary(value: unknown, env: ProjectEnv, name: string): string | undefined {
  const d = entries(value, 'datasets').find(([k]) => k === name)?.[1];
  if (!d) return undefined;
  const lines = [`**dataset \`${name}\`** — ${str(d.format) ?? '?'} from \`${str(d.annotations) ?? '?'}\``];
  const labels = datasetLabels(env, value, name);
  if (labels) {
    lines.push('', 'Label fields:', ...Object.entries(labels.schema).map(([f, s]) => `- \`${f}\`: ${s.type}${s.type === 'class' ? ` (${s.values.slice(0, 8).join(', ')}${s.values.length > 8 ? ', …' : ''})` : ''}`));
    lines.push('', `_from ${labels.sources.join(' and ')}_`);
  } else {
    lines.push('', '_Label fields are known after `vstar dataset import` (or declare them under `labels:`)._');
  }
  return lines.join('\n');
}

function targetDoc(t: Record<string, unknown>): string | undefined {
  return str(t.type) === 'ssh' ? `ssh ${str(t.user) ? `${str(t.user)}@` : ''}${str(t.host) ?? '?'}` : str(t.type);
}

/** What the value at `path` refers to, with the names it may take. */
export function referenceTarget(path: readonly PathKey[], value: unknown, env: ProjectEnv): ReferenceTarget | undefined {
  const [a, b, c] = path;
  if (a === 'tasks' && typeof b === 'string' && c === 'dataset' && path.length === 3) {
    return {
      kind: CompletionKind.reference,
      section: 'datasets',
      names: entries(value, 'datasets').map(([name, d]) => ({ name, detail: `${str(d.format) ?? 'dataset'}: ${str(d.annotations) ?? ''}`, doc: datasetSummary(value, env, name) })),
    };
  }
  if (a === 'tasks' && typeof b === 'string' && ((c === 'fields' && path.length === 4) || (c === 'field' && path.length === 3))) {
    const task = taskContext(value, env, b);
    const schema = task.labels?.schema ?? {};
    return {
      kind: CompletionKind.field,
      names: Object.entries(schema).map(([name, s]) => ({ name, detail: s.type, doc: `Label field \`${name}\` of dataset \`${task.dataset}\` (${s.type}).` })),
    };
  }
  if ((a === 'cycles' || a === 'generate') && b === 'backend' && path.length === 2) {
    return {
      kind: CompletionKind.reference,
      section: 'backends',
      names: entries(value, 'backends').map(([name, be]) => ({ name, detail: `${str(be.type) ?? 'backend'}${str(be.model) ? `: ${str(be.model)}` : ''}` })),
    };
  }
  const isTarget =
    ((a === 'cycles' || a === 'generate' || a === 'finetune') && b === 'target' && path.length === 2) ||
    (a === 'targets' && typeof b === 'string' && c === 'via' && path.length === 3);
  if (isTarget) {
    const sshOnly = a === 'targets';
    return {
      kind: CompletionKind.reference,
      section: 'targets',
      names: entries(value, 'targets')
        .filter(([, t]) => !sshOnly || t.type === 'ssh')
        .map(([name, t]) => ({ name, ...(targetDoc(t) && { detail: targetDoc(t) }) })),
    };
  }
  return undefined;
}
