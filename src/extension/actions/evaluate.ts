// "Evaluate": submits the evaluate worker over a cycle's logs to a compute target through
// the same jobs path as "Start Finetune on…" (the Jobs view shows it, with logs and
// cancel). While the window is open the cycle's evaluate stage follows the job: running,
// then done with the accuracy from the fetched out/metrics.json (or failed).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cycleDir, listCycles, openCycle } from '../../core/cycles';
import { RECORDS_FILE } from '../../core/datasets';
import { isTerminal } from '../../core/jobs';
import type { Ctx } from '../context';
import { cyclesModel } from '../cycles/model';
import { jobsController } from '../jobs/controller';
import { pickTarget, remembered, submit } from '../jobs/actions';
import { stateOf } from '../jobs/rows';
import { evaluateSpec } from './evaluateSpec';
import { pickCycle, UserFacingError } from './project';

async function setStage(workdir: string, cycle: number, stage: { status: 'running' | 'done' | 'failed'; note?: string; counts?: Record<string, number> }): Promise<void> {
  const store = await openCycle(workdir, cycle);
  try {
    await store.updateState((s) => {
      s.stages.evaluate = { ...stage, updatedAt: new Date().toISOString() };
    });
  } finally {
    await store.close();
  }
}

export async function evaluateCycle(ctx: Ctx, arg: unknown): Promise<void> {
  const picked = await pickCycle(arg, 'Evaluate which cycle?');
  if (!picked) return;
  const { project, cycle } = picked;
  const jobsProject = (await jobsController(ctx).projects()).find((p) => path.resolve(p.workdir) === path.resolve(project.workdir));
  if (!jobsProject) throw new UserFacingError('the project has no usable targets in vstar.yaml');
  const target = await pickTarget(jobsProject, `Video-STaR: Evaluate cycle ${cycle} on…`);
  if (!target) return;
  const state = (await listCycles(project.workdir)).find((c) => c.cycle === cycle)?.state;
  if (!state) throw new UserFacingError(`cycle ${cycle} has no readable state.json`);
  const records = path.join(project.workdir, 'datasets', state.dataset, RECORDS_FILE);
  const splitPick = await vscode.window.showQuickPick(
    [
      { label: 'answered samples', description: 'accuracy over every sample the cycle answered', split: undefined },
      ...(['test', 'val', 'train'] as const).map((s) => ({ label: s, description: `the dataset's ${s} records; one without an answer counts as wrong`, split: s })),
    ],
    { title: `Evaluate cycle ${cycle} over…` },
  );
  if (!splitPick) return;
  if (splitPick.split && !fs.existsSync(records)) throw new UserFacingError(`dataset "${state.dataset}" is not imported (${records} is missing)`);
  const key = `vstar.jobs.${jobsProject.folder.uri.toString()}.${target.name}`;
  const python = await remembered(ctx, `${key}.python`, `Python on ${target.name} with vstar_workers installed`, 'python3');
  if (!python) return;
  const dir = cycleDir(project.workdir, cycle);
  const id = await submit(ctx, jobsProject, target, evaluateSpec({ cycleDir: dir, cycle, python, ...(splitPick.split ? { split: splitPick.split, records } : {}) }));
  await setStage(project.workdir, cycle, { status: 'running', note: `job ${id} on ${target.name}` });
  cyclesModel(ctx).refresh();

  // Follow the job while the window lives; the Jobs view keeps its record either way.
  const model = jobsProject.model;
  let done = false;
  const stop = model.onDidChange(() => {
    const rec = model.get(id)?.record;
    if (!rec || done || !isTerminal(stateOf(rec))) return;
    done = true;
    stop();
    void finish(ctx, project.workdir, cycle, id, stateOf(rec) === 'completed', () => model.runnerFor(rec.target).fetchArtifacts(id, path.join(dir, 'evaluations', id)));
  });
  ctx.subscriptions.push({ dispose: stop });
}

async function finish(ctx: Ctx, workdir: string, cycle: number, id: string, ok: boolean, fetch: () => Promise<unknown>): Promise<void> {
  try {
    if (!ok) {
      await setStage(workdir, cycle, { status: 'failed', note: `job ${id} did not complete (see its logs in the Jobs view)` });
      return;
    }
    await fetch();
    const file = path.join(cycleDir(workdir, cycle), 'evaluations', id, 'out', 'metrics.json');
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { total?: number; correct?: number; accuracy?: number | null };
    const counts: Record<string, number> = {};
    if (typeof m.accuracy === 'number') counts.accuracy = m.accuracy;
    if (typeof m.correct === 'number') counts.correct = m.correct;
    if (typeof m.total === 'number') counts.total = m.total;
    await setStage(workdir, cycle, { status: 'done', counts, note: `metrics: ${file}` });
    ctx.log.info(`evaluate c${cycle}: ${JSON.stringify(counts)}`);
  } catch (err) {
    ctx.log.warn(`evaluate c${cycle}: job ${id} finished, but its metrics could not be read: ${String(err)}`);
    await setStage(workdir, cycle, { status: 'done', note: `job ${id} completed; metrics not fetched: ${String(err)}` }).catch(() => undefined);
  } finally {
    cyclesModel(ctx).refresh();
  }
}
