// Which cycle a changed file belongs to, for the Cycles view's file watcher: only that
// cycle's counts are recomputed. `vscode`-free for plain Node tests.

/** `<workdir>` and cycle number of a file under `<workdir>/cycles/<N>/`, if it is one. */
export function cycleOfPath(file: string): { workdir: string; cycle: number } | undefined {
  const m = /^(.*)[\\/]cycles[\\/]([1-9]\d*)(?:[\\/]|$)/.exec(file);
  return m ? { workdir: m[1]!, cycle: Number(m[2]) } : undefined;
}
