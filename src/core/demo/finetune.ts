import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { createRunner, isTerminal, parseProgressLine, type JobStatus } from '../jobs';
import { finetuneSpec, WORKER_OUT } from '../jobs/specs';

/**
 * One finetune of the tiny model, sent the way a real model's is: a `finetune` job on the
 * local target (the job runner → `python -m vstar_workers.finetune`, which hands a tiny
 * model folder to its own trainer). The new model comes back with fetchArtifacts and is
 * renamed into place, so `modelOut` is either whole or absent.
 */

export interface FinetuneOptions {
  workdir: string;
  python: string;
  /** The model folder to start from. */
  model: string;
  /** The cycle's export (metadata JSONL). */
  data: string;
  videoRoot: string;
  /** Where the new model goes (must not exist). */
  modelOut: string;
  epochs?: number;
  name?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface FinetuneResult {
  jobId: string;
  /** What the worker wrote to metrics.json (losses per epoch, examples, seconds). */
  metrics: Record<string, unknown>;
}

export async function finetuneTiny(o: FinetuneOptions): Promise<FinetuneResult> {
  const runner = createRunner({ kind: 'local' }, o.workdir);
  try {
    const { id } = await runner.submit(
      finetuneSpec({
        python: o.python,
        model: o.model,
        data: o.data,
        videoRoot: o.videoRoot,
        ...(o.epochs === undefined ? {} : { epochs: o.epochs }),
        ...(o.name ? { name: o.name } : {}),
      }),
    );
    const onAbort = (): void => void runner.cancel(id).catch(() => undefined);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const tail: string[] = [];
    try {
      for await (const line of runner.logs(id, { follow: true, pollMs: 200, ...(o.signal ? { signal: o.signal } : {}) })) {
        const p = parseProgressLine(line);
        if (p) o.onProgress?.(p.done, p.total);
        else tail.push(line), tail.length > 20 && tail.shift();
      }
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
    }
    o.signal?.throwIfAborted();
    let status: JobStatus = await runner.status(id);
    while (!isTerminal(status.state)) {
      await new Promise((r) => setTimeout(r, 100));
      status = await runner.status(id);
    }
    if (status.state !== 'completed') {
      throw new Error(`finetune job ${id} ${status.state}${status.exitCode === undefined ? '' : ` (exit ${status.exitCode})`}:\n${tail.join('\n')}`);
    }
    const staging = `${o.modelOut}.fetch-${process.pid}`;
    await fsp.rm(staging, { recursive: true, force: true });
    const got = await runner.fetchArtifacts(id, staging);
    if (got.missing.length > 0) throw new Error(`finetune job ${id} wrote no ${got.missing.join(', ')}`);
    await fsp.rename(join(staging, WORKER_OUT), o.modelOut);
    await fsp.rm(staging, { recursive: true, force: true });
    const metrics = JSON.parse(await fsp.readFile(join(o.modelOut, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    return { jobId: id, metrics };
  } finally {
    await runner.close();
  }
}
