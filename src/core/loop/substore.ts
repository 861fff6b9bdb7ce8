import { randomBytes } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { CycleState, serializeState } from '../cycles/records';
import { CYCLE_FILES, CycleStore } from '../cycles/store';
import { syncDir } from '../util/atomic';

/**
 * The evaluation of a cycle's model (and, in cycle 1, of the starting model) keeps its
 * attempts and verdicts in a store of its own inside the cycle folder (`evaluate/`,
 * `baseline/`), so held-out answers never mix with the training answers, and a killed
 * evaluation resumes like any wave. Made under a temp name and renamed into place.
 */
export async function openSubStore(owner: CycleStore, name: 'evaluate' | 'baseline', model: string, dataset: string): Promise<CycleStore> {
  const dir = join(owner.dir, name);
  if (!existsSync(join(dir, CYCLE_FILES.state))) {
    const tmp = join(owner.dir, `.${name}-${process.pid}-${randomBytes(4).toString('hex')}`);
    await fsp.mkdir(tmp, { recursive: true });
    const state = CycleState.parse({ cycle: owner.cycle, model, dataset, createdAt: new Date().toISOString(), stages: {} });
    await fsp.writeFile(join(tmp, CYCLE_FILES.state), serializeState(state));
    for (const f of [CYCLE_FILES.attempts, CYCLE_FILES.verdicts, CYCLE_FILES.reviews]) await fsp.writeFile(join(tmp, f), '');
    await syncDir(tmp);
    await fsp.rm(dir, { recursive: true, force: true }); // a folder left without its state by a crash
    await fsp.rename(tmp, dir);
    await syncDir(owner.dir);
  }
  return CycleStore.open(dir);
}
