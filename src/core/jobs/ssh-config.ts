import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A small reader for ~/.ssh/config: the keywords a runner needs (HostName, User, Port,
 * IdentityFile, IdentityAgent), OpenSSH's rule that the first value obtained wins,
 * `Host` patterns with `*`, `?` and `!negation`. `Match` blocks are skipped (never
 * applied) and `Include` is not followed: both are noted in `ignored` for messages.
 */
export interface SshHostConfig {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  identityAgent?: string;
  ignored: string[];
}

interface Block {
  patterns: string[] | null; // null = a Match block (skipped)
  entries: [string, string][];
}

export function parseSshConfig(text: string): Block[] {
  const blocks: Block[] = [{ patterns: ['*'], entries: [] }]; // options before any Host apply to all
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^(\S+?)(?:\s*=\s*|\s+)(.*)$/);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'host') blocks.push({ patterns: splitArgs(value), entries: [] });
    else if (key === 'match') blocks.push({ patterns: null, entries: [] });
    else blocks[blocks.length - 1]!.entries.push([key, value]);
  }
  return blocks;
}

function splitArgs(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2]!);
  return out;
}

function globToRegExp(p: string): RegExp {
  return new RegExp('^' + p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
}

export function hostMatches(patterns: readonly string[], host: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globToRegExp(p.slice(1)).test(host)) return false;
    } else if (globToRegExp(p).test(host)) matched = true;
  }
  return matched;
}

export function resolveSshHost(text: string, alias: string): SshHostConfig {
  const cfg: SshHostConfig = { identityFiles: [], ignored: [] };
  for (const b of parseSshConfig(text)) {
    if (b.patterns === null) {
      if (b.entries.length) cfg.ignored.push('Match block');
      continue;
    }
    if (!hostMatches(b.patterns, alias)) continue;
    for (const [key, value] of b.entries) {
      const v = splitArgs(value)[0] ?? '';
      if (key === 'hostname') cfg.hostName ??= v;
      else if (key === 'user') cfg.user ??= v;
      else if (key === 'port') cfg.port ??= Number(v);
      else if (key === 'identityfile') cfg.identityFiles.push(v);
      else if (key === 'identityagent') cfg.identityAgent ??= v;
      else if (key === 'include') cfg.ignored.push(`Include ${v}`);
    }
  }
  if (cfg.port !== undefined && !(Number.isInteger(cfg.port) && cfg.port > 0 && cfg.port < 65536)) cfg.port = undefined;
  return cfg;
}

/** OpenSSH's tokens and `~` in paths: %d home, %u local user, %h host, %r remote user, %%. */
export function expandSshPath(p: string, ctx: { host: string; user: string }): string {
  const home = homedir();
  const s = p.replace(/%([%dhur])/g, (_, t: string) =>
    t === '%' ? '%' : t === 'd' ? home : t === 'h' ? ctx.host : t === 'u' ? userInfo().username : ctx.user,
  );
  return s === '~' ? home : s.startsWith('~/') ? join(home, s.slice(2)) : s;
}

/** Reads the config file; a missing file is an empty config. */
export function loadSshHostConfig(alias: string, file = join(homedir(), '.ssh', 'config')): SshHostConfig {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return resolveSshHost(text, alias);
}
