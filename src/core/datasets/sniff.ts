import { looksLikePickle } from './pickle';

/** What a binary annotation file is, from its first bytes, and what to do about it. */
export interface BinaryKind {
  what: string;
  hint?: string;
  pickle?: boolean;
}

const MAGIC: { bytes: number[]; what: string; hint?: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive', hint: 'extract it and give the annotation file inside' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file', hint: 'decompress it first (gunzip)' },
  { bytes: [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], what: 'a NumPy .npy array', hint: 'export its labels as JSON or csv' },
  { bytes: [0x89, 0x48, 0x44, 0x46], what: 'an HDF5 file', hint: 'export its labels as JSON or csv' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file', hint: 'export it as csv or JSON lines' },
];

/**
 * Undefined for a text file; else what the binary file looks like. A file is binary when
 * it has a known magic number, is a pickle, or holds a NUL byte in its first line (within
 * its first 8 KiB; UTF-8 text never does; UTF-16 text does, and is named so).
 */
export function binaryKind(bytes: Uint8Array): BinaryKind | undefined {
  if (looksLikePickle(bytes)) return { what: 'a Python pickle', pickle: true };
  for (const m of MAGIC) if (m.bytes.every((b, i) => bytes[i] === b)) return { what: m.what, hint: m.hint };
  if (bytes[4] === 0x66 && bytes[5] === 0x74 && bytes[6] === 0x79 && bytes[7] === 0x70) return { what: 'a video file (MP4/MOV)', hint: 'give the annotation file; clips are found through it' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { what: 'UTF-16 text', hint: 'save it as UTF-8' };
  // A NUL in the first line: binary. A text file whose later lines hold NULs (a torn or
  // corrupted record) is text with bad lines: those are reported line by line and the
  // good records kept.
  const head = bytes.subarray(0, 8192);
  const nl = head.indexOf(0x0a);
  if ((nl === -1 ? head : head.subarray(0, nl)).includes(0)) return { what: 'a binary file' };
  return undefined;
}
