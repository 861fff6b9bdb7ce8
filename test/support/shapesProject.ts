import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCycle } from '../../src/core/cycles';

/**
 * The vstar.yaml that CLI tests share: the synthetic sample's shapes asked about by one task
 * and answered by an OpenAI-compatible server (the chat server test double at `url`).
 * `root` is the sample folder (relative to the project, or absolute); `backend` and `tail`
 * add YAML lines under the backend and at the end of the file.
 */
export function shapesProjectYaml(o: { root: string; url: string; backend?: readonly string[]; tail?: string }): string {
  return `version: 1
datasets:
  sample:
    format: jsonl
    annotations: ${o.root}/annotations.jsonl
    root: ${o.root}
    labels:
      shape: { type: class, values: [circle, square, triangle] }
tasks:
  appearance:
    dataset: sample
    field: shape
backends:
  tiny:
    type: openai
    url: ${o.url}
    model: tiny-vlm
    frames: 2
${(o.backend ?? []).map((l) => `    ${l}\n`).join('')}${o.tail ?? ''}`;
}

/**
 * A project at `workspace` with a 3-record shapes dataset (c1 circle, c2 square, c3 circle,
 * all on clip c1.mp4) and cycle 1 (model tiny-vlm): one answer per record, each concluding
 * "circle" with its span, so c1 and c3 pass and c2 fails ("another class named"). Written
 * with the store API, as `vstar dataset import` and `vstar generate` would.
 */
export async function threeShapesCycle(workspace: string): Promise<void> {
  const workdir = path.join(workspace, 'vstar');
  const ds = path.join(workdir, 'datasets', 'shapes');
  fs.mkdirSync(ds, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'vstar.yaml'), 'datasets:\n  shapes:\n    format: jsonl\n    annotations: shapes.jsonl\n');
  const labels = ['circle', 'square', 'circle'];
  fs.writeFileSync(path.join(ds, 'records.jsonl'), labels.map((l, i) => JSON.stringify({ id: `c${i + 1}`, video: 'c1.mp4', split: 'train', labels: { shape: l } })).join('\n') + '\n');
  fs.writeFileSync(path.join(ds, 'schema.json'), JSON.stringify({ shape: { type: 'class', values: ['circle', 'square'] } }));
  const store = await createCycle(workdir, { model: 'tiny-vlm', dataset: 'shapes' });
  const out = 'The outline has no corners and keeps its width. So the answer is circle.';
  const attempts = await store.appendAttempts(labels.map((_, i) => ({
    sampleId: `c${i + 1}`, stage: 'answer' as const, try: 0, backend: 'openai-compatible', prompt: 'Question: Which shape is shown?',
    question: 'Which shape is shown?', output: out, timing: { startedAt: '2025-01-01T00:00:00.000Z', ms: 10 },
  })));
  const at = out.lastIndexOf('circle');
  await store.appendVerdicts(attempts.map((a, i) => ({ attemptId: a.id, pass: i !== 1, verifier: 'label-match@1', checks: [{
    field: 'shape', pass: i !== 1, kind: 'class', expected: labels[i], extracted: 'circle', span: [at, at + 6] as [number, number],
    score: i !== 1 ? 1 : 0, threshold: 1, note: i !== 1 ? 'label named' : 'another class named' }] })));
  await store.close();
}
