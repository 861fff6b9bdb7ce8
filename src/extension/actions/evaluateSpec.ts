// The job spec of "Evaluate": `python -m vstar_workers.evaluate` (workers/vstar_workers/
// evaluate.py) over a cycle's attempts and verdicts, scoring each sample's latest direct
// answer; with a split, the dataset's records of that split are the samples scored (one
// with no answer counts as wrong). The three logs are copied into the job folder; the
// worker writes out/metrics.json. Pure, so a Node test checks the argv.
import { CYCLE_FILES } from '../../core/cycles';
import { WORKER_OUT } from '../../core/jobs/specs';
import type { JobSpecInput } from '../../core/jobs';

export interface EvaluateJob {
  /** `<workdir>/cycles/<N>`. */
  cycleDir: string;
  cycle: number;
  /** The dataset's records.jsonl, needed with `split`. */
  records?: string;
  /** Score only this split's records; undefined scores every answered sample. */
  split?: 'train' | 'val' | 'test';
  python?: string;
}

export function evaluateSpec(job: EvaluateJob): JobSpecInput {
  if (job.split && !job.records) throw new Error('evaluating a split needs the dataset records');
  const inputs = [
    { local: `${job.cycleDir}/${CYCLE_FILES.attempts}`, remote: 'inputs/attempts.jsonl' },
    { local: `${job.cycleDir}/${CYCLE_FILES.verdicts}`, remote: 'inputs/verdicts.jsonl' },
    ...(job.split ? [{ local: job.records!, remote: 'inputs/records.jsonl' }] : []),
  ];
  return {
    name: `evaluate c${job.cycle}${job.split ? ` (${job.split})` : ''}`,
    kind: 'evaluate',
    command: [
      job.python ?? 'python3', '-m', 'vstar_workers.evaluate',
      '--attempts', 'inputs/attempts.jsonl',
      '--verdicts', 'inputs/verdicts.jsonl',
      ...(job.split ? ['--samples', 'inputs/records.jsonl', '--split', job.split] : []),
      '--out', `${WORKER_OUT}/metrics.json`,
    ],
    env: { PYTHONUNBUFFERED: '1' },
    inputs,
    outputs: [WORKER_OUT],
  };
}
