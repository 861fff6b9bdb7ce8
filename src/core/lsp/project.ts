import { readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LabelSchema } from '../datasets/labels';
import { SCHEMA_FILE } from '../datasets/store';
import { isRecord } from './yamlDoc';

/**
 * What the editor features need to know about the disk around a vstar.yaml: whether a
 * path exists, and the label schema a dataset has on disk. Behind an interface so tests
 * can run against real temp folders and the server can cache between keystrokes.
 */
export interface ProjectEnv {
  /** Absolute path of the vstar.yaml, when it is a file on disk (else no path checks). */
  readonly configFile?: string;
  kind(absPath: string): 'file' | 'dir' | undefined;
  /** A label schema JSON file (`schema.json`), or undefined when missing or invalid. */
  labelSchema(absPath: string): LabelSchema | undefined;
}

/**
 * The real disk. `stat` is cheap enough per keystroke; schema files are re-read only
 * when their modification time or size changes.
 */
export function diskEnv(configFile?: string): ProjectEnv {
  const schemas = new Map<string, { stamp: string; schema: LabelSchema | undefined }>();
  return {
    configFile,
    kind(p) {
      try {
        const st = statSync(p);
        return st.isDirectory() ? 'dir' : 'file';
      } catch {
        return undefined;
      }
    },
    labelSchema(p) {
      let stamp: string;
      try {
        const st = statSync(p);
        stamp = `${st.mtimeMs}:${st.size}`;
      } catch {
        schemas.delete(p);
        return undefined;
      }
      const hit = schemas.get(p);
      if (hit && hit.stamp === stamp) return hit.schema;
      let schema: LabelSchema | undefined;
      try {
        const parsed = LabelSchema.safeParse(JSON.parse(readFileSync(p, 'utf8')));
        schema = parsed.success ? parsed.data : undefined;
      } catch {
        schema = undefined;
      }
      schemas.set(p, { stamp, schema });
      return schema;
    },
  };
}

/**
 * An env that answers each question once: one check asks for the same dataset's schema
 * once per task, and a 2,000-line file has hundreds of tasks.
 */
export function memoEnv(env: ProjectEnv): ProjectEnv {
  const kinds = new Map<string, 'file' | 'dir' | undefined>();
  const schemas = new Map<string, LabelSchema | undefined>();
  return {
    configFile: env.configFile,
    kind(p) {
      if (!kinds.has(p)) kinds.set(p, env.kind(p));
      return kinds.get(p);
    },
    labelSchema(p) {
      if (!schemas.has(p)) schemas.set(p, env.labelSchema(p));
      return schemas.get(p);
    },
  };
}

/** Resolves a path written in vstar.yaml (relative to its folder; `~/` is the home folder). */
export function resolveIn(env: ProjectEnv, p: string): string | undefined {
  if (!env.configFile) return undefined;
  if (p === '~' || p.startsWith('~/')) return path.join(os.homedir(), p.slice(1));
  return path.resolve(path.dirname(env.configFile), p);
}

export interface DatasetLabels {
  schema: LabelSchema;
  /** Where the fields come from, for messages: "labels: in vstar.yaml", a schema.json path. */
  sources: string[];
}

/**
 * The label fields a dataset has: the imported schema (`<workdir>/datasets/<name>/schema.json`)
 * or, before import, a `schema.json` beside the annotations (as the sample dataset ships),
 * overridden by the entry's `labels:`. Undefined when nothing declares any field: then the
 * fields are only known after import, and field names cannot be checked yet.
 */
export function datasetLabels(env: ProjectEnv, config: unknown, name: string): DatasetLabels | undefined {
  const root = isRecord(config) ? config : {};
  const entry = isRecord(root.datasets) ? root.datasets[name] : undefined;
  if (!isRecord(entry)) return undefined;
  const schema: LabelSchema = {};
  const sources: string[] = [];
  const workdir = typeof root.workdir === 'string' && root.workdir.trim() !== '' ? root.workdir : 'vstar';
  const imported = resolveIn(env, path.join(workdir, 'datasets', name, SCHEMA_FILE));
  let found = imported ? env.labelSchema(imported) : undefined;
  if (found) sources.push(path.join(workdir, 'datasets', name, SCHEMA_FILE));
  if (!found && typeof entry.annotations === 'string' && entry.annotations !== '') {
    const beside = path.join(path.dirname(entry.annotations), SCHEMA_FILE);
    const abs = resolveIn(env, beside);
    found = abs ? env.labelSchema(abs) : undefined;
    if (found) sources.push(beside);
  }
  if (found) Object.assign(schema, found);
  if (isRecord(entry.labels)) {
    const declared = LabelSchema.safeParse(entry.labels);
    // A half-typed override still names its fields; their types come from where they can.
    if (declared.success) Object.assign(schema, declared.data);
    else for (const k of Object.keys(entry.labels)) schema[k] ??= { type: 'text' };
    sources.push(`datasets.${name}.labels`);
  }
  return sources.length > 0 ? { schema, sources } : undefined;
}
