import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { JSON_SCHEMA_PATH, configJsonSchema, configJsonSchemaText } from '../../../src/core/config/jsonSchema';
import { schemaAt } from '../../../src/core/config/describe';
import { VstarConfig } from '../../../src/core/config/schema';

const root = join(__dirname, '..', '..', '..');

test('the committed JSON Schema equals a fresh emission (run scripts/gen-schema.ts to update)', () => {
  const committed = readFileSync(join(root, JSON_SCHEMA_PATH), 'utf8');
  assert.equal(committed, configJsonSchemaText(), `${JSON_SCHEMA_PATH} is stale: node --import tsx scripts/gen-schema.ts`);
});

test('the JSON Schema is draft-07, strict, and input-side (defaulted fields optional)', () => {
  const s = configJsonSchema() as { $schema: string; required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
  assert.equal(s.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.deepEqual(s.required, ['version']);
  assert.equal(s.additionalProperties, false);
  assert.deepEqual(Object.keys(s.properties).sort(), ['backends', 'cycles', 'datasets', 'evaluate', 'finetune', 'generate', 'model', 'targets', 'tasks', 'version', 'workdir']);
});

/** Every object property in the config schema, as dotted paths, with whether it has a description. */
function undocumented(schema: z.ZodType, path: string, out: string[], seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.def.innerType as z.ZodType;
  if (s instanceof z.ZodObject) {
    for (const [k, v] of Object.entries(s.shape as Record<string, z.ZodType>)) {
      if (!v.description && !(v as { def: { innerType?: z.ZodType } }).def.innerType?.description) out.push(`${path}.${k}`);
      undocumented(v, `${path}.${k}`, out, seen);
    }
  } else if (s instanceof z.ZodRecord) undocumented(s.def.valueType as z.ZodType, `${path}.*`, out, seen);
  else if (s instanceof z.ZodDiscriminatedUnion) for (const o of s.options as z.ZodType[]) undocumented(o, path, out, seen);
  return out;
}

test('every config field has a description (hover docs come from it)', () => {
  // Label field schemas (datasets.*.labels) are owned by the datasets module.
  const missing = undocumented(VstarConfig, 'vstar', []).filter((p) => !p.includes('.labels.*'));
  assert.deepEqual(missing, []);
});

test('schemaAt walks records and picks union branches by type', () => {
  const doc = { backends: { b: { type: 'openai' } }, targets: { t: {} } };
  assert.match(schemaAt(['backends', 'b', 'url'], doc)?.description ?? '', /Base URL/);
  assert.ok(schemaAt(['backends', 'b'], doc)?.keys.includes('tokenEnv'));
  assert.deepEqual(schemaAt(['datasets', 'x', 'format'], doc)?.values, ['jsonl', 'csv', 'kinetics', 'finediving', 'star', 'ssv2', 'charades', 'activitynet-captions']);
  assert.deepEqual(schemaAt(['targets', 't'], doc)?.keys, ['type']);
  assert.equal(schemaAt(['datasets', 'x', 'nope'], doc), undefined);
});
