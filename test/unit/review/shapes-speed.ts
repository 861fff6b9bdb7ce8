// A cycle in the demo's vocabulary for the review tests, written with the store API: six
// clips asked two questions each (shape as a class, speed in px/s as a number), clip-0001's
// shape answered wrong and rationalized with its hint, clip-0002's speed off by a third.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCycle } from '../../../src/core/cycles';
import { answerPrompt, rationalizationPrompt } from '../../../src/core/prompts/prompts';

export const SHAPES = ['circle', 'square', 'triangle', 'circle', 'square', 'circle'];
export const SPEEDS = [120, 80, 45, 200, 60, 150];
export const Q_SHAPE = 'What shape moves across the frame in this video?';
export const Q_SPEED = 'How fast does the shape move, in pixels per second?';

export async function shapesSpeedCycle(): Promise<{ dir: string; workdir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-rows-'));
  const workdir = path.join(dir, 'vstar');
  const store = await createCycle(workdir, { model: 'tiny-vlm', dataset: 'sample' });
  const t = { startedAt: '2026-01-01T00:00:00.000Z', ms: 40 };
  const shapeAnswers = SHAPES.map((s, i) => {
    const said = i === 1 ? 'triangle' : s; // clip-0001 (a square) answered triangle
    return `The object has ${said === 'circle' ? 'no corners' : 'straight edges'} and moves steadily to the right.\nSo the answer is ${said}.`;
  });
  const speedAnswers = SPEEDS.map((v, i) => `It crosses 480 pixels in ${(480 / (i === 2 ? 60 : v)).toFixed(1)} seconds, so its speed is about ${i === 2 ? 60 : v} px/s.`);
  const direct = await store.appendAttempts([
    ...SHAPES.map((_, i) => ({ sampleId: `clip-000${i}#appearance.shape`, stage: 'answer' as const, try: 0, backend: 'onnx', prompt: answerPrompt(Q_SHAPE), question: Q_SHAPE, output: shapeAnswers[i]!, timing: t })),
    ...SPEEDS.map((_, i) => ({ sampleId: `clip-000${i}#motion.speed`, stage: 'answer' as const, try: 0, backend: 'onnx', prompt: answerPrompt(Q_SPEED), question: Q_SPEED, output: speedAnswers[i]!, timing: t })),
  ]);
  const ratOut = 'The edges are straight and there are four equal corners. So the answer is square.';
  const [rat] = await store.appendAttempts([{ sampleId: 'clip-0001#appearance.shape', stage: 'rationalize', try: 0, backend: 'onnx', prompt: rationalizationPrompt(Q_SHAPE, 'square'), question: Q_SHAPE, output: ratOut, timing: t }]);
  const spanOf = (out: string, word: string): [number, number] => [out.lastIndexOf(word), out.lastIndexOf(word) + word.length];
  await store.appendVerdicts([
    ...SHAPES.map((s, i) => {
      const said = i === 1 ? 'triangle' : s;
      return { attemptId: direct[i]!.id, pass: i !== 1, verifier: 'label-match@1', checks: [{ field: 'shape', pass: i !== 1, kind: 'class', expected: s, extracted: said, span: spanOf(shapeAnswers[i]!, said), score: i !== 1 ? 1 : 0, note: i !== 1 ? 'conclusion names the label' : 'conclusion names "triangle"' }] };
    }),
    ...SPEEDS.map((v, i) => {
      const got = i === 2 ? 60 : v;
      const err = Math.abs(got - v);
      const score = Math.max(-1, 1 - err / (0.1 * v));
      return { attemptId: direct[6 + i]!.id, pass: score >= 0, verifier: 'label-match@1', checks: [{ field: 'speed', pass: score >= 0, kind: 'number', expected: v, extracted: got, span: spanOf(speedAnswers[i]!, `${got} px/s`), score }] };
    }),
    { attemptId: rat!.id, pass: true, verifier: 'label-match@1', checks: [{ field: 'shape', pass: true, kind: 'class', expected: 'square', extracted: 'square', span: spanOf(ratOut, 'square'), score: 1 }] },
  ]);
  await store.close();
  return { dir, workdir };
}
