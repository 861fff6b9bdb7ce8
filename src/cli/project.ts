import { resolve } from 'node:path';
import { loadConfig } from '../core/config/load';
import { findConfigFile, projectWorkdir } from '../core/config/paths';
import type { VstarConfig } from '../core/config/schema';
import { UsageError } from '../core/util/errors';
import type { Output } from './output';

export interface Project {
  workdir: string;
  /** Present when a vstar.yaml was found and parses. */
  config?: VstarConfig;
}

/**
 * The project a command works in: `--workdir`, else the `workdir` of the nearest
 * vstar.yaml (walking up from the current folder, like git). A vstar.yaml that does not
 * parse is reported (through `out`) unless `--workdir` makes it unnecessary.
 */
export async function cliProject(opts: { workdir?: string }, out?: Output): Promise<Project> {
  const file = findConfigFile();
  const loaded = file ? await loadConfig(file) : undefined;
  const config = loaded?.parsed;
  if (opts.workdir) return { workdir: resolve(opts.workdir), config };
  if (file && !config) {
    for (const p of loaded?.problems ?? []) out?.problem(p);
    throw new UsageError(`${file} has problems; fix them or pass --workdir`);
  }
  if (!file || !config) throw new UsageError('no vstar.yaml here or in a parent folder; run `vstar init` or pass --workdir <dir>');
  return { workdir: projectWorkdir(file, config), config };
}
