import { existsSync, promises as fsp } from 'node:fs';
import { join, posix, relative } from 'node:path';
import type { CycleStore } from '../cycles/store';
import { finetuneSpec, WORKER_OUT } from '../jobs/specs';
import { fetchInto, jobFailure, submitOrAttach, waitForJob } from './jobs';
import { adapterOn, cycleModel, modelsDir } from './models';
import { LOCAL_TARGET, type LoopProject } from './project';
import { putStageJob } from './state';

/**
 * The finetune stage: the cycle's export trains the model as a job on the finetune target
 * (LoRA from the base model, or continued from the previous cycle's adapter). The job's
 * output is fetched to `<workdir>/models/cycle-N` (the adapter, or the tiny family's whole
 * model) and recorded in the lineage with where it lives on the target, which the next
 * cycle generates with.
 */

export function finetuneTarget(p: LoopProject): string {
  return p.config.finetune?.target ?? p.config.cycles?.target ?? p.config.generate?.target ?? LOCAL_TARGET;
}

export interface FinetuneOutcome {
  counts: Record<string, number>;
}

export async function runFinetune(
  p: LoopProject,
  store: CycleStore,
  o: { signal?: AbortSignal; pollMs?: number; onProgress?: (done: number, total: number) => void },
): Promise<FinetuneOutcome> {
  const state = store.currentState();
  const data = state.stages.export?.output?.file;
  if (!data || !existsSync(data)) throw new Error(`cycle ${store.cycle}: the export stage left no file to finetune on; run again to redo the export`);
  const ft = p.config.finetune;
  const targetName = finetuneTarget(p);
  const tiny = p.family === 'tiny';
  const previous = ft?.from === 'previous' ? adapterOn(p, cycleModel(p, state.lineage, state.model), targetName) : { inputs: [] };
  const root = p.dataset.report?.root;
  const h = await submitOrAttach(p, store, 'finetune', 'finetune', targetName, async (token) => {
    const spec = finetuneSpec({
      python: p.pythonOn(targetName),
      model: tiny && previous.adapter ? previous.adapter : p.modelPathOn(targetName),
      data,
      ...(root ? { videoRoot: root } : {}),
      ...(ft?.epochs ? { epochs: ft.epochs } : {}),
      ...(ft?.maxSteps ? { maxSteps: ft.maxSteps } : {}),
      ...(ft?.lr ? { lr: ft.lr } : {}),
      ...(ft?.batchSize ? { batchSize: ft.batchSize } : {}),
      ...(ft?.frames ? { frames: ft.frames } : {}),
      ...(ft?.lora ? { lora: ft.lora } : {}),
      ...(!tiny && previous.adapter ? { initAdapter: previous.adapter } : {}),
      name: `vstar c${store.cycle} finetune [${token}]`,
    });
    return { ...spec, inputs: [...(spec.inputs ?? []), ...previous.inputs] };
  });
  try {
    const { status, tail } = await waitForJob(h, {
      ...(o.signal ? { signal: o.signal } : {}),
      pollMs: o.pollMs ?? 500,
      onLogProgress: (pr) => o.onProgress?.(pr.done, pr.total),
    });
    if (status.state !== 'completed') {
      await putStageJob(store, 'finetune', { ...h.job, outcome: status.state });
      throw jobFailure('finetune', h, status, tail);
    }
    const dest = join(modelsDir(p), `cycle-${store.cycle}`);
    if (!existsSync(join(dest, 'metrics.json'))) {
      const staging = `${dest}.fetch`;
      await fetchInto(h, staging);
      if (!existsSync(join(staging, WORKER_OUT, 'metrics.json'))) throw new Error(`finetune job ${h.job.id} wrote no ${WORKER_OUT}/metrics.json`);
      await fsp.rm(dest, { recursive: true, force: true });
      await fsp.rename(join(staging, WORKER_OUT), dest);
      await fsp.rm(staging, { recursive: true, force: true });
    }
    const metrics = JSON.parse(await fsp.readFile(join(dest, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    const local = tiny ? dest : join(dest, 'adapter');
    const isLocal = (p.config.targets[targetName]?.type ?? 'local') === 'local';
    const onTarget = isLocal ? local : posix.join(h.record.dir, WORKER_OUT, ...(tiny ? [] : ['adapter']));
    await store.updateState((s) => {
      s.lineage = {
        ...(s.lineage ?? { family: p.family, base: p.modelLabel }),
        output: { adapter: onTarget, target: targetName, jobId: h.job.id!, local },
      };
    });
    await putStageJob(store, 'finetune', { ...h.job, outcome: 'done' });
    const num = (k: string): number[] => (typeof metrics[k] === 'number' ? [metrics[k] as number] : []);
    return {
      counts: Object.fromEntries(
        Object.entries({ examples: num('examples'), firstLoss: num('firstLoss'), lastLoss: num('lastLoss'), seconds: num('seconds') }).flatMap(([k, v]) => v.map((x) => [k, x])),
      ),
    };
  } finally {
    await h.runner.close();
  }
}

/** A model folder's name for people: relative to the project when inside it. */
export function modelLabelOf(p: LoopProject, path: string): string {
  const rel = relative(join(p.workdir, '..'), path);
  return rel.startsWith('..') ? path : rel;
}
