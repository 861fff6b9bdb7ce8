/**
 * Jobs on compute targets: `createRunner(target, workdir)` gives a Runner for
 * `local`, `ssh` or `slurm`; `runnerForJob(workdir, id)` reattaches to a job from its record.
 */
import type { Host } from './host';
import { LocalHost } from './local-host';
import { ProcessRunner } from './process-runner';
import type { Runner } from './runner';
import { SlurmRunner } from './slurm-runner';
import { JobStore } from './store';
import type { SshTarget, Target } from './target';

export * from './quote';
export * from './spec';
export * from './target';
export * from './runner';
export { badSecretName, looksSecret, secretEnvAdvice } from './secrets';
export { JobStore, JobRecord, newJobId, checkJobId } from './store';
export { parseProgressLine, type Progress } from './progress';

/** ssh2 (~600 KB) is loaded on the first SSH connection, not with the jobs module (activation time). */
const connectSsh = async (t: SshTarget): Promise<Host> => (require('./ssh-host') as typeof import('./ssh-host')).connectSsh(t);

export function createRunner(target: Target, workdir: string): Runner {
  const store = new JobStore(workdir);
  switch (target.kind) {
    case 'local':
      return new ProcessRunner('local', store, target, async () => new LocalHost(), async () => store.dir);
    case 'ssh': {
      const ssh = target.ssh;
      return new ProcessRunner('ssh', store, target, () => connectSsh(ssh), (host) => remoteRoot(host, ssh.remoteDir));
    }
    case 'slurm': {
      const ssh = target.ssh;
      const polling = { minMs: target.polling?.minMs ?? 2000, maxMs: target.polling?.maxMs ?? 30000 };
      if (ssh) return new SlurmRunner(store, target, () => connectSsh(ssh), (host) => remoteRoot(host, ssh.remoteDir ?? target.remoteDir), polling);
      const dir = target.remoteDir;
      return new SlurmRunner(store, target, async () => new LocalHost(), async (host) => (dir ? remoteRoot(host, dir) : store.dir), polling);
    }
  }
}

/** The runner for an existing job, from the target saved in its record. */
export async function runnerForJob(workdir: string, id: string): Promise<Runner> {
  const rec = await new JobStore(workdir).load(id);
  return createRunner(rec.target, workdir);
}

/** The per-job root on an SSH host, created if needed and made absolute. */
export async function remoteRoot(host: Host, dir = '.vstar/jobs'): Promise<string> {
  await host.mkdirp(dir);
  return host.resolve(dir);
}
