import { z } from 'zod';

/** How to reach an SSH host; unset fields come from ~/.ssh/config, then defaults. */
export const SshTarget = z.object({
  /** A Host alias from ~/.ssh/config or a real host name / address. */
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1).optional(),
  identityFile: z.string().optional(),
  /** Default ~/.ssh/config. */
  sshConfigFile: z.string().optional(),
  /** Default ~/.ssh/known_hosts. */
  knownHostsFile: z.string().optional(),
  /** Accept (but do not record) a host key that known_hosts does not list. A changed key is always refused. */
  acceptUnknownHostKey: z.boolean().optional(),
  /** Root for per-job folders on the host: absolute, or relative to the login directory. */
  remoteDir: z.string().optional(),
  /** Connection timeout, ms. */
  readyTimeoutMs: z.number().int().positive().optional(),
});
export type SshTarget = z.infer<typeof SshTarget>;

export const SlurmPolling = z.object({
  /** Never ask the controller more often than this (ms). */
  minMs: z.number().int().positive().default(2000),
  /** Back off up to this while nothing changes (ms). */
  maxMs: z.number().int().positive().default(30000),
});

export const Target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }),
  z.object({ kind: z.literal('ssh'), ssh: SshTarget }),
  z.object({
    kind: z.literal('slurm'),
    /** Absent: sbatch/squeue run on this machine. */
    ssh: SshTarget.optional(),
    /** Root for per-job folders when submitting locally (default <workdir>/jobs). */
    remoteDir: z.string().optional(),
    polling: SlurmPolling.optional(),
  }),
]);
export type Target = z.infer<typeof Target>;
export type TargetKind = Target['kind'];

/** Short label for lists: `local`, `ssh:gpu1`, `slurm`, `slurm:cluster`. */
export function targetLabel(t: Target): string {
  if (t.kind === 'local') return 'local';
  if (t.kind === 'ssh') return `ssh:${t.ssh.host}`;
  return t.ssh ? `slurm:${t.ssh.host}` : 'slurm';
}
