/**
 * Attempt sample ids: the record id when a record gets one question, else
 * `<record id>#<task>.<field>` (see plan.ts), so several questions about a clip never
 * share an id. The split is the one place that reads that shape back: the review looks
 * up a sample's record and field with it, the export joins a sample with its record.
 */

export function sampleIdOf(recordId: string, task: string, field: string): string {
  return `${recordId}#${task}.${field}`;
}

/**
 * The record a sample id asks about, and the field when the id names one. The last `#`
 * splits (record ids may contain `#`); one at the start is part of the record id.
 */
export function splitSampleId(sampleId: string): { recordId: string; field?: string } {
  const hash = sampleId.lastIndexOf('#');
  if (hash <= 0) return { recordId: sampleId };
  const rest = sampleId.slice(hash + 1);
  const dot = rest.indexOf('.');
  return { recordId: sampleId.slice(0, hash), ...(dot === -1 ? {} : { field: rest.slice(dot + 1) }) };
}
