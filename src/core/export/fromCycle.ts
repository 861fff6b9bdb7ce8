/**
 * Export records straight from a cycle: the cycle's attempts joined with their verdicts,
 * their last review and the dataset record they answered. One attempt per sample is
 * offered — the first that is kept, direct answers before rationalizations, earlier tries
 * first — so a sample contributes one rationale, preferably one the model found unaided.
 * Rationalized attempts carry their prompt as `hintPrompt`, so the leak guard knows the
 * hint and refuses an export whose question would give it away.
 */
import * as path from 'node:path';
import { CYCLE_FILES, cycleDir, openCycle, type AttemptRecord, type ReviewRecord, type VerdictRecord } from '../cycles';
import { readDataset } from '../datasets/store';
import type { InputProblem } from '../util/errors';
import { ExportSample } from './types';

export interface CycleExportOptions {
  /**
   * Write clip paths relative to this folder (the trainer's video folder) instead of
   * absolute; a clip outside it is a problem.
   */
  videoRoot?: string;
  /** The dataset folder; default `<workdir>/datasets/<the cycle's dataset>`. */
  datasetDir?: string;
}

/** Why a sample of the cycle has no record in the export. */
export type UnpickedReason = 'review-reject' | 'verdict-fail' | 'not-verified';

export interface CycleExportSamples {
  cycle: number;
  dataset: string;
  /** One per sample with a kept attempt, in dataset record order (not log order: an export is reproducible). */
  samples: ExportSample[];
  /** Samples that had attempts but none kept, with the reason of their best attempt. */
  unpicked: { sampleId: string; attempts: number; reason: UnpickedReason }[];
  /** Anything that would make the export wrong or incomplete; callers refuse to write when non-empty. */
  problems: InputProblem[];
}

type Review = ExportSample['review'];

function decision(r: ReviewRecord | undefined): Review {
  return r && r.decision !== 'clear' ? r.decision : null;
}

/** The selection rule of select.ts for one attempt: a review decides, else the verdict. */
function kept(pass: boolean | undefined, review: Review): { keep: boolean; reason: UnpickedReason } {
  if (review === 'reject') return { keep: false, reason: 'review-reject' };
  if (review === 'accept') return { keep: true, reason: 'verdict-fail' };
  if (pass === undefined) return { keep: false, reason: 'not-verified' };
  return { keep: pass, reason: 'verdict-fail' };
}

/** Lower ranks are preferred: direct answers, then rationalizations; earlier tries first. */
function rank(a: AttemptRecord): number {
  return (a.stage === 'answer' ? 0 : 1) * 1e9 + a.try;
}

interface Slot {
  best?: { attempt: AttemptRecord; rank: number };
  attempts: number;
  /** The reason of the best-ranked attempt that was not kept, for the report. */
  failed?: { rank: number; reason: UnpickedReason };
}

/** Builds the export samples of cycle `cycle` of `workdir`; nothing is written. */
export async function samplesFromCycle(workdir: string, cycle: number, opts: CycleExportOptions = {}): Promise<CycleExportSamples> {
  const store = await openCycle(workdir, cycle);
  try {
    const state = await store.readState();
    const problems: InputProblem[] = [];
    // Pass/fail of every attempt first (small); the evidence only for the chosen ones, below.
    // A re-verification appends a new verdict: the last one for an attempt wins.
    const passed = new Map<string, boolean>();
    for await (const v of store.verdicts()) passed.set(v.attemptId, v.pass);
    const reviews = await store.reviews();

    const slots = new Map<string, Slot>();
    for await (const a of store.attempts()) {
      let slot = slots.get(a.sampleId);
      if (!slot) slots.set(a.sampleId, (slot = { attempts: 0 }));
      slot.attempts++;
      const r = rank(a);
      const k = kept(passed.get(a.id), decision(reviews.get(a.id)));
      if (k.keep) {
        if (!slot.best || r < slot.best.rank) slot.best = { attempt: a, rank: r };
      } else if (!slot.failed || r < slot.failed.rank) slot.failed = { rank: r, reason: k.reason };
    }

    const dsDir = opts.datasetDir ?? path.join(workdir, 'datasets', state.dataset);
    const ds = await readDataset(dsDir);
    const byId = new Map(ds.records.map((r) => [r.id, r]));
    const root = ds.report ? path.resolve(dsDir, ds.report.root) : dsDir;
    if (!ds.report) problems.push(...ds.problems.filter((p) => p.file.endsWith('report.json')));
    const videoRoot = opts.videoRoot === undefined ? undefined : path.resolve(opts.videoRoot);

    const chosen = new Set<string>();
    for (const slot of slots.values()) if (slot.best) chosen.add(slot.best.attempt.id);
    const verdicts = new Map<string, VerdictRecord>();
    for await (const v of store.verdicts()) if (chosen.has(v.attemptId)) verdicts.set(v.attemptId, v);

    // Exported in dataset order (then by sample id), not in log order: the log's order
    // depends on request timing and on where a run was interrupted, the export must not.
    const position = new Map(ds.records.map((r, i) => [r.id, i]));
    const ranked: { pos: number; sampleId: string; sample: ExportSample }[] = [];
    const unpicked: CycleExportSamples['unpicked'] = [];
    const attemptsFile = store.path('attempts');
    for (const [sampleId, slot] of slots) {
      if (!slot.best) {
        unpicked.push({ sampleId, attempts: slot.attempts, reason: slot.failed?.reason ?? 'not-verified' });
        continue;
      }
      const a = slot.best.attempt;
      const rec = byId.get(sampleId) ?? byId.get(recordIdOf(sampleId));
      if (!rec) {
        problems.push({ file: path.join(dsDir, 'records.jsonl'), field: 'id', message: `sample "${sampleId}" (attempt ${a.id}) is not a valid record of dataset "${state.dataset}"` });
        continue;
      }
      const abs = path.resolve(root, rec.video);
      let video = abs;
      if (videoRoot) {
        video = path.relative(videoRoot, abs).split(path.sep).join('/');
        if (video.startsWith('..') || path.isAbsolute(video)) {
          problems.push({ file: attemptsFile, field: 'video', message: `clip of sample "${sampleId}" (${abs}) is outside --video-root ${videoRoot}` });
          continue;
        }
      }
      const v = verdicts.get(a.id);
      const candidate = {
        id: a.id,
        sampleId,
        video,
        question: a.question,
        answer: a.output,
        stage: a.stage,
        cycle: a.cycle,
        model: a.model,
        verdict: { pass: v?.pass ?? false, checks: v?.checks ?? [] },
        review: decision(reviews.get(a.id)),
        ...(a.stage === 'rationalize' ? { hintPrompt: a.prompt } : {}),
      };
      const parsed = ExportSample.safeParse(candidate);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        problems.push({ file: attemptsFile, field: issue?.path.join('.') || undefined, message: `attempt ${a.id}: ${issue?.message ?? 'invalid'}` });
        continue;
      }
      ranked.push({ pos: position.get(rec.id) ?? -1, sampleId, sample: parsed.data });
    }
    ranked.sort((x, y) => x.pos - y.pos || (x.sampleId < y.sampleId ? -1 : x.sampleId > y.sampleId ? 1 : 0));
    const samples = ranked.map((x) => x.sample);
    return { cycle: store.cycle, dataset: state.dataset, samples, unpicked, problems };
  } finally {
    await store.close();
  }
}

/**
 * The record a sample id asks about: the id itself, or, when a task asks several questions
 * about a clip, the part before `#<task>.<field>` (see generate/plan.ts).
 */
export function recordIdOf(sampleId: string): string {
  const at = sampleId.lastIndexOf('#');
  return at > 0 ? sampleId.slice(0, at) : sampleId;
}

/** Default output folder of a cycle's exports: `<workdir>/cycles/<N>/exports`. */
export function cycleExportDir(workdir: string, cycle: number): string {
  return path.join(cycleDir(workdir, cycle), CYCLE_FILES.exports);
}
