// "Verify": re-verifies every attempt of a cycle from its stored output with the current
// verifiers and vstar.yaml's task settings (tolerances, synonyms, a semantic model), and
// appends the new verdicts (the last verdict of an attempt wins, so earlier ones stay as
// history). Runs in the extension host under a cancellable progress notification; a
// cancel keeps what was appended. No model is asked: nothing but the core's verifiers runs.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveProjectPath } from '../../core/config/paths';
import { openCycle, type VerdictInput } from '../../core/cycles';
import { readDataset } from '../../core/datasets';
import { planItems, toVerdictCheck, VERIFIER_NAME, type PlannedItem } from '../../core/generate';
import { semanticVerifier } from '../../core/generate/semantic';
import { verifyAll } from '../../core/verify/verify';
import type { Ctx } from '../context';
import { cyclesModel } from '../cycles/model';
import { pickCycle } from './project';

const BATCH = 500;

export async function verifyCycle(ctx: Ctx, arg: unknown): Promise<void> {
  const picked = await pickCycle(arg, 'Re-verify which cycle?');
  if (!picked) return;
  const { project, cycle } = picked;
  const store = await openCycle(project.workdir, cycle, { write: true });
  try {
    const state = await store.readState();
    const dataset = await readDataset(path.join(project.workdir, 'datasets', state.dataset));
    // Every split: a cycle may hold answers about val/test clips (evaluation runs).
    const plan = planItems({ dataset, datasetName: state.dataset, config: project.config, splits: ['train', 'val', 'test'], seed: cycle });
    const bySample = new Map<string, PlannedItem>(plan.items.map((i) => [i.sampleId, i]));
    const verify = (await semanticVerifier(project.config, [...new Set(plan.items.map((i) => i.task))], (p) => resolveProjectPath(project.configFile, p))) ?? verifyAll;
    const total = store.index().size;
    await store.updateState((s) => {
      s.stages.verify = { status: 'running', updatedAt: new Date().toISOString() };
    });
    const counts = { verified: 0, passed: 0, failed: 0, unknown: 0 };
    let cancelled = false;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Video-STaR: re-verifying cycle ${cycle}`, cancellable: true },
      async (progress, cancel) => {
        let batch: VerdictInput[] = [];
        let seen = 0;
        for await (const a of store.attempts()) {
          if (cancel.isCancellationRequested) {
            cancelled = true;
            break;
          }
          seen++;
          const item = bySample.get(a.sampleId);
          if (!item) {
            counts.unknown++; // the sample's record or task is gone from the dataset / vstar.yaml
            continue;
          }
          const v = await verify(a.output, item.labels);
          batch.push({ attemptId: a.id, pass: v.pass, verifier: VERIFIER_NAME, checks: v.checks.map((c, i) => toVerdictCheck(c, item.labels[i]!)) });
          counts.verified++;
          if (v.pass) counts.passed++;
          else counts.failed++;
          if (batch.length >= BATCH) {
            await store.appendVerdicts(batch);
            batch = [];
            progress.report({ increment: (100 * BATCH) / Math.max(1, total), message: `${seen}/${total} · pass ${((100 * counts.passed) / counts.verified).toFixed(0)}%` });
          }
        }
        if (batch.length) await store.appendVerdicts(batch);
      },
    );
    await store.updateState((s) => {
      s.stages.verify = {
        status: cancelled ? 'pending' : 'done',
        updatedAt: new Date().toISOString(),
        counts,
        ...(cancelled ? { note: 'cancelled part way; run again to re-verify everything' } : counts.unknown ? { note: `${counts.unknown} attempts name no sample of the dataset's tasks` } : {}),
      };
    });
    const summary = `cycle ${cycle}: re-verified ${counts.verified} attempts — ${counts.passed} passed, ${counts.failed} failed${counts.unknown ? `, ${counts.unknown} without a known sample` : ''}`;
    ctx.log.info(`verify ${summary}`);
    if (cancelled) void vscode.window.showWarningMessage(`Video-STaR: verification cancelled (${summary}).`);
    else void vscode.window.showInformationMessage(`Video-STaR: ${summary}.`);
  } finally {
    await store.close();
    cyclesModel(ctx).refresh();
  }
}
