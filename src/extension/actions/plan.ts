// Which planned items a stage command works on, from the cycle's attempt index and verdict
// table (the core's), without VS Code: "Rationalize" asks again only about samples whose K
// direct answers are all in the log, all verified, and none passed — so the engine, given
// just those, makes no new direct-answer requests. `vscode`-free for plain Node tests.
import type { AttemptIndex, VerdictTable } from '../../core/cycles';
import type { GenerationItem } from '../../core/generate';

export function itemsToRationalize<T extends GenerationItem>(items: readonly T[], index: AttemptIndex, verdicts: VerdictTable, samplesPerPrompt: number): T[] {
  return items.filter((item) => {
    for (let t = 0; t < samplesPerPrompt; t++) {
      const i = index.find(item.sampleId, 'answer', t);
      if (i === -1) return false;
      if (verdicts.passAt(i) !== 0) return false; // passed, or not verified yet
    }
    return true;
  });
}
