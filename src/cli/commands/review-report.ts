// `vstar review report`: the filter measured by the review decisions, as text for people
// or, with --json, `{cycle, reviewed, overall, byLabelType, byField, byStage,
// disagreements, thresholds, audit?}` (see core/review/report.ts). `vstar review audit`
// draws the stratified sample the Audit view walks.
import type { CycleFilterReport, GroupStats, Rate } from '../../core/review';
import { table, type Output } from '../output';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** "92.0% (23/25, 95% CI 75.0–97.8%)", or "—" when nothing was reviewed. */
export function rateText(r: Rate | null): string {
  return r ? `${pct(r.value)} (${r.x}/${r.n}, 95% CI ${pct(r.low)}–${pct(r.high)})` : '—';
}

function rows(groups: Record<string, GroupStats & { labelType?: string }>, withType: boolean): string[][] {
  const head = [withType ? 'field' : 'label type', ...(withType ? ['type'] : []), 'reviewed', 'kept: accepted/reviewed (precision)', 'rejected: accepted/reviewed (miss rate)'];
  return [head, ...Object.entries(groups).map(([k, g]) => [k, ...(withType ? [g.labelType ?? ''] : []), String(g.reviewed), rateText(g.keptPrecision), rateText(g.rejectedAccepted)])];
}

export function printReport(r: CycleFilterReport, out: Output): void {
  out.info(`Filter quality, cycle ${r.cycle}: ${r.reviewed} reviewed check(s) (one per question a reviewed attempt answers)`);
  if (r.reviewed === 0) {
    out.info('No decisions yet: accept or reject answers in the review (or `vstar review audit`) first.');
    return;
  }
  out.info(`Overall: kept ${rateText(r.overall.keptPrecision)} accepted; rejected ${rateText(r.overall.rejectedAccepted)} accepted`);
  out.info('');
  out.info('By label type');
  out.info(table(rows(r.byLabelType, false)));
  out.info('');
  out.info('By field');
  out.info(table(rows(r.byField, true)));
  if (r.audit) {
    out.info('');
    out.info(`Audit (a stratified random sample; ${r.audit.reviewed} of ${r.audit.total} decided): kept ${rateText(r.audit.overall.keptPrecision)} accepted, rejected ${rateText(r.audit.overall.rejectedAccepted)} accepted`);
  }
  for (const t of r.thresholds) {
    out.info('');
    const now = t.options.find((o) => o.value === t.current)!;
    const changes = t.options.map((o, k) => [o, k] as const).filter(([o]) => o !== now && (o.acceptedKept !== now.acceptedKept || o.rejectedKept !== now.rejectedKept));
    out.info(`Thresholds for ${t.field} (${t.labelType}, ${t.param} now ${t.current}):`);
    // The options other than the current one are the lines, in order.
    const lines = t.options.filter((o) => o !== now);
    for (const [o] of changes) out.info(`  ${t.lines[lines.indexOf(o)]}`);
    if (changes.length === 0) out.info(`  no other ${t.param} in ${t.options[0]!.value}–${t.options.at(-1)!.value} changes what is kept of the reviewed answers`);
  }
  if (r.disagreements.length) {
    out.info('');
    out.info(`Disagreements (${r.disagreements.length}):`);
    const show = (v: unknown): string => (v === undefined ? '—' : v === null ? 'nothing' : typeof v === 'string' ? v : JSON.stringify(v));
    for (const d of r.disagreements.slice(0, 50)) {
      const what = d.kind === 'kept-rejected' ? 'kept, reviewer rejected' : 'rejected, reviewer accepted';
      out.info(`  ${d.attemptId}  ${d.field}: ${what}; label ${show(d.expected)}, answer ${show(d.extracted)}${d.note ? ` (${d.note})` : ''}`);
    }
    if (r.disagreements.length > 50) out.info(`  … and ${r.disagreements.length - 50} more (--json lists all)`);
  }
}
