import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttemptInput } from '../../../src/core/cycles';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vstar-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function attempt(sampleId: string, stage: 'answer' | 'rationalize' = 'answer', tryNo = 0, extra: Partial<AttemptInput> = {}): AttemptInput {
  return {
    sampleId,
    stage,
    try: tryNo,
    backend: 'openai-compatible',
    prompt: `Question: What activity is shown?\nCan you explain step-by-step how one can arrive at this conclusion?`,
    question: 'What activity is shown?',
    output: `The person lifts a barbell over their head (${sampleId}). So the answer is weightlifting.`,
    timing: { startedAt: '2025-01-01T00:00:00.000Z', ms: 120 },
    ...extra,
  };
}
