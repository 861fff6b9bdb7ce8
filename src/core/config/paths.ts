import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The project file's name; a project is a folder holding one. */
export const CONFIG_FILE = 'vstar.yaml';

/**
 * Resolves a path written in vstar.yaml. Relative paths are relative to the folder of the
 * config file (not the process's cwd), so `vstar` works the same from any subfolder.
 */
export function resolveProjectPath(configFile: string, p: string): string {
  return isAbsolute(p) ? p : resolve(dirname(resolve(configFile)), p);
}

/** The workdir (imported datasets, cycles) of a project, absolute. */
export function projectWorkdir(configFile: string, config: { workdir: string }): string {
  return resolveProjectPath(configFile, config.workdir);
}

/**
 * Finds the project file by walking up from `start` (like git finds `.git`), or returns
 * undefined when no folder up to the root has a vstar.yaml.
 */
export function findConfigFile(start: string = process.cwd()): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
