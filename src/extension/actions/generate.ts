// "Generate" and "Rationalize": the core's generation engine run in the extension host,
// under a cancellable progress notification (Cancel aborts the engine's AbortSignal; what
// is done stays in the cycle's logs and the next run resumes). The backend comes from
// vstar.yaml; its token from SecretStorage when one is stored (see ../secrets.ts), else the
// core reads the backend's `tokenEnv` variable. "Rationalize" runs only the rationalize
// step: it hands the engine just the samples whose direct answers all failed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveProjectPath } from '../../core/config/paths';
import { openCycle, VerdictTable } from '../../core/cycles';
import { readDataset } from '../../core/datasets';
import { backendFromConfig, clipMedia, planItems, runGeneration, type BackendSetup } from '../../core/generate';
import { semanticVerifier } from '../../core/generate/semantic';
import { UsageError } from '../../core/util/errors';
import type { Ctx } from '../context';
import { cyclesModel } from '../cycles/model';
import { tokenFor } from '../secrets';
import { itemsToRationalize } from './plan';
import { pickCycle, UserFacingError, type Project } from './project';

export type GenerateMode = 'generate' | 'rationalize';

async function pickBackend(project: Project): Promise<string | undefined> {
  const names = Object.keys(project.config.backends);
  const preferred = project.config.cycles?.backend;
  if (preferred && names.includes(preferred)) return preferred;
  if (names.length === 0) throw new UserFacingError('no backend under `backends` in vstar.yaml: add one (e.g. an OpenAI-compatible server) first');
  if (names.length === 1) return names[0];
  return (await vscode.window.showQuickPick(names.map((n) => ({ label: n, description: `${project.config.backends[n]!.type} · ${project.config.backends[n]!.model}` })), { title: 'Generate with which backend?' }))?.label;
}

async function backendSetup(ctx: Ctx, project: Project, name: string): Promise<BackendSetup> {
  const b = project.config.backends[name]!;
  const token = b.type === 'local' ? undefined : await tokenFor(ctx, name);
  try {
    return backendFromConfig(name, b, { ...(token ? { token } : {}), resolvePath: (p) => resolveProjectPath(project.configFile, p) });
  } catch (err) {
    if (err instanceof UsageError) throw new UserFacingError(`${err.message} — or run "Video-STaR: Set API Token" to store one`);
    throw err;
  }
}

/** `vstar.cycle.generate` / `vstar.cycle.rationalize`. */
export async function generateCycle(ctx: Ctx, arg: unknown, mode: GenerateMode): Promise<void> {
  const picked = await pickCycle(arg, mode === 'generate' ? 'Generate answers for which cycle?' : 'Rationalize which cycle?');
  if (!picked) return;
  const { project, cycle } = picked;
  const { config, workdir } = project;
  if (mode === 'rationalize' && config.cycles?.rationalize === false) {
    throw new UserFacingError('rationalization is turned off in vstar.yaml (`cycles.rationalize: false`)');
  }
  const backendName = await pickBackend(project);
  if (!backendName) return;
  const setup = await backendSetup(ctx, project, backendName);
  const store = await openCycle(workdir, cycle, { write: true });
  const title = `Video-STaR: ${mode === 'generate' ? 'generating' : 'rationalizing'} cycle ${cycle} with ${backendName}`;
  try {
    const state = await store.readState();
    const dataset = await readDataset(path.join(workdir, 'datasets', state.dataset));
    if (dataset.records.length === 0) throw new UserFacingError(`dataset "${state.dataset}" has no records: import it first ("Video-STaR: Add Dataset…" or \`vstar dataset import ${state.dataset}\`)`);
    const plan = planItems({ dataset, datasetName: state.dataset, config, seed: cycle, ...(config.cycles?.limit !== undefined ? { limit: config.cycles.limit } : {}) });
    for (const p of plan.problems.slice(0, 20)) ctx.log.warn(`generate c${cycle}: ${p.recordId}: ${p.message}`);
    const samples = config.cycles?.samplesPerPrompt !== undefined && config.cycles.samplesPerPrompt > 1 ? config.cycles.samplesPerPrompt : setup.samplesPerPrompt;
    let items = plan.items;
    if (mode === 'rationalize') {
      const index = store.index();
      items = itemsToRationalize(items, index, new VerdictTable(store.path('verdicts')).refresh(index), samples);
      if (items.length === 0) {
        void vscode.window.showInformationMessage(`Video-STaR: cycle ${cycle} has no failed direct answers to rationalize (generate first, or everything passed).`);
        return;
      }
    }
    const verify = await semanticVerifier(config, [...new Set(items.map((i) => i.task))], (p) => resolveProjectPath(project.configFile, p));
    ctx.log.info(`${mode} c${cycle}: ${items.length} questions, backend ${backendName} (${setup.backend.kind} ${setup.backend.model})`);
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, cancel) => {
        const ac = new AbortController();
        const sub = cancel.onCancellationRequested(() => ac.abort());
        let reported = 0;
        try {
          return await runGeneration({
            store,
            backend: setup.backend,
            items,
            samplesPerPrompt: samples,
            rationalize: config.cycles?.rationalize ?? true,
            concurrency: config.cycles?.concurrency ?? 4,
            sampling: setup.sampling,
            ...(setup.rateLimit ? { rateLimit: setup.rateLimit } : {}),
            media: clipMedia({ cacheDir: path.join(workdir, 'cache', 'frames') }),
            signal: ac.signal,
            ...(verify ? { verify } : {}),
            progressEveryMs: 300,
            onProgress: (p) => {
              const done = p.done + p.errors;
              const pct = p.total ? (100 * done) / p.total : 100;
              progress.report({
                increment: pct - reported,
                message: `${done}/${p.total} · pass ${(100 * p.passRate).toFixed(0)}%${p.errors ? ` · ${p.errors} errors` : ''}${p.etaSeconds !== undefined && !p.final ? ` · ${Math.ceil(p.etaSeconds)} s left` : ''}`,
              });
              reported = pct;
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    if (mode === 'rationalize') {
      await store.updateState((s) => {
        s.stages.rationalize = {
          status: r.cancelled ? 'pending' : r.errors.length ? 'failed' : 'done',
          updatedAt: new Date().toISOString(),
          counts: { asked: r.total, recovered: r.passedAfterRationalization, failed: r.failed },
          ...(r.cancelled ? { note: 'cancelled; run again to resume' } : {}),
        };
      });
    }
    const summary = `cycle ${cycle}: ${r.total} questions (${r.skipped} already done) — passed directly ${r.passedDirect}, after rationalization ${r.passedAfterRationalization}, failed ${r.failed}; ${r.requests} requests`;
    ctx.log.info(`${mode} ${summary}`);
    for (const e of r.errors.slice(0, 10)) ctx.log.warn(`${mode} c${cycle}: ${e.sampleId}: ${e.message}`);
    if (r.cancelled) void vscode.window.showWarningMessage(`Video-STaR: ${mode} of cycle ${cycle} cancelled; what was done is kept — run it again to resume.`);
    else if (r.errors.length) void vscode.window.showWarningMessage(`Video-STaR: ${summary}; ${r.errors.length} samples hit errors (first: ${r.errors[0]!.message}). See Output › Video-STaR.`);
    else void vscode.window.showInformationMessage(`Video-STaR: ${summary}.`, 'Open Review').then((c) => c === 'Open Review' && vscode.commands.executeCommand('vstar.review.open', cycle));
  } finally {
    await setup.backend.close?.();
    await store.close();
    cyclesModel(ctx).refresh();
  }
}
