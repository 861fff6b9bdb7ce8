// Runs node's test runner over every *.test.ts under the given folders (TypeScript via tsx).
// Node 20's --test takes no globs, so the files are listed here. With VSTAR_TAP set, a TAP
// copy of the results goes to that file too (scripts/test.sh reads its totals).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(find(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const dirs = process.argv.slice(2);
const files = dirs.flatMap((d) => find(d)).sort();
if (files.length === 0) {
  console.error(`no test files under ${dirs.join(', ')}`);
  process.exit(1);
}
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
if (process.env.VSTAR_TAP) reporters.push('--test-reporter=tap', `--test-reporter-destination=${process.env.VSTAR_TAP}`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...reporters, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
