import { join } from 'node:path';
import { resolveClip } from '../datasets/clipPath';
import { readFile } from 'node:fs/promises';
import { REPORT_FILE, readDataset } from '../datasets/store';
import type { SampleRecord } from '../datasets/record';

/** What the review needs of a dataset record: its labels and its clip. */
export interface SampleInfo {
  labels: Record<string, unknown>;
  /** The task field the sample asks about (`<record>#<task>.<field>`), if the id says. */
  field?: string;
  clip?: { path: string; start?: number; end?: number };
}

/**
 * The cycle's dataset, read on first use only: a 100k-record dataset costs far more to
 * read and validate than the first page of the review, so the list never waits for it.
 * Sample ids are the record id, or `<record id>#<task>.<field>` when a record has several
 * questions (see core/generate/plan.ts).
 */
export class SampleLookup {
  private loading: Promise<Map<string, SampleRecord>> | undefined;
  private root: string | undefined;
  private allowRoots: string[] = [];
  /** Folders clips may come from (the dataset root and its allowRoots), once loaded. */
  roots: string[] = [];

  constructor(readonly datasetDir: string) {}

  static forCycle(workdir: string, dataset: string): SampleLookup {
    return new SampleLookup(join(workdir, 'datasets', dataset));
  }

  load(): Promise<Map<string, SampleRecord>> {
    this.loading ??= readDataset(this.datasetDir).then(
      (d) => {
        this.root = d.report?.root;
        this.allowRoots = d.report?.allowRoots ?? [];
        this.roots = this.root ? [this.root, ...this.allowRoots] : [];
        this.cache = new Map(d.records.map((r) => [r.id, r]));
        return this.cache;
      },
      () => (this.cache = new Map()),
    );
    return this.loading;
  }

  /** The records by id once loaded (undefined before). */
  cache: Map<string, SampleRecord> | undefined;

  async info(sampleId: string): Promise<SampleInfo | undefined> {
    const records = this.cache ?? (await this.load());
    const { recordId, field } = splitSampleId(sampleId);
    const rec = records.get(sampleId) ?? records.get(recordId);
    if (!rec) return undefined;
    const info: SampleInfo = { labels: rec.labels, ...(field === undefined ? {} : { field }) };
    if (this.root) {
      const c = resolveClip(rec.video, this.root, this.allowRoots);
      if (c.ok) info.clip = { path: c.abs, ...(rec.start === undefined ? {} : { start: rec.start }), ...(rec.end === undefined ? {} : { end: rec.end }) };
    }
    return info;
  }
}

export function splitSampleId(sampleId: string): { recordId: string; field?: string } {
  const hash = sampleId.lastIndexOf('#');
  if (hash <= 0) return { recordId: sampleId };
  const rest = sampleId.slice(hash + 1);
  const dot = rest.indexOf('.');
  return { recordId: sampleId.slice(0, hash), ...(dot === -1 ? {} : { field: rest.slice(dot + 1) }) };
}

/** A label value as the filter compares it: strings as they are, anything else as JSON. */
export function labelText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * The folders a dataset's clips may come from (its root and allowRoots), from report.json
 * alone: the review webview needs them as resource roots before it loads, long before
 * the records are read. [] when the dataset has no readable report.
 */
export async function readClipRoots(datasetDir: string): Promise<string[]> {
  try {
    const r = JSON.parse(await readFile(join(datasetDir, REPORT_FILE), 'utf8')) as { root?: unknown; allowRoots?: unknown };
    const roots = typeof r.root === 'string' ? [r.root] : [];
    if (Array.isArray(r.allowRoots)) for (const x of r.allowRoots) if (typeof x === 'string') roots.push(x);
    return roots;
  } catch {
    return [];
  }
}
