import { spawn } from 'node:child_process';

/**
 * accuracy.png, drawn by matplotlib in the workers' Python
 * (`python -m vstar_workers.tinyvlm.plot`); argv only, never a shell.
 */
export function plotSummary(o: { python: string; summary: string; out: string; compare?: string; title?: string }): Promise<void> {
  const args = ['-m', 'vstar_workers.tinyvlm.plot', '--summary', o.summary, '--out', o.out];
  if (o.compare) args.push('--compare', o.compare);
  if (o.title) args.push('--title', o.title);
  return new Promise((resolvePlot, reject) => {
    const p = spawn(o.python, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MPLBACKEND: 'Agg' } });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    p.on('error', (e) => reject(new Error(`cannot run ${o.python} for the plot: ${e.message}`)));
    p.on('close', (code) => (code === 0 ? resolvePlot() : reject(new Error(`the plot failed (exit ${code}): ${err.trim()}`))));
  });
}
