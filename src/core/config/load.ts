import { readFileSync, promises as fs } from 'node:fs';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { InputProblem } from '../util/errors';
import { explainIssue } from './messages';
import { findReferenceIssues, formatPath, type ConfigIssue } from './references';
import { VstarConfig } from './schema';

/** A problem in vstar.yaml; `range` is the [start, end) character offset of the node, for editors. */
export interface ConfigProblem extends InputProblem {
  range?: [number, number];
}

export interface LoadedConfig {
  /** The config, only when there are no problems at all (so callers can't use a broken one). */
  config?: VstarConfig;
  /** The schema-valid config even when cross-references fail (editors offer names from it). */
  parsed?: VstarConfig;
  /** Problems sorted by line: YAML syntax, schema, then cross-references. */
  problems: ConfigProblem[];
}

type Located = { range?: [number, number] };

function keyOf(k: unknown): string | undefined {
  if (isScalar(k)) return String(k.value);
  return typeof k === 'string' || typeof k === 'number' ? String(k) : undefined;
}

/**
 * The source range for a path: the deepest key that exists on the way (so a missing field
 * points at its parent's key line), or the scalar / list item itself when fully resolved.
 */
function locate(contents: Node | null, path: readonly (string | number)[]): Located {
  let node: unknown = contents;
  let range = contents?.range ? ([contents.range[0], contents.range[1]] as [number, number]) : undefined;
  let resolved = true;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyOf(p.key) === String(key));
      if (!pair) {
        resolved = false;
        break;
      }
      const k = pair.key as Node | null;
      if (k && k.range) range = [k.range[0], k.range[1]];
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) {
        resolved = false;
        break;
      }
      if (item.range) range = [item.range[0], item.range[1]];
      node = item;
    } else {
      resolved = false;
      break;
    }
  }
  if (resolved && isScalar(node) && node.range) range = [node.range[0], node.range[1]];
  return { range };
}

/**
 * Parses and validates the text of a vstar.yaml. Every problem names the file, the 1-based
 * line of the offending node, and the field path; nothing throws for bad input.
 */
export function parseConfigText(text: string, file: string): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;

  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({
      file,
      line: lineOf(e.pos[0]),
      message: `YAML syntax: ${e.message.split('\n')[0]}`,
      range: [e.pos[0], e.pos[1]] as [number, number],
    }));
    return { problems };
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { problems: [{ file, line: 1, message: `YAML: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  if (value === null || value === undefined) {
    return { problems: [{ file, line: 1, message: 'the file is empty; it needs at least `version: 1` (run `vstar init` for a starter)' }] };
  }

  const toProblem = (i: ConfigIssue): ConfigProblem => {
    const { range } = locate(doc.contents as Node | null, i.path);
    const p: ConfigProblem = { file, message: i.message };
    if (range) {
      p.line = lineOf(range[0]);
      p.range = range;
    }
    const field = formatPath(i.path);
    if (field) p.field = field;
    return p;
  };
  const byLine = (a: ConfigProblem, b: ConfigProblem) => (a.line ?? 0) - (b.line ?? 0) || (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0);

  const result = VstarConfig.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue) => explainIssue(issue, value)).map(toProblem);
    return { problems: problems.sort(byLine) };
  }
  const problems = findReferenceIssues(result.data).map(toProblem).sort(byLine);
  return problems.length === 0 ? { config: result.data, parsed: result.data, problems } : { parsed: result.data, problems };
}

function readProblem(file: string, err: unknown): LoadedConfig {
  const code = (err as NodeJS.ErrnoException).code;
  const message =
    code === 'ENOENT' ? 'no such file; run `vstar init` to create a project here' : `cannot read: ${err instanceof Error ? err.message : String(err)}`;
  return { problems: [{ file, message }] };
}

/** Reads and validates a vstar.yaml file. */
export async function loadConfig(file: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    return readProblem(file, err);
  }
  return parseConfigText(text, file);
}

/** Synchronous twin of {@link loadConfig}. */
export function loadConfigSync(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return readProblem(file, err);
  }
  return parseConfigText(text, file);
}
