// `vstar review report` and `vstar review audit`, the real CLI bundled from source (as
// scripts/build.mjs does) over a cycle written with the store API: --json gives the same
// figures as the session's report, the text names the precision and the what-ifs, and an
// audit drawn from the CLI is the one the report then counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ReviewSession } from '../../../src/core/review';
import { cliHarness } from '../datasets/helpers';
import { shapesSpeedCycle } from './shapes-speed';

const cli = cliHarness();
const vstar = (...args: string[]) => {
  const r = cli.vstar(cli.work(), ...args);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
};

test('vstar review report: text and --json from the decisions; vstar review audit draws the audit the report counts', async () => {
  const { dir, workdir } = await shapesSpeedCycle();
  try {
    const s = await ReviewSession.open(workdir, 1);
    const ids = (await s.page(0, 20)).items.map((a) => a.id);
    await s.decide([ids[0]!, ids[2]!, ids[4]!, ids[5]!, ids[12]!, ...ids.slice(6, 12)], 'accept');
    await s.decide([ids[3]!, ids[1]!], 'reject');
    const expected = await s.report();
    await s.close();

    const j = vstar('--json', 'review', 'report', '--cycle', '1', '--workdir', workdir);
    assert.equal(j.status, 0, j.stderr);
    const got = JSON.parse(j.stdout) as typeof expected;
    assert.deepEqual(got, JSON.parse(JSON.stringify(expected)));
    assert.deepEqual(Object.keys(got.byLabelType), ['class', 'number']);
    assert.deepEqual([got.byLabelType.class!.reviewed, got.byLabelType.class!.keptPrecision!.x, got.byLabelType.class!.keptPrecision!.n], [7, 5, 6]);

    const t = vstar('review', 'report', '--cycle', '1', '--workdir', workdir);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /class\s+7\s+83\.3% \(5\/6, 95% CI 43\.6%–97\.0%\)/);
    // The one accepted miss (60 for 45 px/s) is off by a third: no relTol up to 0.3 keeps it.
    assert.match(t.stdout, /Thresholds for speed \(number, relTol now 0\.1\):\n {2}no other relTol in 0\.05–0\.3 changes what is kept/);
    assert.match(t.stdout, /c1\/answer\/0\/clip-0003#appearance\.shape {2}shape: kept, reviewer rejected; label circle, answer circle/);

    const a = vstar('--json', 'review', 'audit', '--cycle', '1', '--workdir', workdir, '--kept', '4', '--rejected', '1', '--seed', '3');
    assert.equal(a.status, 0, a.stderr);
    assert.deepEqual(JSON.parse(a.stdout), { cycle: 1, total: 5, kept: 4, rejected: 1 });
    const after = JSON.parse(vstar('--json', 'review', 'report', '--cycle', '1', '--workdir', workdir).stdout) as typeof expected;
    assert.equal(after.audit!.total, 5);
    const bad = vstar('review', 'audit', '--cycle', '1', '--workdir', workdir, '--kept', 'many');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--kept must be a whole number/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
