import type { Target as ConfigTarget } from '../config/compute';
import type { JobResources } from './spec';
import type { SshTarget, Target } from './target';

/**
 * A runner target from vstar.yaml's `targets` (the config's shape) plus the resource
 * defaults a Slurm target declares; a job's own resources win over these.
 */
export interface ResolvedTarget {
  target: Target;
  defaults: JobResources;
}

export function targetFromConfig(targets: Record<string, ConfigTarget>, name: string): ResolvedTarget {
  const t = targets[name];
  if (!t) throw new Error(`no target "${name}" under targets in vstar.yaml (have: ${Object.keys(targets).join(', ') || 'none'})`);
  if (t.type === 'local') return { target: { kind: 'local' }, defaults: {} };
  if (t.type === 'ssh') return { target: { kind: 'ssh', ssh: sshOf(t) }, defaults: {} };
  let ssh: SshTarget | undefined;
  if (t.via) {
    const via = targets[t.via];
    if (!via || via.type !== 'ssh') throw new Error(`target "${name}": via "${t.via}" must name an ssh target`);
    ssh = sshOf(via);
  }
  const defaults: JobResources = {};
  if (t.partition) defaults.partition = t.partition;
  if (t.gpus !== undefined) defaults.gpus = t.gpus;
  if (t.time) defaults.time = t.time;
  if (t.cpus) defaults.cpus = t.cpus;
  if (t.mem) defaults.mem = t.mem.toUpperCase();
  if (t.account) defaults.account = t.account;
  return { target: ssh ? { kind: 'slurm', ssh } : { kind: 'slurm' }, defaults };
}

function sshOf(t: Extract<ConfigTarget, { type: 'ssh' }>): SshTarget {
  return {
    host: t.host,
    ...(t.user ? { user: t.user } : {}),
    ...(t.port ? { port: t.port } : {}),
    ...(t.identityFile ? { identityFile: t.identityFile } : {}),
    ...(t.workdir ? { remoteDir: t.workdir } : {}),
  };
}

/** Job resources over target defaults, field by field. */
export function withDefaults(resources: JobResources | undefined, defaults: JobResources): JobResources {
  return { ...defaults, ...Object.fromEntries(Object.entries(resources ?? {}).filter(([, v]) => v !== undefined)) };
}
