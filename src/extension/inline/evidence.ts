// What the inline review says about a record, as plain strings (no `vscode` import, so
// plain Node tests check the wording): the state of a record line (its verdict, the
// decision in force, whether the decision overrides the verdict) and the hover's
// markdown with the verifier's evidence.
import type { AttemptDetail, EvidenceRow } from '../../core/review';

export interface RecordState {
  /** Latest verdict: true passed, false failed, null not verified yet. */
  pass: boolean | null;
  decision: 'accept' | 'reject' | null;
}

/** How a line is coloured: by its verdict, unless a decision goes against it. */
export type LineKind = 'passed' | 'failed' | 'overridden' | 'unverified';

/** A decision that goes against the verdict: a failed answer accepted, or a passed one rejected. */
export function isOverridden(s: RecordState): boolean {
  return (s.decision === 'accept' && s.pass === false) || (s.decision === 'reject' && s.pass === true);
}

export function lineKind(s: RecordState): LineKind {
  if (isOverridden(s)) return 'overridden';
  return s.pass === null ? 'unverified' : s.pass ? 'passed' : 'failed';
}

/** The first CodeLens of a record: its state, with codicons. */
export function stateTitle(s: RecordState): string {
  const verdict = s.pass === null ? '$(circle-large-outline) not verified' : s.pass ? '$(pass) passed' : '$(error) failed';
  const decision = s.decision === 'accept' ? 'accepted' : s.decision === 'reject' ? 'rejected' : 'unreviewed';
  return `${verdict} · ${decision}${isOverridden(s) ? ' (overrides the verdict)' : ''}`;
}

/**
 * Characters that would start markdown inside a line escaped (emphasis, code, links, HTML,
 * table cells), and newlines flattened: every value lands inside a line or a table cell.
 */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function value(v: unknown): string {
  if (v === undefined) return '—';
  return md(typeof v === 'string' ? v : JSON.stringify(v));
}

function score(e: EvidenceRow): string {
  if (e.score === undefined) return '—';
  const s = Number.isInteger(e.score) ? String(e.score) : e.score.toFixed(3);
  if (e.threshold === undefined) return s;
  return `${s} ${e.score >= e.threshold ? '≥' : '<'} ${e.threshold}`;
}

/** The decisive span with up to `around` characters of context either side, the span in bold. */
export function spanExcerpt(output: string, span: readonly [number, number], around = 40): string {
  const [a, b] = [Math.max(0, Math.min(span[0], output.length)), Math.max(0, Math.min(span[1], output.length))];
  const from = Math.max(0, a - around);
  const to = Math.min(output.length, b + around);
  return `${from > 0 ? '…' : ''}${md(output.slice(from, a))}**${md(output.slice(a, b))}**${md(output.slice(b, to))}${to < output.length ? '…' : ''}`;
}

/** The hover of a record line: verdict, decision, and each check's evidence. */
export function hoverMarkdown(a: AttemptDetail): string {
  const s: RecordState = { pass: a.pass, decision: a.decision };
  const out: string[] = [];
  const verdict = a.pass === null ? 'not verified yet' : a.pass ? '✓ passed' : '✗ failed';
  out.push(`**${verdict}**${a.verifier ? ` · ${md(a.verifier)}` : ''} · ${a.stage === 'rationalize' ? 'rationalized (label given as a hint)' : 'direct answer'}, try ${a.try}`);
  const decision = a.decision === 'accept' ? 'accepted' : a.decision === 'reject' ? 'rejected' : 'not reviewed yet';
  out.push(`Review: **${decision}**${isOverridden(s) ? ' — overrides the verdict' : ''}`);
  out.push(`Sample \`${a.sampleId.replace(/`/g, "'")}\` · ${md(a.question)}`);
  if (a.evidence.length > 0) {
    const rows = ['| field | check | extracted | label | score | |', '|---|---|---|---|---|---|'];
    for (const e of a.evidence) {
      rows.push(`| ${md(e.field)} | ${value(e.kind)} | ${value(e.extracted)} | ${value(e.expected)} | ${score(e)} | ${e.pass ? '✓' : '✗'} |`);
    }
    out.push(rows.join('\n'));
    for (const e of a.evidence) {
      const parts: string[] = [];
      for (const sp of e.spans) parts.push(`span ${sp[0]}–${sp[1]}: ${spanExcerpt(a.output, sp)}`);
      if (e.note) parts.push(`reason: ${md(e.note)}`);
      if (parts.length) out.push(`*${md(e.field)}* — ${parts.join(' · ')}`);
    }
  } else if (a.pass !== null) {
    out.push('No evidence recorded by the verifier.');
  }
  return out.join('\n\n');
}
