// Review guidelines from vstar.yaml: inline markdown, a .md file beside it, an unreadable
// file named as such, and only the tasks over the cycle's dataset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reviewGuidelines } from '../../../src/core/review';

test('guidelines inline and from a file, for the tasks over the dataset', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-guide-'));
  try {
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs', 'direction.md'), '# Direction\n\nAccept only if the **conclusion** names the way the shape moves.\n');
    fs.writeFileSync(path.join(dir, 'vstar.yaml'), `version: 1
datasets:
  sample:
    format: jsonl
    annotations: sample/annotations.jsonl
    labels:
      shape: { type: class, values: [circle, square, triangle] }
      direction: { type: class, values: [left, right, up, down] }
      bounces: { type: yes_no }
tasks:
  appearance:
    dataset: sample
    field: shape
    guidelines: |
      Reject an answer whose reasoning describes corners for a circle.
  direction:
    dataset: sample
    field: direction
    guidelines: docs/direction.md
  bounce:
    dataset: sample
    field: bounces
    guidelines: docs/missing.md
`);
    const g = await reviewGuidelines(path.join(dir, 'vstar.yaml'), 'sample');
    assert.deepEqual(g.map((x) => x.task), ['appearance', 'direction', 'bounce']);
    assert.equal(g[0]!.markdown, 'Reject an answer whose reasoning describes corners for a circle.\n');
    assert.match(g[1]!.markdown, /the \*\*conclusion\*\* names/);
    assert.match(g[2]!.markdown, /docs\/missing\.md cannot be read \(ENOENT\)/);
    assert.deepEqual(await reviewGuidelines(path.join(dir, 'vstar.yaml'), 'other'), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
