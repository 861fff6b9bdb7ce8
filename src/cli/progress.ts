/**
 * Progress for long CLI work: a redrawn bar on a terminal, plain lines otherwise
 * (at most one every `plainEveryMs`, plus the last), nothing with --json.
 */
export interface Progress {
  update(done: number, total: number, note?: string): void;
  done(note?: string): void;
}

export function makeProgress(label: string, opts: { json?: boolean; stream?: NodeJS.WriteStream; plainEveryMs?: number } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.json) return { update() {}, done() {} };
  const tty = Boolean(stream.isTTY);
  const every = opts.plainEveryMs ?? 2000;
  const started = Date.now();
  let last = 0;
  let lastDone = 0;
  let lastTotal = 0;

  const line = (done: number, total: number, note?: string): string => {
    const pct = total > 0 ? Math.min(1, done / total) : 0;
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 && total > done ? `${Math.ceil((total - done) / rate)}s` : '-';
    const tail = `${done}/${total} ${(pct * 100).toFixed(0)}% ${rate.toFixed(0)}/s eta ${eta}${note ? ' ' + note : ''}`;
    if (!tty) return `${label}: ${tail}`;
    const width = 24;
    const fill = Math.round(pct * width);
    return `${label} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${tail}`;
  };

  return {
    update(done, total, note) {
      lastDone = done;
      lastTotal = total;
      const now = Date.now();
      if (tty) {
        if (now - last < 50 && done < total) return;
        last = now;
        stream.write(`\r\x1b[2K${line(done, total, note)}`);
      } else if (now - last >= every) {
        last = now;
        stream.write(line(done, total, note) + '\n');
      }
    },
    done(note) {
      const text = line(lastDone, lastTotal, note);
      stream.write(tty ? `\r\x1b[2K${text}\n` : text + '\n');
    },
  };
}
