import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectDataset, detectionYaml } from '../../../src/core/datasets/detect';
import { FIXTURES, fixture, tempDir } from './helpers';

const rel = (p: string): string => path.relative(FIXTURES, p).split(path.sep).join('/');

test('detect: each public layout, from its folder, gives its format and the folder its clips are in', async () => {
  const cases: [string, string, string, string][] = [
    ['finediving', 'finediving', 'finediving/Annotations/FineDiving_fine-grained_annotation.pkl', 'finediving/FINADiving_MTL_256s'],
    ['charades', 'charades', 'charades/Charades_v1_train.csv', 'charades/Charades_v1_480'],
    ['activitynet', 'activitynet-captions', 'activitynet/val_1.json', 'activitynet/videos'],
    ['star', 'star', 'star/STAR_val.json', 'star/Charades_v1_480'],
    ['ssv2', 'ssv2', 'ssv2/something-something-v2-validation.json', 'ssv2/20bn-something-something-v2'],
    ['kinetics', 'kinetics', 'kinetics/validate.csv', 'kinetics/videos'],
    ['jsonl/annotations.jsonl', 'jsonl', 'jsonl/annotations.jsonl', 'jsonl'],
  ];
  for (const [target, format, annotations, root] of cases) {
    const d = await detectDataset(fixture(target));
    assert.ok(d, target);
    assert.deepEqual([d.format, rel(d.annotations), rel(d.root)], [format, annotations, root], target);
    assert.ok(d.clipsFound > 0 && d.clipsFound <= d.clipsTried, target);
  }
  assert.equal(await detectDataset(fixture('finediving', 'Annotations', 'train_split.pkl')), undefined); // a pickle, but not the annotations
});

test('detect: a Kinetics download sorted into label folders gets that clip pattern; the proposal as vstar.yaml', async () => {
  const t = tempDir();
  try {
    fs.copyFileSync(fixture('kinetics', 'validate.csv'), path.join(t.dir, 'validate.csv'));
    for (const f of fs.readdirSync(fixture('kinetics', 'videos'))) {
      const label = fs.readFileSync(fixture('kinetics', 'validate.csv'), 'utf8').split('\n').find((l) => l.includes(f.slice(0, 11)))?.split(',')[0];
      if (!label) continue;
      fs.mkdirSync(path.join(t.dir, 'clips', label), { recursive: true });
      fs.writeFileSync(path.join(t.dir, 'clips', label, f), '');
    }
    const d = await detectDataset(t.dir);
    assert.equal(d?.clipPattern, '{label}/{youtube_id}_{time_start:06}_{time_end:06}.mp4');
    assert.equal(path.basename(d!.root), 'clips');
    const yaml = detectionYaml(d!, 'k700', t.dir);
    assert.match(yaml, /^datasets:\n {2}k700:\n {4}format: kinetics\n {4}annotations: "validate.csv"\n {4}root: "clips"\n {4}clipPattern: "\{label\}\//);
    assert.match(yaml, /tasks:\n {2}k700-action:\n {4}dataset: k700\n {4}field: action\n/);
  } finally {
    t.cleanup();
  }
});
