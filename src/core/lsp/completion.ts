import { z } from 'zod';
import { schemaAt, unionTags } from '../config/describe';
import { referenceTarget } from './references';
import type { ProjectEnv } from './project';
import { taskContext } from './checks';
import { cursorContext, type CursorContext } from './context';
import { taskPlaceholders } from './templates';
import { CompletionKind, type LspCompletion } from './types';
import { isRecord, parseConfigDoc, valueAt, type ConfigDoc, type PathKey } from './yamlDoc';

/**
 * Completion in vstar.yaml: keys from the schema (with their docs), enum values (label,
 * verifier, backend and target types, formats, splits), names defined elsewhere in the
 * file (datasets, backends, targets), a dataset's label fields, and `{placeholders}`
 * inside question templates.
 */

/**
 * The document's value even while the line being typed breaks the YAML: parsed again
 * without that line, which is what the rest of the file says.
 */
function valueWithoutLine(cd: ConfigDoc, offset: number): unknown {
  if (cd.syntaxErrors.length === 0) return cd.value;
  const line = cd.lines.lineOf(offset);
  const start = cd.lines.lineStarts[line] ?? 0;
  const end = cd.lines.lineEnd(line);
  return parseConfigDoc(cd.text.slice(0, start) + ' '.repeat(end - start) + cd.text.slice(end)).value;
}

function wordEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && /[\w.-]/.test(text[end] ?? '')) end++;
  return end;
}

function keyItems(ctx: CursorContext, value: unknown): LspCompletion[] {
  const info = schemaAt(ctx.path, value);
  if (!info) return [];
  const present = valueAt(value, ctx.path);
  const existing = new Set(isRecord(present) ? Object.keys(present) : []);
  const keys = info.keys.length > 0 ? info.keys : info.schema instanceof z.ZodDiscriminatedUnion ? [info.schema.def.discriminator] : [];
  return keys
    .filter((k) => !existing.has(k) || k === ctx.prefix)
    .map((k, i) => {
      const child = schemaAt([...ctx.path, k], value);
      return {
        label: k,
        kind: CompletionKind.property,
        insertText: `${k}: `,
        ...(child?.description && { documentation: child.description }),
        // `type` first: it decides which other keys exist.
        sortText: `${k === 'type' ? '0' : '1'}${String(i).padStart(3, '0')}`,
      };
    });
}

function enumValues(path: PathKey[], value: unknown): { values: string[]; doc?: string } | undefined {
  const last = path[path.length - 1];
  if (last === 'type') {
    // The union itself (not the branch the current `type` picked) lists every tag.
    const parent = schemaAt(path.slice(0, -1), undefined);
    if (parent?.schema instanceof z.ZodDiscriminatedUnion) return { values: unionTags(parent.schema), doc: parent.description };
  }
  const info = schemaAt(path, value);
  if (!info) return undefined;
  if (info.values) return { values: info.values, doc: info.description };
  if (info.schema instanceof z.ZodBoolean) return { values: ['true', 'false'], doc: info.description };
  return undefined;
}

function valueItems(ctx: CursorContext, value: unknown, env: ProjectEnv): LspCompletion[] {
  const ref = referenceTarget(ctx.path, value, env);
  if (ref) {
    return ref.names.map((n) => ({ label: n.name, kind: ref.kind, ...(n.detail && { detail: n.detail }), ...(n.doc && { documentation: n.doc }) }));
  }
  const e = enumValues(ctx.path, value);
  if (!e) return [];
  return e.values.map((v) => ({ label: v, kind: CompletionKind.enumMember, ...(e.doc && { documentation: e.doc }) }));
}

function placeholderItems(ctx: CursorContext, value: unknown, env: ProjectEnv, cd: ConfigDoc, offset: number): LspCompletion[] {
  if (ctx.path[0] !== 'tasks' || typeof ctx.path[1] !== 'string') return [];
  const task = taskContext(value, env, ctx.path[1]);
  const closed = cd.text[wordEnd(cd.text, offset)] === '}';
  return taskPlaceholders(task).map((d) => ({
    label: d.name,
    kind: CompletionKind.variable,
    documentation: d.doc,
    insertText: closed ? d.name : `${d.name}}`,
    sortText: d.name.startsWith('label.') ? `0${d.name}` : `1${d.name}`,
  }));
}

export function completions(cd: ConfigDoc, offset: number, env: ProjectEnv): LspCompletion[] {
  const ctx = cursorContext(cd.text, offset);
  if (!ctx) return [];
  const value = valueWithoutLine(cd, offset);
  let items: LspCompletion[];
  if (ctx.kind === 'key') items = keyItems(ctx, value);
  else if (ctx.kind === 'value') items = valueItems(ctx, value, env);
  else items = placeholderItems(ctx, value, env, cd, offset);
  // Values and placeholders replace the whole word under the cursor, not just its start.
  const end = ctx.kind === 'key' ? offset : wordEnd(cd.text, offset);
  const range = cd.lines.range(ctx.start, end);
  return items.map((i) => ({ ...i, range }));
}
