/**
 * Streams a JSONL file as raw byte lines, so a huge file never sits in memory and broken
 * UTF-8 can be reported for the line it is on (a text decoder would silently replace it).
 */
import { createReadStream } from 'node:fs';

export interface RawLine {
  /** 1-based line number. */
  line: number;
  bytes: Buffer;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The line as text, or null when it is not valid UTF-8. */
export function decodeLine(bytes: Buffer): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** Lines of the file without their "\n" / "\r\n"; `onBytes` reports progress. */
export async function* readRawLines(path: string, onBytes?: (n: number) => void): AsyncGenerator<RawLine> {
  let pending: Buffer[] = [];
  let line = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    onBytes?.(chunk.length);
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
      let bytes = chunk.subarray(from, nl);
      if (pending.length) {
        pending.push(bytes);
        bytes = Buffer.concat(pending);
        pending = [];
      }
      line++;
      yield { line, bytes: bytes.length && bytes[bytes.length - 1] === 13 ? bytes.subarray(0, -1) : bytes };
      from = nl + 1;
    }
    if (from < chunk.length) pending.push(chunk.subarray(from));
  }
  if (pending.length) {
    const bytes = Buffer.concat(pending);
    line++;
    yield { line, bytes: bytes.length && bytes[bytes.length - 1] === 13 ? bytes.subarray(0, -1) : bytes };
  }
}
