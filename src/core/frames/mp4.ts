import { promises as fsp } from 'node:fs';

/**
 * The duration of an MP4/MOV file read from its `moov/mvhd` box, without spawning
 * ffprobe (which costs more than extracting a few frames). Undefined for anything else
 * (other containers, fragmented files with no duration), so callers fall back to ffprobe.
 */
export async function mp4Duration(file: string): Promise<number | undefined> {
  const fh = await fsp.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(16);
    let at = 0;
    // Top-level boxes: find moov (at the start with +faststart, else after mdat).
    while (at + 8 <= size) {
      const { bytesRead } = await fh.read(head, 0, 16, at);
      if (bytesRead < 8) return undefined;
      let len = head.readUInt32BE(0);
      const type = head.toString('latin1', 4, 8);
      let hdr = 8;
      if (len === 1) {
        if (bytesRead < 16) return undefined;
        len = Number(head.readBigUInt64BE(8));
        hdr = 16;
      } else if (len === 0) len = size - at;
      if (len < hdr) return undefined;
      if (type === 'moov') {
        const moov = Buffer.alloc(Math.min(len - hdr, 1 << 20));
        await fh.read(moov, 0, moov.length, at + hdr);
        return mvhdDuration(moov);
      }
      at += len;
    }
    return undefined;
  } finally {
    await fh.close();
  }
}

function mvhdDuration(moov: Buffer): number | undefined {
  let at = 0;
  while (at + 8 <= moov.length) {
    const len = moov.readUInt32BE(at);
    const type = moov.toString('latin1', at + 4, at + 8);
    if (len < 8) return undefined;
    if (type === 'mvhd') {
      const v = moov[at + 8];
      const p = at + 12;
      if (v === 1) {
        if (p + 28 > moov.length) return undefined;
        const scale = moov.readUInt32BE(p + 16);
        const dur = Number(moov.readBigUInt64BE(p + 20));
        return scale > 0 && dur > 0 ? dur / scale : undefined;
      }
      if (p + 16 > moov.length) return undefined;
      const scale = moov.readUInt32BE(p + 8);
      const dur = moov.readUInt32BE(p + 12);
      return scale > 0 && dur > 0 && dur !== 0xffffffff ? dur / scale : undefined;
    }
    at += len;
  }
  return undefined;
}
