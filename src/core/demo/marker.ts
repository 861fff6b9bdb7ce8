import { existsSync, readdirSync } from 'node:fs';

/** The file a demo folder holds, so a later demo may start it again (and nothing else is touched). */
export const DEMO_MARKER = 'demo.json';

/** A demo may go into `dir`: it is missing, empty (dot entries aside) or an earlier demo's. */
export function canHoldDemo(dir: string): boolean {
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => !n.startsWith('.')) : [];
  return names.length === 0 || names.includes(DEMO_MARKER);
}
