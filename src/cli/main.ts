import { Command, CommanderError } from 'commander';
import { InputError, UsageError } from '../core/util/errors';
import { registerCommands } from './commands';

/** Exit codes: 0 ok, 1 failure, 2 usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export function buildProgram(): Command {
  const program = new Command('vstar')
    .description('Video-STaR Studio: self-train a video-language model on labeled video and review every step.')
    .version(require('../../package.json').version as string)
    .option('--json', 'print a machine-readable JSON result')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  // Subcommands inherit exitOverride only when set before they are added, so set it on all.
  const walk = (c: Command): void => {
    c.exitOverride();
    c.commands.forEach(walk);
  };
  walk(program);
  return program;
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return (process.exitCode as number | undefined) ?? EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof InputError) {
      process.stderr.write(`${err.message}\n`);
      return EXIT.failure;
    }
    process.stderr.write(`error: ${err instanceof Error ? (process.env.VSTAR_DEBUG ? err.stack : err.message) : String(err)}\n`);
    return EXIT.failure;
  }
}

/** Entry point used by `bin/vstar.js`. */
export function main(): void {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
