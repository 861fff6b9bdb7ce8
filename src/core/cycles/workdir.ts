import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { syncDir } from '../util/atomic';
import { CycleState, serializeState } from './records';
import { CYCLE_FILES, CycleStore } from './store';
import type { AppendLogOptions } from './append-log';

/** `<workdir>/cycles`. */
export function cyclesDir(workdir: string): string {
  return join(workdir, 'cycles');
}

export function cycleDir(workdir: string, cycle: number): string {
  return join(cyclesDir(workdir), String(cycle));
}

export interface NewCycleOptions {
  /** Defaults to one more than the highest existing cycle (1 for the first). */
  cycle?: number;
  model: string;
  parentModel?: string;
  dataset: string;
}

export interface CycleEntry {
  cycle: number;
  dir: string;
  /** Absent when state.json is missing or invalid; `problem` says why. */
  state?: CycleState;
  problem?: string;
}

/** Existing cycle numbers (folders named by a positive integer), ascending. */
export async function cycleNumbers(workdir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await fsp.readdir(cyclesDir(workdir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names.filter((n) => /^[1-9]\d*$/.test(n)).map(Number).sort((a, b) => a - b);
}

export async function listCycles(workdir: string): Promise<CycleEntry[]> {
  const out: CycleEntry[] = [];
  for (const cycle of await cycleNumbers(workdir)) {
    const dir = cycleDir(workdir, cycle);
    try {
      const store = await CycleStore.open(dir);
      out.push({ cycle, dir, state: await store.readState() });
    } catch (err) {
      out.push({ cycle, dir, problem: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

/**
 * Creates `<workdir>/cycles/<N>/` with its state and empty logs. The folder is built
 * under a temporary name and renamed into place, so nobody sees a cycle without its
 * state; rename(2) fails when `<N>` already holds a cycle, so two processes creating a
 * cycle at once get different numbers (or, with an explicit `cycle`, one gets an error).
 */
export async function createCycle(workdir: string, opts: NewCycleOptions, storeOpts: AppendLogOptions = {}): Promise<CycleStore> {
  const root = cyclesDir(workdir);
  await fsp.mkdir(root, { recursive: true });
  for (let attempt = 0; attempt < 100; attempt++) {
    const existing = await cycleNumbers(workdir);
    const cycle = opts.cycle ?? (existing.at(-1) ?? 0) + 1;
    if (opts.cycle !== undefined && existing.includes(opts.cycle)) throw new Error(`cycle ${opts.cycle} already exists in ${root}`);
    const state = CycleState.parse({
      cycle,
      model: opts.model,
      ...(opts.parentModel === undefined ? {} : { parentModel: opts.parentModel }),
      dataset: opts.dataset,
      createdAt: new Date().toISOString(),
      stages: {},
    });
    const tmp = join(root, `.new-${process.pid}-${randomBytes(4).toString('hex')}`);
    await fsp.mkdir(join(tmp, CYCLE_FILES.exports), { recursive: true });
    await fsp.writeFile(join(tmp, CYCLE_FILES.state), serializeState(state));
    for (const f of [CYCLE_FILES.attempts, CYCLE_FILES.verdicts, CYCLE_FILES.reviews]) await fsp.writeFile(join(tmp, f), '');
    await syncFile(join(tmp, CYCLE_FILES.state));
    await syncDir(tmp);
    try {
      await fsp.rename(tmp, cycleDir(workdir, cycle));
    } catch (err) {
      await fsp.rm(tmp, { recursive: true, force: true });
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      if (opts.cycle !== undefined) throw new Error(`cycle ${opts.cycle} already exists in ${root}`);
      continue; // someone else took this number
    }
    await syncDir(root);
    return CycleStore.open(cycleDir(workdir, cycle), storeOpts);
  }
  throw new Error(`could not allocate a new cycle number in ${root}`);
}

/** Opens cycle `n` of a workdir, or the latest when `n` is omitted. */
export async function openCycle(workdir: string, n?: number, opts: AppendLogOptions & { write?: boolean } = {}): Promise<CycleStore> {
  const cycle = n ?? (await cycleNumbers(workdir)).at(-1);
  if (cycle === undefined) throw new Error(`no cycles yet in ${cyclesDir(workdir)} (create one with \`vstar cycle new\`)`);
  return CycleStore.open(cycleDir(workdir, cycle), opts);
}

async function syncFile(path: string): Promise<void> {
  const fh = await fsp.open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
