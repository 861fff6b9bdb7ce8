import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Target as ConfigTarget } from '../config/compute';
import { loadConfig } from '../config/load';
import { projectWorkdir, resolveProjectPath } from '../config/paths';
import type { VstarConfig } from '../config/schema';
import { readDataset, type StoredDataset } from '../datasets/store';
import { planItems, sampleInfo, type PlannedItem } from '../generate/plan';
import { targetFromConfig, type ResolvedTarget } from '../jobs/from-config';
import { UsageError } from '../util/errors';

/**
 * Everything the loop needs from a project, read once per run: the config, the dataset it
 * trains on, the questions (train questions worded per cycle, held-out ones fixed), and
 * where the model and the workers' Python are on each target.
 */

/** The implicit target when vstar.yaml names none: jobs run on this machine. */
export const LOCAL_TARGET = 'local';

export interface LoopProject {
  configFile: string;
  config: VstarConfig;
  workdir: string;
  datasetName: string;
  dataset: StoredDataset;
  family: string;
  /** Held-out questions (the same wording every cycle: the seed is fixed). */
  heldOut: PlannedItem[];
  /** sampleId → label type (and class), over every split, for the yield. */
  info: Map<string, { labelType: string; className?: string }>;
  trainItems(cycle: number): PlannedItem[];
  /** The target a stage's jobs run on, with its resource defaults. */
  target(name: string): ResolvedTarget;
  /** The base model's folder on a target. */
  modelPathOn(target: string): string;
  /** Python with the workers installed, on a target. */
  pythonOn(target: string): string;
  /** The name the model goes by in lineage and attempt records. */
  modelLabel: string;
}

export async function openLoopProject(configFile: string): Promise<LoopProject> {
  const loaded = await loadConfig(configFile);
  if (!loaded.config) {
    const first = loaded.problems[0];
    throw new UsageError(`${configFile} has problems${first ? `, first: ${first.line ? `line ${first.line}: ` : ''}${first.field ? `${first.field}: ` : ''}${first.message}` : ''}`);
  }
  const config = loaded.config;
  if (!config.model) {
    throw new UsageError(`${configFile}: no \`model\` section — the loop needs to know which model it trains (model.family and model.path or model.name)`);
  }
  if (!config.generate) {
    throw new UsageError(`${configFile}: no \`generate\` section — say how answers are generated: generate.backend (a server) or generate.target (GPU jobs)`);
  }
  const workdir = projectWorkdir(configFile, config);
  const datasetName = loopDataset(config, configFile);
  const dir = join(workdir, 'datasets', datasetName);
  if (!existsSync(join(dir, 'records.jsonl'))) {
    throw new UsageError(`dataset "${datasetName}" is not imported yet: run \`vstar dataset import ${datasetName}\` first`);
  }
  const dataset = await readDataset(dir);
  const model = config.model;
  const targets = config.targets;
  const target = (name: string): ResolvedTarget => {
    if (!(name in targets) && name === LOCAL_TARGET) return { target: { kind: 'local' }, defaults: {} };
    return targetFromConfig(targets, name);
  };
  const isLocal = (name: string): boolean => (targets[name]?.type ?? (name === LOCAL_TARGET ? 'local' : undefined)) === 'local';
  const limit = config.cycles?.limit;
  const heldOut = planItems({ dataset, datasetName, config, splits: config.evaluate?.splits ?? ['val', 'test'], seed: 0, ...(config.evaluate?.limit ? { limit: config.evaluate.limit } : {}) }).items;
  return {
    configFile,
    config,
    workdir,
    datasetName,
    dataset,
    family: model.family,
    heldOut,
    info: sampleInfo({ dataset, datasetName, config }),
    trainItems: (cycle) => planItems({ dataset, datasetName, config, splits: ['train'], seed: cycle, ...(limit ? { limit } : {}) }).items,
    target,
    modelPathOn(name) {
      const p = model.path;
      const path = typeof p === 'string' ? p : p?.[name];
      if (path === undefined) {
        throw new UsageError(
          p === undefined ? 'model.path is not set: jobs need the model\'s folder on the target' : `model.path has no entry for target "${name}" (has: ${Object.keys(p).join(', ')})`,
        );
      }
      return isLocal(name) ? resolveProjectPath(configFile, path) : path;
    },
    pythonOn(name) {
      const t: ConfigTarget | undefined = targets[name];
      const py = t?.python;
      if (py === undefined) return isLocal(name) ? (process.env.VSTAR_PYTHON ?? 'python3') : 'python3';
      return isLocal(name) && (py.includes('/') && !isAbsolute(py)) ? resolveProjectPath(configFile, py) : py;
    },
    modelLabel: model.name ?? (typeof model.path === 'string' ? model.path : model.family),
  };
}

function loopDataset(config: VstarConfig, configFile: string): string {
  if (config.cycles?.dataset) return config.cycles.dataset;
  const asked = [...new Set(Object.values(config.tasks).map((t) => t.dataset))];
  if (asked.length === 1) return asked[0]!;
  throw new UsageError(
    asked.length === 0
      ? `${configFile}: no task asks about a dataset (add one under \`tasks\`)`
      : `${configFile}: tasks ask about several datasets (${asked.join(', ')}); say which one the loop trains on with cycles.dataset`,
  );
}
