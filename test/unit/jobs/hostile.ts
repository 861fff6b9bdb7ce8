/** Values built to break naive quoting; each must reach the program exactly as written. */
export const HOSTILE: readonly string[] = [
  "it's",
  "'",
  "''",
  '$(touch PWNED)',
  '`touch PWNED`',
  'a; touch PWNED',
  'a && touch PWNED || true',
  'line1\nline2\n',
  '  spaced  out  ',
  'naïve – 日本語 🎬',
  '"double" \\"escaped\\"',
  'back\\slash\\',
  '$HOME ${HOME} $1 $@',
  '*',
  '-n',
  '',
  '%j %A %%',
  '#not a comment',
  'a|b&c>d<e',
  '\\\'\\\'',
  '\t tab',
];

/** argv that prints its own arguments (after the script) as JSON on stdout. */
export function argvPrinter(): string[] {
  return [process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)) + "\\n")'];
}
