/**
 * The ONE quoting function for anything that reaches a POSIX shell: a remote command over
 * SSH, a generated job script, an sbatch command line run through ssh. Every value is
 * wrapped in single quotes, where the shell interprets nothing, and each embedded single
 * quote becomes `'\''` (close, escaped quote, reopen). Newlines, `$(…)`, backticks, `;`,
 * spaces and non-ASCII all survive literally. NUL cannot be represented in argv or env,
 * so it is refused rather than silently truncated.
 */
export function shQuote(value: string): string {
  if (value.includes('\0')) throw new Error(`a value for the shell contains a NUL byte: ${JSON.stringify(value)}`);
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one shell command line: every word quoted, so the shell runs exactly this argv. */
export function shJoin(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('empty command');
  return argv.map(shQuote).join(' ');
}

/** Environment variable names the shell can assign; anything else is refused, never mangled. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkEnvName(name: string): string {
  if (!ENV_NAME.test(name)) throw new Error(`invalid environment variable name ${JSON.stringify(name)} (letters, digits, _; not starting with a digit)`);
  return name;
}
