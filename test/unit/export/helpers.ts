import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabelSchema } from '../../../src/core/datasets/labels';
import type { SampleRecord } from '../../../src/core/datasets/record';
import { writeDataset } from '../../../src/core/datasets/store';
import { readExportSamples } from '../../../src/core/export/read';
import type { ExportSample } from '../../../src/core/export/types';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'export');
export const GOLDEN = join(FIXTURES, 'golden');

/** The 3-sample fixture: an answer pass, a rationalized pass, a failed verdict accepted in review. */
export async function fixtureSamples(): Promise<ExportSample[]> {
  const { samples, problems } = await readExportSamples(join(FIXTURES, 'samples.jsonl'));
  if (problems.length) throw new Error(`fixture has problems: ${JSON.stringify(problems)}`);
  return samples;
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function sample(over: Partial<ExportSample> = {}): ExportSample {
  return {
    id: 'a1',
    sampleId: 's1',
    video: 'clips/s1.mp4',
    question: 'What activity is shown in the video?',
    answer: 'The person sways to music, so they are dancing.',
    stage: 'answer',
    cycle: 1,
    model: 'm',
    verdict: { pass: true, checks: [] },
    review: null,
    ...over,
  };
}

/** Stores `records` as the imported dataset `name` of `workdir`, clips under `videos`. */
export async function storeDataset(workdir: string, name: string, videos: string, records: SampleRecord[], schema: LabelSchema): Promise<void> {
  await writeDataset(join(workdir, 'datasets'), name, {
    name,
    format: 'jsonl',
    annotations: join(videos, `${name}.jsonl`),
    root: videos,
    allowRoots: [],
    records,
    schema,
    problems: [],
    counts: { read: records.length, imported: records.length, rejected: 0, missingVideos: records.length },
    missingVideoExamples: [],
    notes: [],
  });
}
