import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openCycle } from '../cycles/workdir';
import type { CycleStore } from '../cycles/store';
import type { AttemptIndex } from '../cycles/attempt-index';
import { AttemptRecord } from '../cycles/records';
import { VerdictTable } from '../cycles/verdict-table';
import { ACCEPT, DecisionLog, NONE, REJECT } from './decisions';
import { VerdictRecord as VerdictRecordSchema } from '../cycles/records';
import { parseRationalizationPrompt } from '../prompts/prompts';
import { writeFileAtomic } from '../util/atomic';
import { drawAudit, type AuditCandidate } from './audit';
import { VerdictFacts, factOf as verdictFact, type VerdictFact } from './facts';
import { filterReport, groupStats, type FilterReport, type GroupStats, type ReviewedCheck } from './report';
import { SampleLookup, labelText, splitSampleId, type DatasetRecords } from './samples';
import { shortLabel, snippetOf } from './snippet';
import type { AttemptDetail, AttemptSummary, Decision, EvidenceRow, ReviewCounts, ReviewFilter, ReviewGroup, ReviewGroupBy, ReviewPage, ReviewSort } from './types';

/** The cycle's audit on disk (`<cycle>/audit.json`): the attempts drawn, in the order they are walked. */
export interface AuditFile {
  version: 1;
  seed: number;
  createdAt: string;
  kept: number;
  rejected: number;
  ids: string[];
}

export const AUDIT_FILE = 'audit.json';

/** The report of `vstar review report` and the Filter Quality view. */
export interface CycleFilterReport extends FilterReport {
  cycle: number;
  /** The audit's own figures: a random sample, so its precision speaks for the whole cycle. */
  audit?: { total: number; reviewed: number; overall: GroupStats; byLabelType: Record<string, GroupStats> };
}

/** Label filters whose matches are kept (1 byte a sample each). */
const LABELS_KEPT = 8;

/** One bulk or single decision, with what it replaced, so it can be undone. */
interface Step {
  ids: string[];
  before: Array<'accept' | 'reject' | 'clear'>;
}

/**
 * The review of one cycle: pages of attempts under a filter, live counts, one attempt
 * in full, and decisions appended to the cycle's review log (a decision counts as made
 * once `decide` resolves: the append is fsync'd by then).
 *
 * Built for 100k+ attempts: the list is per-position typed arrays (verdict, decision)
 * over the attempt index, so a page reads only its own rows from disk; the positions a
 * filter matches are computed on first use and kept until the data changes; `refresh`
 * reads only what was appended to the logs since (see DecisionLog for the review log).
 */
export class ReviewSession {
  private readonly log: DecisionLog;
  /** Bumped after each append of this session, so a refresh reading meanwhile reads again. */
  private writes = 0;
  private refreshing: Promise<void> = Promise.resolve();
  private matches = new Map<string, Int32Array>();
  private sampleOf: Int32Array | undefined;
  private ids: string[] | undefined;
  private history: Step[] = [];
  /** Per label filter of late: which samples carry it (see samplesWithLabel). */
  private labelHits = new Map<string, { records: DatasetRecords; samples: number; ok: Uint8Array }>();
  /** Per sample number: its record's key in `records` (see recordKeys). */
  private keysOfSamples: { records: DatasetRecords; keys: Int32Array; samples: number } | undefined;
  /** Label, type and confidence per attempt: read on first use (sort, groups, audit). */
  private readonly facts: VerdictFacts;
  private factsRead = false;
  /** The audit's attempt positions, in its order (from audit.json). */
  private auditPositions: Int32Array | undefined;
  private auditStamp = '';

  private constructor(
    readonly store: CycleStore,
    private readonly verdicts: VerdictTable,
    readonly samples: SampleLookup,
  ) {
    this.log = new DecisionLog(store.path('reviews'));
    this.facts = new VerdictFacts(store.path('verdicts'));
  }

  /** Opens cycle `cycle` of `workdir` (`<project>/vstar`) for review. */
  static async open(workdir: string, cycle: number): Promise<ReviewSession> {
    const store = await openCycle(workdir, cycle);
    const state = await store.readState();
    const s = new ReviewSession(store, new VerdictTable(store.path('verdicts')), SampleLookup.forCycle(workdir, state.dataset));
    await s.refresh();
    return s;
  }

  get cycle(): number {
    return this.store.cycle;
  }

  private get index(): AttemptIndex {
    return this.store.index();
  }

  /** Catches up with the logs (other processes append to them). One refresh at a time. */
  refresh(): Promise<void> {
    const next = this.refreshing.then(() => this.catchUp());
    this.refreshing = next.catch(() => undefined);
    return next;
  }

  private async catchUp(): Promise<void> {
    const index = this.index;
    this.verdicts.refresh(index);
    // A decision of this session appended while the log was being read may have been
    // overwritten by an older line read then: read on until no append happened meanwhile.
    for (;;) {
      const writes = this.writes;
      await this.log.catchUp(index);
      if (writes === this.writes) break;
    }
    if (this.factsRead) await this.facts.catchUp(index);
    await this.loadAudit();
    this.matches.clear();
    if (this.ids && this.ids.length !== index.size) this.ids = undefined;
    if (this.sampleOf && this.sampleOf.length !== index.size) this.sampleOf = undefined;
  }

  counts(): ReviewCounts {
    const n = this.index.size;
    const index = this.index;
    const samples = { total: index.samples, passedDirect: 0, passedRationalized: 0, failed: 0, unverified: 0 };
    const c: ReviewCounts = { total: n, passed: 0, failed: 0, rationalized: 0, accepted: 0, rejected: 0, unreviewed: 0, samples };
    const pass = this.verdicts.pass;
    const sampleOf = this.sampleNumbers();
    // Per sample, bits: 1 a direct answer passed, 2 a rationalized one passed, 4 some attempt verified.
    const seen = new Uint8Array(index.samples);
    for (let i = 0; i < n; i++) {
      const p = i < pass.length ? pass[i]! : -1;
      const rat = index.stageAt(i) === 'rationalize';
      if (p === 1) c.passed++;
      else if (p === 0) c.failed++;
      if (rat) c.rationalized++;
      if (p !== -1) seen[sampleOf[i]!]! |= p === 1 ? (rat ? 6 : 5) : 4;
      const d = this.log.codes[i];
      if (d === ACCEPT) c.accepted++;
      else if (d === REJECT) c.rejected++;
      else c.unreviewed++;
    }
    for (let k = 0; k < seen.length; k++) {
      const b = seen[k]!;
      if (b & 1) samples.passedDirect++;
      else if (b & 2) samples.passedRationalized++;
      else if (b & 4) samples.failed++;
      else samples.unverified++;
    }
    if (this.auditPositions) {
      let reviewed = 0;
      for (const i of this.auditPositions) if ((this.log.codes[i] ?? NONE) !== NONE) reviewed++;
      c.audit = { total: this.auditPositions.length, reviewed };
    }
    return c;
  }

  /**
   * Latest verdict and decision in force of attempt `id`, from memory (no disk read): what
   * the editor's inline review colours a record line by. Undefined for an unknown id.
   */
  statusOf(id: string): { index: number; pass: boolean | null; decision: 'accept' | 'reject' | null } | undefined {
    const i = this.index.lookup(id);
    if (i === -1) return undefined;
    const p = this.verdicts.passAt(i);
    const d = this.log.codes[i] ?? NONE;
    return { index: i, pass: p === -1 ? null : p === 1, decision: d === ACCEPT ? 'accept' : d === REJECT ? 'reject' : null };
  }

  /** Attempts `offset .. offset+limit` of those the filter matches, in log order. */
  async page(offset: number, limit: number, filter: ReviewFilter = {}): Promise<ReviewPage> {
    const m = await this.matching(filter);
    const total = m ? m.length : this.index.size;
    const start = Math.max(0, Math.min(offset, total));
    const end = Math.min(total, start + Math.max(0, limit));
    const items: AttemptSummary[] = [];
    this.verdicts.hold();
    try {
      for (let k = start; k < end; k++) items.push(this.rowAt(m ? m[k]! : k));
    } finally {
      this.verdicts.close();
    }
    return { total, offset: start, items };
  }

  /** Ids of every attempt the filter matches (for bulk decisions). */
  async idsMatching(filter: ReviewFilter): Promise<string[]> {
    const m = await this.matching(filter);
    const ids = this.allIds();
    return m ? Array.from(m, (i) => ids[i]!) : ids.slice();
  }

  async attempt(id: string): Promise<AttemptDetail | undefined> {
    const i = this.index.lookup(id);
    if (i === -1) return undefined;
    const rec = this.index.at(i);
    const v = this.verdicts.recordAt(i);
    const info = await this.samples.info(rec.sampleId);
    const evidence: EvidenceRow[] = (v?.checks ?? []).map((c) => {
      const x = c as Record<string, unknown>;
      const spans: Array<[number, number]> = [];
      if (c.span) spans.push(c.span);
      if (Array.isArray(x.spans)) for (const s of x.spans) if (isSpan(s)) spans.push(s);
      return {
        field: c.field,
        pass: c.pass,
        ...(c.kind === undefined ? {} : { kind: c.kind }),
        ...(c.expected === undefined ? {} : { expected: c.expected }),
        ...(c.extracted === undefined ? {} : { extracted: c.extracted }),
        ...(c.score === undefined ? {} : { score: c.score }),
        ...(typeof x.threshold === 'number' ? { threshold: x.threshold } : {}),
        ...(c.note === undefined ? {} : { note: c.note }),
        spans,
      };
    });
    const summary = this.summaryFrom(i, rec);
    const direct = summary.replaces === undefined ? undefined : this.directOf(summary.replaces);
    return {
      ...summary,
      ...(direct ? { direct } : {}),
      model: rec.model,
      backend: rec.backend,
      output: rec.output,
      ...(v ? { verifier: v.verifier } : {}),
      evidence,
      ...(info ? { labels: info.labels } : {}),
      ...(info?.clip ? { clip: info.clip } : {}),
    };
  }

  /**
   * Appends one decision per id to reviews.jsonl and resolves once it is on disk. Ids
   * not in the cycle are left out (and not returned).
   */
  async decide(ids: readonly string[], decision: Decision): Promise<string[]> {
    const index = this.index;
    const known: Array<[string, number]> = [];
    for (const id of ids) {
      const i = index.lookup(id);
      if (i !== -1) known.push([id, i]);
    }
    if (known.length === 0) return [];
    const before = known.map(([, i]) => decisionName(this.log.codes[i] ?? NONE));
    await this.store.appendReviews(known.map(([attemptId]) => ({ attemptId, decision })));
    this.writes++;
    this.apply(known, () => decision);
    this.history.push({ ids: known.map(([id]) => id), before });
    return known.map(([id]) => id);
  }

  /**
   * Takes back the last `decide` of this session: appends each attempt's previous
   * decision (`clear` where it had none). Returns what was written, or undefined.
   */
  async undo(): Promise<Array<{ id: string; decision: Decision }> | undefined> {
    const step = this.history.pop();
    if (!step) return undefined;
    const writes = step.ids.map((id, k) => ({ attemptId: id, decision: step.before[k]! }));
    try {
      await this.store.appendReviews(writes);
      this.writes++;
    } catch (err) {
      this.history.push(step);
      throw err;
    }
    const index = this.index;
    this.apply(step.ids.map((id) => [id, index.lookup(id)] as [string, number]), (k) => step.before[k]!);
    return writes.map((w) => ({ id: w.attemptId, decision: w.decision }));
  }

  get canUndo(): boolean {
    return this.history.length > 0;
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  private apply(known: ReadonlyArray<readonly [string, number]>, decisionAt: (k: number) => Decision): void {
    this.log.fit(this.index.size);
    known.forEach(([, i], k) => {
      if (i === -1) return;
      const d = decisionAt(k);
      this.log.codes[i] = d === 'accept' ? ACCEPT : d === 'reject' ? REJECT : NONE;
    });
    // Review filters depend on decisions; the others do not.
    for (const key of [...this.matches.keys()]) if (key.includes('"review"')) this.matches.delete(key);
  }

  /** A list row: the summary with the label and the answer cut around its decisive span. */
  private rowAt(i: number): AttemptSummary {
    const rec = AttemptRecord.parse(JSON.parse(this.index.textAt(i)));
    const row = this.summaryFrom(i, rec);
    const v = this.verdicts.recordAt(i);
    const first = v?.checks[0];
    if (first) {
      const spans: Array<[number, number]> = [];
      for (const c of v.checks) {
        if (c.span) spans.push(c.span);
        const x = (c as Record<string, unknown>).spans;
        if (Array.isArray(x)) for (const sp of x) if (isSpan(sp)) spans.push(sp);
      }
      const fact = factOf(v);
      if (fact.label !== '') row.label = shortLabel(fact.label);
      if (fact.field !== '') row.field = fact.field;
      if (fact.labelType !== '') row.labelType = fact.labelType;
      if (fact.uncertain) row.uncertain = true;
      if (fact.confidence !== undefined) row.confidence = fact.confidence;
      row.snippet = snippetOf(rec.output, spans[0]);
    } else {
      row.snippet = snippetOf(rec.output, undefined);
    }
    return row;
  }

  private summaryFrom(i: number, rec: AttemptRecord): AttemptSummary {
    const p = this.verdicts.passAt(i);
    const d = this.log.codes[i] ?? NONE;
    const s: AttemptSummary = {
      id: rec.id,
      index: i,
      sampleId: rec.sampleId,
      stage: rec.stage,
      try: rec.try,
      pass: p === -1 ? null : p === 1,
      decision: d === ACCEPT ? 'accept' : d === REJECT ? 'reject' : null,
      question: rec.question,
    };
    if (rec.stage === 'rationalize') {
      const hint = parseRationalizationPrompt(rec.prompt)?.hint;
      if (hint) s.hint = hint;
      // The direct answer it replaced: the sample's last direct try.
      let best = -1;
      for (const j of this.index.attemptsOf(rec.sampleId)) {
        if (this.index.stageAt(j) === 'answer' && (best === -1 || this.index.tryAt(j) > this.index.tryAt(best))) best = j;
      }
      if (best !== -1) s.replaces = this.idAt(best);
    }
    return s;
  }

  /** The direct answer `id` in short, for showing beside the rationalized one that replaced it. */
  private directOf(id: string): AttemptDetail['direct'] {
    const j = this.index.lookup(id);
    if (j === -1) return undefined;
    const rec = this.index.at(j);
    const v = this.verdicts.recordAt(j);
    const spans: Array<[number, number]> = [];
    for (const c of v?.checks ?? []) if (c.span) spans.push(c.span);
    const p = this.verdicts.passAt(j);
    const note = v?.checks.find((c) => !c.pass)?.note;
    return { id, try: rec.try, output: rec.output, pass: p === -1 ? null : p === 1, spans, ...(note === undefined ? {} : { note }) };
  }

  private idAt(i: number): string {
    if (this.ids && i < this.ids.length) return this.ids[i]!;
    return (JSON.parse(this.index.textAt(i)) as { id: string }).id;
  }

  /** Reads the verdicts' labels, types and confidences (incrementally after the first time). */
  private async needFacts(): Promise<VerdictFacts> {
    if (!this.factsRead) {
      await this.facts.catchUp(this.index);
      this.factsRead = true;
    }
    return this.facts;
  }

  /**
   * The groups of the attempts `filter` matches, by label value, label type, stage or
   * verdict, each with its attempts and its distinct samples; largest first.
   */
  async groups(by: ReviewGroupBy, filter: ReviewFilter = {}): Promise<ReviewGroup[]> {
    const { sort: _sort, ...f } = filter;
    const m = await this.matching(f);
    const index = this.index;
    const facts = by === 'label' || by === 'labelType' ? await this.needFacts() : undefined;
    const sampleOf = this.sampleNumbers();
    const valueOf = (i: number): string => {
      if (by === 'stage') return index.stageAt(i) === 'answer' ? 'direct' : 'rationalized';
      if (by === 'verdict') {
        const p = this.verdicts.passAt(i);
        return p === -1 ? 'not verified' : p === 1 ? 'passed' : 'failed';
      }
      const fact = facts!.at(i);
      return (by === 'label' ? fact.label : fact.labelType) || '(no verdict)';
    };
    const groups = new Map<string, { attempts: number; samples: Set<number> }>();
    const n = m ? m.length : index.size;
    for (let k = 0; k < n; k++) {
      const i = m ? m[k]! : k;
      const v = valueOf(i);
      let g = groups.get(v);
      if (!g) groups.set(v, (g = { attempts: 0, samples: new Set() }));
      g.attempts++;
      g.samples.add(sampleOf[i]!);
    }
    return [...groups]
      .map(([value, g]) => ({ value, attempts: g.attempts, samples: g.samples.size }))
      .sort((a, b) => b.attempts - a.attempts || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }

  /** Every check of every verified attempt a reviewer accepted or rejected (for the filter report). */
  reviewedChecks(only?: Int32Array): ReviewedCheck[] {
    const out: ReviewedCheck[] = [];
    const index = this.index;
    const sampleOf = this.sampleNumbers();
    this.verdicts.hold();
    try {
      const n = only ? only.length : index.size;
      for (let k = 0; k < n; k++) {
        const i = only ? only[k]! : k;
        const d = this.log.codes[i] ?? NONE;
        if (d === NONE || this.verdicts.passAt(i) === -1) continue;
        const v = this.verdicts.recordAt(i);
        if (!v) continue;
        const sampleId = index.sampleIdAt(sampleOf[i]!);
        const stage = index.stageAt(i);
        const vx = v as Record<string, unknown>;
        for (const c of v.checks) {
          const x = c as Record<string, unknown>;
          const uncertain = x.uncertain === true || vx.uncertain === true;
          const confidence = typeof x.confidence === 'number' ? x.confidence : typeof vx.confidence === 'number' ? vx.confidence : undefined;
          out.push({
            attemptId: v.attemptId,
            sampleId,
            stage,
            field: c.field,
            labelType: c.kind ?? 'unknown',
            kept: c.pass,
            accepted: d === ACCEPT,
            ...(c.expected === undefined ? {} : { expected: c.expected }),
            ...(c.extracted === undefined ? {} : { extracted: c.extracted }),
            ...(c.score === undefined ? {} : { score: c.score }),
            ...(typeof x.threshold === 'number' ? { threshold: x.threshold } : {}),
            ...(c.note === undefined ? {} : { note: c.note }),
            ...(uncertain ? { uncertain } : {}),
            ...(confidence === undefined ? {} : { confidence }),
          });
        }
      }
    } finally {
      this.verdicts.close();
    }
    return out;
  }

  /** The filter measured by the review decisions (see core/review/report.ts). */
  async report(): Promise<CycleFilterReport> {
    await this.refresh();
    const r: CycleFilterReport = { cycle: this.cycle, ...filterReport(this.reviewedChecks()) };
    if (this.auditPositions) {
      const checks = this.reviewedChecks(this.auditPositions);
      const byLabelType: Record<string, GroupStats> = {};
      for (const t of [...new Set(checks.map((c) => c.labelType))].sort()) byLabelType[t] = groupStats(checks.filter((c) => c.labelType === t));
      const reviewed = new Set(checks.map((c) => c.attemptId)).size;
      r.audit = { total: this.auditPositions.length, reviewed, overall: groupStats(checks), byLabelType };
    }
    return r;
  }

  /**
   * Draws an audit: `kept` of the attempts the filter passed and `rejected` of those it
   * failed, stratified by label type and value, and saves it as the cycle's audit.json
   * (replacing an earlier one). Returns how many were drawn.
   */
  async startAudit(want: { kept: number; rejected: number }, seed = Date.now() >>> 0): Promise<{ total: number; kept: number; rejected: number }> {
    await this.refresh();
    const facts = await this.needFacts();
    const index = this.index;
    const cands: AuditCandidate[] = [];
    for (let i = 0; i < index.size; i++) {
      const p = this.verdicts.passAt(i);
      if (p === -1) continue;
      const f = facts.at(i);
      cands.push({ pos: i, kept: p === 1, stratum: `${f.labelType}:${f.label}` });
    }
    const draw = drawAudit(cands, want, seed);
    const file: AuditFile = { version: 1, seed, createdAt: new Date().toISOString(), kept: draw.kept, rejected: draw.rejected, ids: draw.positions.map((i) => this.idAt(i)) };
    await writeFileAtomic(join(this.store.dir, AUDIT_FILE), JSON.stringify(file) + '\n');
    this.auditStamp = '';
    await this.loadAudit();
    this.matches.clear();
    return { total: draw.positions.length, kept: draw.kept, rejected: draw.rejected };
  }

  /** Reads audit.json when it changed (another window drew one); ids not in the log are left out. */
  private async loadAudit(): Promise<void> {
    let text: string;
    try {
      text = await readFile(join(this.store.dir, AUDIT_FILE), 'utf8');
    } catch {
      this.auditPositions = undefined;
      this.auditStamp = '';
      return;
    }
    const stamp = `${text.length}:${text.slice(0, 200)}:${this.index.size}`;
    if (stamp === this.auditStamp) return;
    this.auditStamp = stamp;
    try {
      const a = JSON.parse(text) as Partial<AuditFile>;
      const ids = Array.isArray(a.ids) ? a.ids.filter((x): x is string => typeof x === 'string') : [];
      const pos = ids.map((id) => this.index.lookup(id)).filter((i) => i !== -1);
      this.auditPositions = Int32Array.from(pos);
    } catch {
      this.auditPositions = undefined; // a broken audit file reads as no audit; drawing again replaces it
    }
  }

  /** Positions matching `filter` in log order, or undefined for "all" (no condition). */
  private async matching(filter: ReviewFilter): Promise<Int32Array | undefined> {
    const f = normalize(filter);
    const key = JSON.stringify(f);
    if (key === '{}') return undefined;
    const cached = this.matches.get(key);
    if (cached) return cached;
    const index = this.index;
    const audit = f.audit ? (this.auditPositions ?? new Int32Array(0)) : undefined;
    const n = audit ? audit.length : index.size;
    const pass = this.verdicts.pass;
    const want = f.verdict === 'passed' ? 1 : f.verdict === 'failed' ? 0 : f.verdict === 'unverified' ? -1 : undefined;
    const wantDecision = f.review === 'accepted' ? ACCEPT : f.review === 'rejected' ? REJECT : f.review === 'unreviewed' ? NONE : undefined;
    const labelOk = f.label === undefined ? undefined : await this.labelMatcher(f.label);
    const out = new Int32Array(n);
    let m = 0;
    for (let k = 0; k < n; k++) {
      const i = audit ? audit[k]! : k;
      if (want !== undefined && (i < pass.length ? pass[i]! : -1) !== want) continue;
      if (f.stage !== undefined && index.stageAt(i) !== f.stage) continue;
      if (wantDecision !== undefined && (this.log.codes[i] ?? NONE) !== wantDecision) continue;
      if (labelOk && !labelOk(i)) continue;
      out[m++] = i;
    }
    let result: Int32Array = out.slice(0, m);
    if (f.sort && !audit) result = await this.sorted(result, f.sort);
    this.matches.set(key, result);
    return result;
  }

  /** `positions` (ascending) in the order `sort` asks, ties in log order. */
  private async sorted(positions: Int32Array, sort: ReviewSort): Promise<Int32Array> {
    const index = this.index;
    const n = index.size + 1;
    let rank: (i: number) => number;
    if (sort === 'label') {
      const facts = await this.needFacts();
      const labels = [...new Set(Array.from(positions, (i) => facts.at(i).label))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
      const r = new Map(labels.map((l, k) => [l, k]));
      rank = (i) => r.get(facts.at(i).label)!;
    } else if (sort === 'sample') {
      const sampleOf = this.sampleNumbers();
      rank = (i) => sampleOf[i]! * 2 + (index.stageAt(i) === 'answer' ? 0 : 1);
    } else if (sort === 'stage') {
      rank = (i) => (index.stageAt(i) === 'answer' ? 0 : 1);
    } else {
      const facts = await this.needFacts();
      rank = (i) => {
        const c = facts.at(i).confidence;
        return c === undefined || !Number.isFinite(c) ? 2_000_001 : Math.round(Math.min(2, Math.max(0, c)) * 1e6);
      };
    }
    const keys = new Float64Array(positions.length);
    for (let k = 0; k < positions.length; k++) keys[k] = rank(positions[k]!) * n + positions[k]!;
    keys.sort();
    return Int32Array.from(keys, (x) => x % n);
  }

  /** Per attempt position: does its sample carry `label` (in its field, or any field)? */
  private async labelMatcher(label: string): Promise<(i: number) => boolean> {
    const ok = await this.samplesWithLabel(label);
    const sampleOf = this.sampleNumbers();
    return (i) => ok[sampleOf[i]!] === 1;
  }

  /**
   * Per sample number: 1 when its record carries `label` — in the field its id names when
   * the record has that field, else in any field. One pass over the records the samples
   * ask about, read in file order and dropped as they go (nothing holds the dataset). The
   * answer (1 byte a sample) is kept for the last few labels: a refresh after each
   * decision drops the filter's positions but need not read the dataset again, and
   * samples added since are looked up alone.
   */
  private async samplesWithLabel(label: string): Promise<Uint8Array> {
    const records = await this.samples.load();
    const index = this.index;
    const n = index.samples;
    const prev = this.labelHits.get(label);
    const from = prev && prev.records === records ? Math.min(prev.samples, n) : 0;
    if (prev && from === n) return prev.ok;
    const ok = new Uint8Array(n);
    if (prev && from > 0) ok.set(prev.ok.subarray(0, from));
    const keys = this.recordKeys(records, n);
    // The samples of each record as linked lists by record key: no array per record.
    const first = new Int32Array(records.size).fill(-1);
    const next = new Int32Array(n - from);
    const wanted = new Uint8Array(records.size);
    for (let k = from; k < n; k++) {
      const key = keys[k]!;
      if (key === -1) continue;
      next[k - from] = first[key]!;
      first[key] = k;
      wanted[key] = 1;
    }
    await records.forEach(wanted, (key, rec) => {
      for (let k = first[key]!; k !== -1; k = next[k - from]!) {
        const { field } = splitSampleId(index.sampleIdAt(k));
        const values = field !== undefined && field in rec.labels ? [rec.labels[field]] : Object.values(rec.labels);
        if (values.some((v) => labelText(v) === label)) ok[k] = 1;
      }
    }, onlyStrings(label) ? { containing: label } : {});
    this.labelHits.delete(label);
    this.labelHits.set(label, { records, samples: n, ok });
    if (this.labelHits.size > LABELS_KEPT) this.labelHits.delete(this.labelHits.keys().next().value!);
    return ok;
  }

  /** Per sample number below `n`: the key of its record in `records`, or -1 (extended as samples come). */
  private recordKeys(records: DatasetRecords, n: number): Int32Array {
    let c = this.keysOfSamples;
    if (!c || c.records !== records) c = { records, keys: new Int32Array(0), samples: 0 };
    if (c.samples < n) {
      const keys = c.keys.length >= n ? c.keys : new Int32Array(Math.max(n, Math.ceil(c.keys.length * 1.5)));
      if (keys !== c.keys) keys.set(c.keys.subarray(0, c.samples));
      const index = this.index;
      for (let k = c.samples; k < n; k++) keys[k] = records.keyOfSample(index.sampleIdAt(k));
      c = { records, keys, samples: n };
    }
    this.keysOfSamples = c;
    return c.keys;
  }

  private sampleNumbers(): Int32Array {
    const index = this.index;
    if (this.sampleOf && this.sampleOf.length === index.size) return this.sampleOf;
    const s = new Int32Array(index.size);
    for (let k = 0; k < index.samples; k++) for (const i of index.attemptsOfSample(k)) s[i] = k;
    return (this.sampleOf = s);
  }

  /** Every attempt id by position (read once, for bulk decisions over a filter). */
  private allIds(): string[] {
    const index = this.index;
    if (this.ids && this.ids.length === index.size) return this.ids;
    const ids = this.ids ?? [];
    for (let i = ids.length; i < index.size; i++) ids.push((JSON.parse(index.textAt(i)) as { id: string }).id);
    return (this.ids = ids);
  }
}

function normalize(f: ReviewFilter): ReviewFilter {
  const out: ReviewFilter = {};
  if (f.verdict) out.verdict = f.verdict;
  if (f.stage) out.stage = f.stage;
  if (f.review) out.review = f.review;
  if (f.label !== undefined && f.label !== '') out.label = f.label;
  if (f.audit) out.audit = true;
  if (f.sort) out.sort = f.sort;
  return out;
}

/**
 * Whether only a string label value can read as `label` (any other value reads as its
 * JSON, and `label` is not the JSON of a non-string): then a record holding it holds
 * the string itself, which lets the label pass skip records without it unparsed.
 */
function onlyStrings(label: string): boolean {
  try {
    return typeof JSON.parse(label) === 'string';
  } catch {
    return true;
  }
}

function decisionName(d: number): 'accept' | 'reject' | 'clear' {
  return d === ACCEPT ? 'accept' : d === REJECT ? 'reject' : 'clear';
}

/** The label, type and confidence of a verdict, as the list shows them. */
function factOf(v: VerdictRecordSchema): VerdictFact {
  return verdictFact(v)?.[1] ?? { label: '', labelType: '', field: '' };
}

function isSpan(s: unknown): s is [number, number] {
  return Array.isArray(s) && s.length === 2 && typeof s[0] === 'number' && typeof s[1] === 'number';
}
