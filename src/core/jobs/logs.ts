import type { Host } from './host';

export interface LogFile {
  path: string;
  /** Put before each line (e.g. `[3] ` for array task 3). */
  prefix?: string;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Lines of one or more growing files on a host. Reads from remembered offsets, so a
 * follower costs one small read per file per poll; a trailing line without its newline is
 * held back until it is complete or the job is over.
 */
export async function* readLogLines(
  host: Host,
  files: readonly LogFile[],
  opts: { follow?: boolean; pollMs?: number; signal?: AbortSignal; isDone: () => Promise<boolean> },
): AsyncGenerator<string> {
  const offsets = files.map(() => 0);
  const partial = files.map(() => '');
  const decoders = files.map(() => new TextDecoder('utf-8'));
  const pollMs = opts.pollMs ?? 500;

  async function* round(flush: boolean): AsyncGenerator<string, boolean> {
    let any = false;
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      const buf = await host.readFrom(f.path, offsets[i]!);
      if (buf && buf.length > 0) {
        any = true;
        offsets[i]! += buf.length;
        partial[i] += decoders[i]!.decode(buf, { stream: true });
      }
      const parts = partial[i]!.split('\n');
      partial[i] = parts.pop() ?? '';
      for (const line of parts) yield (f.prefix ?? '') + line;
      if (flush && partial[i] !== '') {
        yield (f.prefix ?? '') + partial[i];
        partial[i] = '';
      }
    }
    return any;
  }

  if (!opts.follow) {
    yield* round(true);
    return;
  }
  for (;;) {
    if (opts.signal?.aborted) return;
    const done = await opts.isDone();
    // read after the done check: whatever was written before the job ended is still read
    const any = yield* round(done);
    if (done) {
      while (yield* round(true)) {
        /* drain what is left */
      }
      return;
    }
    if (!any) await sleep(pollMs, opts.signal);
  }
}
