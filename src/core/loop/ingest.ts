import { AttemptRecord, type VerdictRecord } from '../cycles/records';
import { readLineBatches, parseLine } from '../cycles/lines';
import type { CycleStore } from '../cycles/store';
import { VerdictTable } from '../cycles/verdict-table';
import { toVerdictCheck, VERIFIER_NAME } from '../generate/engine';
import type { VerifyLabel } from '../verify/labels';
import { verifyAll } from '../verify/verify';

/**
 * Worker output into the cycle's logs, exactly once: attempt ids are fixed by (cycle,
 * stage, try, sample), so an attempt already in the log — from an earlier fetch of the
 * same shard, or a run that was killed mid-ingest — is skipped, and a re-run ingests only
 * what is missing. Lines that are not attempts of this cycle are counted, never appended.
 */

export interface IngestResult {
  added: number;
  /** Already in the log. */
  present: number;
  /** Unreadable lines, or attempts of another cycle. */
  problems: number;
  firstProblem?: string;
}

const BATCH = 1024;
/** Batches in flight before the ingest waits for their fsyncs (and refreshes the index). */
const IN_FLIGHT = 1;

/**
 * With `labelsOf`, each new attempt is verified as it is read and its verdict appended
 * right after its attempt (a crash between the two leaves attempts that verifyPending
 * finds); the output is judged once, from the text in hand. Appends go out without waiting
 * (the logs group-commit them): a record becomes bytes right away instead of living on in
 * the heap until its batch's fsync, which is what kept a 1M-attempt ingest's memory high.
 */
export async function ingestAttempts(store: CycleStore, file: string, labelsOf?: LabelsOf): Promise<IngestResult> {
  const r: IngestResult = { added: 0, present: 0, problems: 0 };
  const index = store.index();
  // Ids sent but maybe not yet in the index; cleared whenever the writes are drained and the index refreshed.
  const seen = new Set<string>();
  let batch: AttemptRecord[] = [];
  let verdicts: VerdictRecord[] = [];
  const inFlight: Promise<void>[] = [];
  const drain = async (): Promise<void> => {
    await Promise.all(inFlight.splice(0));
    seen.clear();
    index.refresh();
  };
  const send = async (): Promise<void> => {
    if (batch.length === 0) return;
    const v = verdicts;
    // The verdicts only after their attempts are on disk (a verdict never precedes its attempt).
    inFlight.push(store.appendCheckedAttempts(batch).then(() => (v.length > 0 ? store.appendCheckedVerdicts(v) : undefined)));
    r.added += batch.length;
    batch = [];
    verdicts = [];
    if (inFlight.length >= IN_FLIGHT) await drain();
  };
  const problem = (line: number, message: string): void => {
    r.problems++;
    r.firstProblem ??= `${file}:${line}: ${message}`;
  };
  let lineNo = 0;
  for await (const lines of readLineBatches(file)) {
    for (const line of lines) {
      lineNo++;
      const value = parseLine(line.text);
      let a: AttemptRecord;
      if (looksLikeAttempt(value)) a = value;
      else {
        // The slow path only for lines the quick check refused: zod says exactly what is wrong.
        const parsed = AttemptRecord.safeParse(value);
        if (!parsed.success) {
          problem(lineNo, `not an attempt record (${parsed.error.issues[0]?.path.join('.') || 'line'}: ${parsed.error.issues[0]?.message ?? 'invalid'})`);
          continue;
        }
        a = parsed.data;
      }
      if (a.cycle !== store.cycle) {
        problem(lineNo, `an attempt of cycle ${a.cycle}, not ${store.cycle}`);
        continue;
      }
      if (index.has(a.sampleId, a.stage, a.try) || seen.has(a.id)) {
        r.present++;
        continue;
      }
      seen.add(a.id);
      batch.push(a);
      const labels = labelsOf?.(a.sampleId);
      if (labels) verdicts.push({ ...verdictOf(a, labels), cycle: store.cycle });
      if (batch.length >= BATCH) await send();
    }
  }
  await send();
  await drain();
  return r;
}

export interface VerifyResult {
  verified: number;
  passed: number;
  /** Attempts whose sample the plan does not know (left unverified). */
  unknown: number;
}

/** Verifies every attempt of the store that has no verdict yet, with its sample's labels. */
export type LabelsOf = (sampleId: string) => readonly VerifyLabel[] | undefined;

function verdictOf(a: AttemptRecord, labels: readonly VerifyLabel[]): Omit<VerdictRecord, 'cycle'> {
  const v = verifyAll(a.output, labels, a.question);
  return {
    attemptId: a.id,
    pass: v.pass,
    verifier: VERIFIER_NAME,
    checks: v.checks.map((c, k) => toVerdictCheck(c, labels[k]!)),
    ...(v.uncertain === undefined ? {} : { uncertain: v.uncertain }),
    ...(v.confidence === undefined ? {} : { confidence: v.confidence }),
  };
}

/** The shape the worker writes, checked field by field (what AttemptRecord's schema checks, without its cost per line). */
function looksLikeAttempt(v: unknown): v is AttemptRecord {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  const str = (k: string, min = 0): boolean => typeof a[k] === 'string' && (a[k] as string).length >= min;
  const t = a.timing as Record<string, unknown> | undefined;
  return (
    str('id', 1) && str('sampleId', 1) && (a.stage === 'answer' || a.stage === 'rationalize') &&
    Number.isInteger(a.try) && (a.try as number) >= 0 && Number.isInteger(a.cycle) && (a.cycle as number) > 0 &&
    str('model', 1) && str('backend') && str('prompt') && str('question') && str('output') &&
    typeof t === 'object' && t !== null && typeof t.startedAt === 'string' && typeof t.ms === 'number' && t.ms >= 0 &&
    Object.keys(a).length === 11 && Object.keys(t).length === 2
  );
}

export async function verifyPending(store: CycleStore, labelsOf: LabelsOf): Promise<VerifyResult> {
  const index = store.index();
  const table = new VerdictTable(store.path('verdicts')).refresh(index).hold();
  const r: VerifyResult = { verified: 0, passed: 0, unknown: 0 };
  let batch: Omit<VerdictRecord, 'cycle'>[] = [];
  try {
    for (let i = 0; i < index.size; i++) {
      if (table.passAt(i) !== -1) continue;
      const a = index.at(i);
      const labels = labelsOf(a.sampleId);
      if (!labels) {
        r.unknown++;
        continue;
      }
      const v = verdictOf(a, labels);
      batch.push(v);
      r.verified++;
      if (v.pass) r.passed++;
      if (batch.length >= BATCH) {
        await store.appendVerdicts(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await store.appendVerdicts(batch);
  } finally {
    table.close();
  }
  return r;
}

/** Samples with no passing answer among their answer attempts (the rationalization wave's work). */
export function failedSamples(store: CycleStore, sampleIds: Iterable<string>): Set<string> {
  const index = store.index();
  const table = new VerdictTable(store.path('verdicts')).refresh(index);
  const out = new Set<string>();
  for (const id of sampleIds) {
    let answered = false;
    let passed = false;
    for (const i of index.attemptsOf(id)) {
      if (index.stageAt(i) !== 'answer') continue;
      answered = true;
      if (table.passAt(i) === 1) passed = true;
    }
    if (answered && !passed) out.add(id);
  }
  table.close();
  return out;
}
