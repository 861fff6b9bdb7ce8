import { z } from 'zod';
import { VstarConfig } from './schema';

/**
 * Walks the config schema along a path, the way the language server walks the YAML under
 * the cursor: hover text, completion keys and "did you mean" suggestions all come from
 * here. `value` is the parsed document, used to pick the branch of a `type:` union.
 */

export interface SchemaInfo {
  /** The `.describe()` text nearest the node (wrapper first, then the inner schema). */
  description?: string;
  /** Keys an object at this path may have (empty for non-objects and free-form maps). */
  keys: string[];
  /** Allowed values when the node is an enum or literal. */
  values?: string[];
  schema: z.ZodType;
}

function unwrap(s: z.ZodType): { schema: z.ZodType; description?: string } {
  let description = s.description;
  let cur = s;
  for (;;) {
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault || cur instanceof z.ZodNullable) {
      cur = cur.def.innerType as z.ZodType;
    } else if (cur instanceof z.ZodPipe) {
      cur = cur.def.in as z.ZodType;
    } else break;
    description ??= cur.description;
  }
  return { schema: cur, description: description ?? cur.description };
}

function pickBranch(union: z.ZodDiscriminatedUnion, value: unknown): z.ZodType | undefined {
  const disc = union.def.discriminator;
  const tag = value && typeof value === 'object' ? (value as Record<string, unknown>)[disc] : undefined;
  for (const opt of union.options as z.ZodType[]) {
    const inner = unwrap(opt).schema;
    if (inner instanceof z.ZodObject) {
      const lit = unwrap(inner.shape[disc] as z.ZodType).schema;
      if (lit instanceof z.ZodLiteral && lit.values.has(tag as never)) return opt;
    }
  }
  return undefined;
}

function valueAt(value: unknown, key: string | number): unknown {
  if (value && typeof value === 'object') return (value as Record<string | number, unknown>)[key];
  return undefined;
}

function info(s: z.ZodType, description?: string): SchemaInfo {
  const res: SchemaInfo = { schema: s, keys: [], description };
  if (s instanceof z.ZodObject) res.keys = Object.keys(s.shape);
  if (s instanceof z.ZodEnum) res.values = s.options.map(String);
  if (s instanceof z.ZodLiteral) res.values = [...s.values].map(String);
  return res;
}

/**
 * The schema node at `path` in a config whose parsed value is `root`, or undefined when
 * the path leaves the schema (an unknown key). Discriminated unions are resolved by the
 * value's `type`; without one, only the union's own description and `type` are known.
 */
export function schemaAt(path: readonly (string | number)[], root: unknown, schema: z.ZodType = VstarConfig): SchemaInfo | undefined {
  let { schema: cur, description } = unwrap(schema);
  let value = root;
  for (const key of path) {
    if (cur instanceof z.ZodDiscriminatedUnion) {
      const branch = pickBranch(cur, value);
      if (!branch) return key === cur.def.discriminator ? { schema: cur, keys: [], description: `One of: ${unionTags(cur).join(', ')}.` } : undefined;
      cur = unwrap(branch).schema;
    }
    let next: z.ZodType | undefined;
    if (cur instanceof z.ZodObject) next = cur.shape[String(key)] as z.ZodType | undefined;
    else if (cur instanceof z.ZodRecord) next = cur.def.valueType as z.ZodType;
    else if (cur instanceof z.ZodArray) next = cur.def.element as z.ZodType;
    if (!next) return undefined;
    ({ schema: cur, description } = unwrap(next));
    value = valueAt(value, key);
  }
  if (cur instanceof z.ZodDiscriminatedUnion) {
    const branch = pickBranch(cur, value);
    if (branch) {
      const b = unwrap(branch);
      return info(b.schema, description ?? b.description);
    }
    return { ...info(cur, description), keys: [cur.def.discriminator], values: undefined };
  }
  return info(cur, description);
}

/** The tags of a discriminated union (`local`, `openai`, ...). */
export function unionTags(u: z.ZodDiscriminatedUnion): string[] {
  const tags: string[] = [];
  for (const opt of u.options as z.ZodType[]) {
    const inner = unwrap(opt).schema;
    if (inner instanceof z.ZodObject) {
      const lit = unwrap(inner.shape[u.def.discriminator] as z.ZodType).schema;
      if (lit instanceof z.ZodLiteral) tags.push(...[...lit.values].map(String));
    }
  }
  return tags;
}

/** The closest of `candidates` to `word` within a small edit distance, for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
