import { UsageError } from '../util/errors';
import { checkEnvName, ENV_NAME, shQuote } from './quote';

/**
 * Secrets (API tokens, passwords) reach a job by NAME, never by value in anything written
 * down. `spec.env` values are written into job.sh and the job record; `spec.secretEnv`
 * lists names only, and their values travel beside the spec at submit time: in the
 * spawned process's environment (this machine), on the stdin of the SSH exec channel
 * (never in the command line, which `ps` shows on the host), and for Slurm in the
 * environment of the sbatch call, which hands it to the job (`--export=ALL`). Slurm itself
 * keeps a batch job's environment in the controller's StateSaveLocation (SlurmUser-only,
 * mode 0600) until the job record is purged (MinJobAge): true of any variable sbatch
 * exports, and the one copy on disk that is not ours to avoid.
 */

// A word of the name (split at `_`) ending in one of these: HF_TOKEN, OPENAI_API_KEY,
// AWS_SECRET_ACCESS_KEY, DB_PASSWORD, APIKEY; but not TOKENIZERS_PARALLELISM or KEYBOARD.
const SECRET_WORD = /(TOKEN|KEY|SECRET|PASSWORD|PASSWD|CREDENTIAL)S?$/i;

// Prefixes of real tokens (Hugging Face, GitHub; as config/compute.ts checks tokenEnv): a
// token given where its variable's NAME belongs is refused without being echoed.
const TOKEN_VALUE = /^(hf_|ghp_|github_pat_|sk-)/;

/** Why `name` cannot name a secret's variable (not echoing it: it may be the token itself), or undefined. */
export function badSecretName(name: string): string | undefined {
  if (TOKEN_VALUE.test(name)) return 'looks like a token itself; give the NAME of the environment variable that holds it';
  if (!ENV_NAME.test(name)) return 'is not an environment variable name (letters, digits, _)';
  return undefined;
}

/** True for an environment variable name that looks like it holds a secret. */
export function looksSecret(name: string): boolean {
  return name.split('_').some((w) => SECRET_WORD.test(w));
}

/** What a person reads when a secret-looking name is given a value to write down. */
export function secretEnvAdvice(name: string, how = `--secret-env ${name}`): string {
  return `${name} looks like a secret (its name has TOKEN, KEY, SECRET or PASSWORD in it), and env values are written into job.sh and the job record; pass it by name with ${how}: its value is read from the submitting environment and never written to disk`;
}

/**
 * The values for a spec's `secretEnv` names, checked: every name has a value, nothing else
 * is given, and `env` does not hold a secret-looking name or one of the secret names.
 */
export function checkSecrets(env: Readonly<Record<string, string>>, secretEnv: readonly string[], secrets: Readonly<Record<string, string>> = {}): Record<string, string> {
  for (const k of Object.keys(env)) {
    if (looksSecret(k)) throw new UsageError(`job env ${secretEnvAdvice(k, 'secretEnv (names only) and its value beside the spec')}`);
    if (secretEnv.includes(k)) throw new UsageError(`${k} is both in env and in secretEnv; give it once, as a secret`);
  }
  const out: Record<string, string> = {};
  for (const name of secretEnv) {
    const v = secrets[name];
    if (v === undefined) throw new UsageError(`secret ${checkEnvName(name)} has no value: set it in the environment that submits the job`);
    out[name] = v;
  }
  for (const name of Object.keys(secrets)) if (!secretEnv.includes(name)) throw new Error(`a value was given for ${name}, which the job's secretEnv does not name`);
  return out;
}

/**
 * The secrets as shell assignments (`NAME='value'` and `export NAME`), for a constant
 * script to `eval` from its stdin: the names are checked, the values single-quoted.
 */
export function secretExports(secrets: Readonly<Record<string, string>>): string {
  return Object.entries(secrets)
    .map(([k, v]) => `${checkEnvName(k)}=${shQuote(v)}\nexport ${k}\n`)
    .join('');
}

/**
 * A constant prefix (`sh -c` script) that reads the exports above from stdin, then runs the
 * rest of its argv with them in its environment. Nothing secret is in its command line.
 */
export const ENV_FROM_STDIN_SH = 'eval "$(cat)" || exit 97; exec "$@"';
