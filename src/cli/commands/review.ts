import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { cycleNumbers, REVIEW_DECISIONS, type ReviewDecision } from '../../core/cycles';
import { ReviewSession } from '../../core/review';
import { InputError, UsageError, type InputProblem } from '../../core/util/errors';
import { decodeLine, readRawLines } from '../../core/verify/jsonl';
import { outputFor, type Output } from '../output';
import { cliProject } from '../project';
import { printReport } from './review-report';

/** Decisions per append (one fsync each) in `review import`; each batch is acknowledged once on disk. */
const BATCH = 1000;

interface Where {
  cycle: string;
  workdir?: string;
  batch?: string;
}

async function openSession(opts: Where, out: Output): Promise<ReviewSession> {
  if (!/^[1-9]\d*$/.test(opts.cycle)) throw new UsageError(`--cycle must be a positive whole number (got "${opts.cycle}")`);
  const workdir = (await cliProject(opts, out)).workdir;
  const n = Number(opts.cycle);
  if (!(await cycleNumbers(workdir)).includes(n)) throw new UsageError(`no cycle ${n} in ${workdir} (see \`vstar cycle list\`)`);
  return ReviewSession.open(workdir, n);
}

/** The decision in force for each attempt (`clear` = none). */
async function inForce(session: ReviewSession): Promise<Map<string, ReviewDecision>> {
  const out = new Map<string, ReviewDecision>();
  for (const [id, r] of await session.store.reviews()) out.set(id, r.decision);
  return out;
}

const same = (a: ReviewDecision | undefined, b: ReviewDecision): boolean => (a ?? 'clear') === b;

/**
 * Writes `todo` (attempt → decision) in batches, grouped by decision within a batch, and
 * calls `ack` after each batch is on disk: a decision counts as made once acknowledged.
 */
async function write(session: ReviewSession, todo: Array<[string, ReviewDecision]>, ack: (upTo: number, batch: Array<[string, ReviewDecision]>) => void, size = BATCH): Promise<void> {
  for (let k = 0; k < todo.length; k += size) {
    const batch = todo.slice(k, k + size);
    for (const d of REVIEW_DECISIONS) {
      const ids = batch.filter(([, x]) => x === d).map(([id]) => id);
      if (ids.length) await session.decide(ids, d);
    }
    ack(k + batch.length, batch);
  }
}

async function decideCommand(decision: ReviewDecision, ids: string[], opts: Where, cmd: Command): Promise<void> {
  const out = outputFor(cmd);
  const session = await openSession(opts, out);
  try {
    const index = session.store.index();
    const unknown = ids.filter((id) => index.lookup(id) === -1);
    for (const id of unknown) out.problem({ file: session.store.path('attempts'), field: 'id', message: `no attempt "${id}" in cycle ${session.cycle}` });
    const current = await inForce(session);
    // Already in force: not written again, so re-running a command after a crash adds nothing twice.
    const todo: Array<[string, ReviewDecision]> = [];
    const unchanged: string[] = [];
    for (const id of new Set(ids)) {
      if (index.lookup(id) === -1) continue;
      if (same(current.get(id), decision)) unchanged.push(id);
      else todo.push([id, decision]);
    }
    const written: string[] = [];
    await write(session, todo, (_, batch) => {
      for (const [id] of batch) {
        written.push(id);
        out.info(`${decision} ${id}`);
      }
    });
    for (const id of unchanged) out.info(`${decision} ${id} (already in force)`);
    out.result({ cycle: session.cycle, decision, written, unchanged, unknown });
    if (unknown.length) process.exitCode = 1;
  } finally {
    await session.close();
  }
}

/** One line of an import file: `{"attemptId": "...", "decision": "accept" | "reject" | "clear"}`. */
function parseImportLine(text: string, file: string, line: number): { id: string; decision: ReviewDecision } | InputProblem {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { file, line, message: `not valid JSON: ${(err as Error).message}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { file, line, message: 'must be a JSON object {"attemptId", "decision"}' };
  const o = v as Record<string, unknown>;
  if (typeof o.attemptId !== 'string' || o.attemptId === '') return { file, line, field: 'attemptId', message: 'must be a non-empty string' };
  if (typeof o.decision !== 'string' || !(REVIEW_DECISIONS as readonly string[]).includes(o.decision)) {
    return { file, line, field: 'decision', message: `must be one of ${REVIEW_DECISIONS.join(', ')} (got ${JSON.stringify(o.decision)})` };
  }
  return { id: o.attemptId, decision: o.decision as ReviewDecision };
}

async function importCommand(file: string, opts: Where, cmd: Command): Promise<void> {
  const out = outputFor(cmd);
  const size = opts.batch === undefined ? BATCH : Number(opts.batch);
  if (!Number.isInteger(size) || size < 1) throw new UsageError(`--batch must be a positive whole number (got "${opts.batch}")`);
  try {
    statSync(file);
  } catch (err) {
    throw new InputError({ file, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
  }
  const session = await openSession(opts, out);
  try {
    const index = session.store.index();
    const problems: InputProblem[] = [];
    // attempt → [its last decision in the file, the line it is on]: the file's net effect.
    const wanted = new Map<string, [ReviewDecision, number]>();
    for await (const { line, bytes } of readRawLines(file)) {
      const text = decodeLine(bytes);
      if (text === null) {
        problems.push({ file, line, message: 'not valid UTF-8' });
        continue;
      }
      if (text.trim() === '') continue;
      const r = parseImportLine(text, file, line);
      if ('message' in r) problems.push(r);
      else if (index.lookup(r.id) === -1) problems.push({ file, line, field: 'attemptId', message: `no attempt "${r.id}" in cycle ${session.cycle}` });
      else {
        wanted.delete(r.id); // re-inserted: the map keeps the order of last occurrences
        wanted.set(r.id, [r.decision, line]);
      }
    }
    // All or nothing: a review file with a bad line is not half applied.
    if (problems.length > 0) {
      for (const p of problems.slice(0, 50)) out.problem(p);
      out.error(`${problems.length} problem(s) in ${file}; no decision written`);
      out.result({ ok: false, problems });
      process.exitCode = 1;
      return;
    }
    const current = await inForce(session);
    const todo: Array<[string, ReviewDecision]> = [];
    const lineOf = new Map<string, number>();
    for (const [id, [d, line]] of wanted) {
      lineOf.set(id, line);
      if (!same(current.get(id), d)) todo.push([id, d]);
    }
    const unchanged = wanted.size - todo.length;
    // After each batch every decision of the file up to that line is in force (earlier
    // ones were written before, or already were): that is what the ack line says.
    await write(session, todo, (upTo, batch) => out.info(`in force through line ${lineOf.get(batch.at(-1)![0])} (${upTo}/${todo.length} written)`), size);
    out.info(`review import: ${wanted.size} attempt(s) in ${file}, ${todo.length} decision(s) written, ${unchanged} already in force`);
    out.result({ ok: true, cycle: session.cycle, attempts: wanted.size, written: todo.length, unchanged });
  } finally {
    await session.close();
  }
}

async function reportCommand(opts: Where, cmd: Command): Promise<void> {
  const out = outputFor(cmd);
  const session = await openSession(opts, out);
  try {
    const r = await session.report();
    printReport(r, out);
    out.result(r);
  } finally {
    await session.close();
  }
}

interface AuditOpts extends Where {
  kept?: string;
  rejected?: string;
  seed?: string;
}

async function auditCommand(opts: AuditOpts, cmd: Command): Promise<void> {
  const out = outputFor(cmd);
  const whole = (v: string | undefined, name: string, dflt: number): number => {
    if (v === undefined) return dflt;
    if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number (got "${v}")`);
    return Number(v);
  };
  const kept = whole(opts.kept, 'kept', 100);
  const rejected = whole(opts.rejected, 'rejected', Math.ceil(kept / 4));
  const seed = opts.seed === undefined ? undefined : whole(opts.seed, 'seed', 0);
  const session = await openSession(opts, out);
  try {
    const a = await session.startAudit({ kept, rejected }, seed);
    out.info(`audit of cycle ${session.cycle}: ${a.kept} kept and ${a.rejected} rejected answers drawn (stratified by label type and value) into ${session.store.dir}/audit.json`);
    out.info('Walk it in the review panel (Audit), then see `vstar review report`.');
    out.result({ cycle: session.cycle, ...a });
  } finally {
    await session.close();
  }
}

/** vstar review accept | reject | clear | import | report | audit */
export function registerReviewCommands(program: Command): void {
  const review = program
    .command('review')
    .description("Record review decisions in a cycle's review log (reviews.jsonl; the last decision for an attempt wins).");
  const where = (c: Command): Command =>
    c.requiredOption('--cycle <n>', 'cycle number').option('--workdir <dir>', 'project workdir (default: `workdir` of the nearest vstar.yaml)');
  for (const [decision, what] of [
    ['accept', 'Accept attempts: they are exported even if their verdict failed.'],
    ['reject', 'Reject attempts: they are never exported.'],
    ['clear', 'Take decisions back: the attempts are unreviewed again.'],
  ] as const) {
    where(review.command(decision).argument('<attemptId...>', 'attempt ids (as in attempts.jsonl)'))
      .description(`${what} Each line printed is on disk; a decision already in force is not written again.`)
      .action((ids: string[], opts: Where, cmd: Command) => decideCommand(decision, ids, opts, cmd));
  }
  where(review.command('import').argument('<file>', 'JSONL, one {"attemptId", "decision": "accept"|"reject"|"clear"} per line'))
    .option('--batch <n>', `decisions per fsync'd, acknowledged batch (default ${BATCH})`)
    .description(
      'Apply a file of decisions (the last one per attempt wins) in fsync\'d batches, each acknowledged with "in force through line N". ' +
        'A bad line refuses the whole file; decisions already in force are skipped, so re-running after a crash writes only the rest.',
    )
    .action((file: string, opts: Where, cmd: Command) => importCommand(file, opts, cmd));
  where(review.command('report'))
    .description(
      "The filter measured by the review decisions: per label type and field, the precision of what it kept and the miss rate of what it rejected " +
        '(each with a 95% Wilson interval), the disagreements with their evidence, and what another relTol/minIoU would have kept. ' +
        '--json: {byLabelType: {<type>: {reviewed, keptPrecision, rejectedAccepted, …}}, byField, byStage, disagreements, thresholds, audit?}.',
    )
    .action((opts: Where, cmd: Command) => reportCommand(opts, cmd));
  where(review.command('audit'))
    .option('--kept <n>', 'kept answers to draw (default 100)')
    .option('--rejected <n>', 'rejected answers to draw (default a quarter of --kept)')
    .option('--seed <n>', 'random seed (default: the time)')
    .description("Draw an audit: a stratified random sample (per label type and value) of what the filter kept and rejected, saved as the cycle's audit.json (replacing an earlier one).")
    .action((opts: AuditOpts, cmd: Command) => auditCommand(opts, cmd));
}
