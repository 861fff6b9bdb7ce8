// What the list groups, sorts and stratifies by, per attempt position, from the latest
// verdict of each attempt: its label value(s), label type(s) and field(s), and the
// filter's confidence where it grades one. Read on first use only (the first screen
// never waits for it) and then, like DecisionLog, only the lines appended since.
import { promises as fsp } from 'node:fs';
import type { AttemptIndex } from '../cycles/attempt-index';
import { parseLine, readLineBatches } from '../cycles/lines';
import { labelText } from './samples';

export interface VerdictFact {
  /** The label value(s) the checks compared against, as text (`circle`, `7.5`); '' without checks. */
  label: string;
  /** Label type(s) (`class`, `number`…). */
  labelType: string;
  field: string;
  /** The filter's confidence in its verdict, when it gives one. */
  confidence?: number;
  uncertain?: boolean;
}

const NONE: VerdictFact = { label: '', labelType: '', field: '' };

/** The fact of a verdict record (any object; undefined when it is not a verdict). */
export function factOf(v: unknown): [string, VerdictFact] | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as { attemptId?: unknown; checks?: unknown; confidence?: unknown; uncertain?: unknown };
  if (typeof r.attemptId !== 'string' || !Array.isArray(r.checks)) return undefined;
  const labels: string[] = [];
  const types: string[] = [];
  const fields: string[] = [];
  let uncertain = r.uncertain === true;
  let confidence = typeof r.confidence === 'number' ? r.confidence : undefined;
  for (const c of r.checks as Array<Record<string, unknown>>) {
    if (!c || typeof c !== 'object') continue;
    if (c.expected !== undefined) labels.push(labelText(c.expected));
    if (typeof c.kind === 'string' && !types.includes(c.kind)) types.push(c.kind);
    if (typeof c.field === 'string') fields.push(c.field);
    if (c.uncertain === true) uncertain = true;
    if (typeof c.confidence === 'number') confidence = confidence === undefined ? c.confidence : Math.min(confidence, c.confidence);
  }
  const f: VerdictFact = { label: labels.join(' · '), labelType: types.join(' · '), field: fields.join(' · ') };
  if (confidence !== undefined) f.confidence = confidence;
  if (uncertain) f.uncertain = true;
  return [r.attemptId, f];
}

export class VerdictFacts {
  /** Per attempt position; NONE until a verdict is read. */
  facts: VerdictFact[] = [];
  private end = 0;
  private ino: number | undefined;
  private unplaced = new Map<string, VerdictFact>();

  constructor(readonly path: string) {}

  at(i: number): VerdictFact {
    return this.facts[i] ?? NONE;
  }

  async catchUp(index: AttemptIndex): Promise<void> {
    while (this.facts.length < index.size) this.facts.push(NONE);
    for (const [id, f] of this.unplaced) {
      const i = index.lookup(id);
      if (i === -1) continue;
      this.facts[i] = f;
      this.unplaced.delete(id);
    }
    const st = await fsp.stat(this.path).catch(() => undefined);
    if (!st) return;
    if (st.ino !== this.ino || st.size < this.end) {
      this.facts.fill(NONE);
      this.unplaced.clear();
      this.end = 0;
      this.ino = st.ino;
    }
    if (st.size === this.end) return;
    for await (const batch of readLineBatches(this.path, this.end)) {
      for (const l of batch) {
        this.end = l.offset + l.bytes + 1;
        const hit = factOf(parseLine(l.text));
        if (!hit) continue;
        const i = index.lookup(hit[0]);
        if (i !== -1) this.facts[i] = hit[1];
        else this.unplaced.set(hit[0], hit[1]);
      }
    }
  }
}
