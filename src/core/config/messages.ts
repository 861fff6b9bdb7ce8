import type { z } from 'zod';
import type { ConfigIssue } from './references';
import { closest, schemaAt } from './describe';

/**
 * Turns zod's issues into sentences a user understands, pointing at the offending key:
 * "datasets.kinetics.format: expected one of jsonl, csv, …, got "json"".
 */

// Keys that would hold a secret. vstar.yaml is committed and shared; tokens live in an
// environment variable (named by `tokenEnv`) or in the extension's SecretStorage.
const SECRET_KEY = /^(token|api[_-]?key|password|passwd|secret|access[_-]?token|auth[_-]?token)$/i;

export const SECRET_MESSAGE =
  'secrets must not be written in vstar.yaml: set `tokenEnv: NAME` to the name of an environment variable holding the token, ' +
  "or let the VS Code extension keep it in its SecretStorage";

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (name: value lines)',
  array: 'a list',
  literal: 'a fixed value',
};

export function describeValue(v: unknown): string {
  if (v === null) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 37) + '...' : v}"`;
  return String(v);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let cur: unknown = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !(k in (cur as object))) return { found: false, value: undefined };
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return { found: true, value: cur };
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map(String);
  return shown.length === 1 ? `expected ${shown[0]}` : `expected one of ${shown.join(', ')}`;
}

function bound(issue: { origin?: string; inclusive?: boolean }, limit: unknown, small: boolean): string {
  const n = Number(limit);
  switch (issue.origin) {
    case 'array':
    case 'set':
      return small ? `needs at least ${n} item${n === 1 ? '' : 's'}` : `allows at most ${n} item${n === 1 ? '' : 's'}`;
    case 'string':
      return small ? (n <= 1 ? 'must not be empty' : `must be at least ${n} characters`) : `must be at most ${n} characters`;
    default:
      if (small) return issue.inclusive ? `must be at least ${n}` : `must be greater than ${n}`;
      return issue.inclusive ? `must be at most ${n}` : `must be less than ${n}`;
  }
}

/** The user-facing issues for one zod issue (one per unknown key). */
export function explainIssue(issue: z.core.$ZodIssue, root: unknown): ConfigIssue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const at = valueAt(root, path);
  const got = at.found ? `, got ${describeValue(at.value)}` : '';
  switch (issue.code) {
    case 'invalid_type':
      if (!at.found || at.value === undefined) return [{ path, message: 'required field is missing' }];
      return [{ path, message: `expected ${EXPECTED[issue.expected] ?? issue.expected}${got}` }];
    case 'invalid_value':
      if (!at.found) return [{ path, message: `required field is missing (${oneOf(issue.values)})` }];
      return [{ path, message: `${oneOf(issue.values)}${got}` }];
    case 'invalid_union': {
      const note = (issue as { note?: string }).note;
      const options = (issue as { options?: unknown[] }).options;
      if (note === 'No matching discriminator' && options) {
        const parent = valueAt(root, path.slice(0, -1));
        if (parent.found && (parent.value === null || typeof parent.value !== 'object' || Array.isArray(parent.value))) {
          return [{ path: path.slice(0, -1), message: `expected a mapping with \`type: ${options.join(' | ')}\`${parent.found ? `, got ${describeValue(parent.value)}` : ''}` }];
        }
        if (!at.found) return [{ path: path.slice(0, -1), message: `missing \`type\`: ${oneOf(options)}` }];
        return [{ path, message: `${oneOf(options)}${got}` }];
      }
      return [{ path, message: `does not match any allowed form${got}` }];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        if (isSecretKey(key)) return { path: [...path, key], message: SECRET_MESSAGE };
        const known = schemaAt(path, root)?.keys ?? [];
        const guess = closest(key, known);
        const hint = guess ? ` (did you mean "${guess}"?)` : known.length ? ` (allowed: ${known.join(', ')})` : '';
        return { path: [...path, key], message: `unknown field "${key}"${hint}` };
      });
    case 'invalid_key': {
      const inner = issue.issues[0];
      return [{ path, message: `invalid name "${String(path[path.length - 1])}": ${inner?.message ?? issue.message}` }];
    }
    case 'too_small':
      return [{ path, message: `${bound(issue, issue.minimum, true)}${got}` }];
    case 'too_big':
      return [{ path, message: `${bound(issue, issue.maximum, false)}${got}` }];
    case 'invalid_format':
      if (issue.format === 'url') return [{ path, message: `expected a URL like http://host:8000/v1${got}` }];
      return [{ path, message: `${issue.message}${got}` }];
    case 'not_multiple_of':
      return [{ path, message: `must be a multiple of ${String(issue.divisor)}${got}` }];
    default:
      return [{ path, message: issue.message }];
  }
}
