// A task's review guidelines (`tasks.<t>.guidelines` in vstar.yaml): markdown written
// inline, or the path of a .md file next to vstar.yaml. The review shows those of the
// tasks over the cycle's dataset.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { loadConfig } from '../config/load';

export interface TaskGuidelines {
  task: string;
  markdown: string;
}

/** A value that names a markdown file rather than being the markdown itself. */
const looksLikePath = (v: string): boolean => /^[^\n]+\.(md|markdown)$/i.test(v.trim());

/**
 * The guidelines of the tasks of `projectFile` (vstar.yaml) that ask about `dataset`.
 * A file that cannot be read is shown as a line saying so, not dropped silently.
 */
export async function reviewGuidelines(projectFile: string, dataset: string): Promise<TaskGuidelines[]> {
  const loaded = await loadConfig(projectFile);
  const cfg = loaded.config ?? loaded.parsed;
  if (!cfg) return [];
  const out: TaskGuidelines[] = [];
  for (const [task, t] of Object.entries(cfg.tasks)) {
    if (t.dataset !== dataset || !t.guidelines) continue;
    const g = t.guidelines;
    if (!looksLikePath(g)) {
      out.push({ task, markdown: g });
      continue;
    }
    const file = isAbsolute(g.trim()) ? g.trim() : resolve(dirname(projectFile), g.trim());
    try {
      out.push({ task, markdown: await readFile(file, 'utf8') });
    } catch (err) {
      out.push({ task, markdown: `*The guidelines file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).*` });
    }
  }
  return out;
}
