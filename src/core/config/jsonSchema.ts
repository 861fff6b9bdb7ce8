import { z } from 'zod';
import { VstarConfig } from './schema';

/** Where the generated schema is committed, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'schemas/vstar.schema.json';

/**
 * The JSON Schema of vstar.yaml, for the YAML extension / `yamlValidation` and anyone
 * else. Emitted for the *input* side (fields with defaults are optional) as draft-07,
 * which editors support best. The committed file is checked against this by a test.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(VstarConfig, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://video-star-studio.invalid/schemas/vstar.schema.json',
    title: 'vstar.yaml',
    ...schema,
  };
}

/** The file text exactly as committed (stable key order, trailing newline). */
export function configJsonSchemaText(): string {
  return JSON.stringify(configJsonSchema(), null, 2) + '\n';
}
