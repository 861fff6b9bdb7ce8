import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Host key checking against an OpenSSH known_hosts file: plain and hashed (`|1|salt|hash`)
 * host patterns, `[host]:port` for non-22 ports, `!negation`, and `@revoked`.
 * `@cert-authority` lines are not supported and never match.
 */
export type HostKeyVerdict = 'match' | 'mismatch' | 'unknown' | 'revoked';

interface Entry {
  marker?: string;
  hosts: string;
  keyType: string;
  key: Buffer;
}

function parse(text: string): Entry[] {
  const out: Entry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const w = line.split(/\s+/);
    const marker = w[0]!.startsWith('@') ? w.shift() : undefined;
    if (w.length < 3) continue;
    out.push({ marker, hosts: w[0]!, keyType: w[1]!, key: Buffer.from(w[2]!, 'base64') });
  }
  return out;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return re.test(name);
}

/** The name known_hosts uses for host:port. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function hostsMatch(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let hit = false;
  for (const p of field.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) hit = true;
  }
  return hit;
}

/** The key type inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return '';
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString('latin1');
}

export function checkHostKey(knownHostsText: string, host: string, port: number, blob: Buffer): HostKeyVerdict {
  const name = knownHostName(host, port);
  const entries = parse(knownHostsText).filter((e) => hostsMatch(e.hosts, name));
  if (entries.some((e) => e.marker === '@revoked' && e.key.equals(blob))) return 'revoked';
  const plain = entries.filter((e) => e.marker === undefined);
  if (plain.some((e) => e.key.equals(blob))) return 'match';
  // The host is listed with other keys: a changed key (possible man in the middle), never "unknown".
  return plain.length ? 'mismatch' : 'unknown';
}

export function readKnownHosts(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}
