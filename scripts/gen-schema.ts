// Writes schemas/vstar.schema.json from the zod schema of vstar.yaml (src/core/config).
// Run: node --import tsx scripts/gen-schema.ts   (add --check to fail when it is stale)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../src/core/util/atomic';
import { JSON_SCHEMA_PATH, configJsonSchemaText } from '../src/core/config/jsonSchema';

const target = join(__dirname, '..', JSON_SCHEMA_PATH);
const text = configJsonSchemaText();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error(`${JSON_SCHEMA_PATH} is stale: run node --import tsx scripts/gen-schema.ts`);
    process.exit(1);
  }
  console.log(`${JSON_SCHEMA_PATH} is up to date`);
} else {
  writeFileAtomicSync(target, text);
  console.log(`wrote ${JSON_SCHEMA_PATH}`);
}
