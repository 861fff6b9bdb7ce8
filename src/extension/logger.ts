// The one logger: a LogOutputChannel named "Video-STaR" (Output panel, with levels and
// timestamps, written to the extension host's log folder too). Errors go in with stacks.
import * as vscode from 'vscode';

export const OUTPUT_CHANNEL = 'Video-STaR';

export type Logger = vscode.LogOutputChannel;

export function createLogger(): Logger {
  return vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
}

/** The message of anything thrown, for short user-facing text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Logs `what` with the full stack, then tells the user briefly where to look. */
export function reportError(log: Logger, what: string, err: unknown): void {
  log.error(`${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  void vscode.window
    .showErrorMessage(`Video-STaR: ${what}: ${errorMessage(err)}`, 'Show Log')
    .then((choice) => (choice === 'Show Log' ? log.show(true) : undefined));
}
