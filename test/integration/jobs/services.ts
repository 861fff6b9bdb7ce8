import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** What scripts/test-services.sh wrote to env.json. */
export interface Services {
  dir: string;
  host: string;
  port: number;
  user: string;
  key: string;
  knownHosts: string;
  wrongKnownHosts: string;
  sshConfig: string;
  slurmConf: string;
  jobsDir: string;
  fakeGpus: number;
}

const HOW = 'run `bash scripts/test-services.sh up` first (it installs and starts sshd + Slurm on loopback)';

/**
 * The running test services, or a thrown error saying how to start them: these tests
 * must fail, never skip, when the real services are missing.
 */
export function requireServices(opts: { slurm?: boolean } = {}): Services {
  const dir = process.env.VSTAR_SERVICES_DIR ?? join(process.env.TMPDIR ?? tmpdir(), 'vstar-test-services');
  const file = join(dir, 'env.json');
  if (!existsSync(file)) throw new Error(`test services are not set up (no ${file}): ${HOW}`);
  const s = JSON.parse(readFileSync(file, 'utf8')) as Services;
  const ssh = spawnSync('ssh', ['-p', String(s.port), '-i', s.key, '-o', `UserKnownHostsFile=${s.knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=3', `${s.user}@${s.host}`, 'true'], { encoding: 'utf8' });
  if (ssh.status !== 0) throw new Error(`the test sshd on ${s.host}:${s.port} does not answer (${(ssh.stderr || ssh.error?.message || '').trim()}): ${HOW}`);
  if (opts.slurm) {
    const ping = spawnSync('scontrol', ['ping'], { encoding: 'utf8', env: { ...process.env, SLURM_CONF: s.slurmConf } });
    if (ping.status !== 0 || !/UP/.test(ping.stdout)) throw new Error(`the test Slurm controller is not up (${(ping.stdout + ping.stderr).trim()}): ${HOW}`);
  }
  return s;
}
