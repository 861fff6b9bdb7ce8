import { NameRegistry, Parser } from 'pickleparser';

/**
 * Python pickles as plain values, with pickleparser (a parser: nothing in the file is
 * run). Dicts become Maps (their keys may be tuples, as FineDiving's are), tuples and
 * lists arrays. numpy arrays and scalars, which research annotation files are full of,
 * become numbers and number arrays; any other class stays an opaque object that the
 * format reader reports as an unexpected value.
 */

/** The first bytes of a pickle: PROTO (0x80) and a protocol number 2..5. */
export function looksLikePickle(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5;
}

/** An unsupported Python object met in a pickle: its `module.name`. */
export class PickledObject {
  constructor(readonly pythonClass: string) {}
}

class NumpyDtype {
  /** e.g. `i8`, `f4`, `u1`, `b1`. */
  readonly code: string;
  littleEndian = true;
  constructor(code: unknown) {
    this.code = String(code);
  }
  __setstate__(state: unknown): void {
    if (Array.isArray(state) && state[1] === '>') this.littleEndian = false;
  }
}

/** Numbers out of a numpy buffer of the given dtype; undefined for a dtype we do not read. */
function numbers(dtype: NumpyDtype, raw: Uint8Array): number[] | undefined {
  const m = /^([iufb])(\d)$/.exec(dtype.code);
  if (!m) return undefined;
  const size = Number(m[2]);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const le = dtype.littleEndian;
  const read: Record<string, ((at: number) => number) | undefined> = {
    i1: (at) => view.getInt8(at),
    i2: (at) => view.getInt16(at, le),
    i4: (at) => view.getInt32(at, le),
    i8: (at) => Number(view.getBigInt64(at, le)),
    u1: (at) => view.getUint8(at),
    u2: (at) => view.getUint16(at, le),
    u4: (at) => view.getUint32(at, le),
    u8: (at) => Number(view.getBigUint64(at, le)),
    f4: (at) => view.getFloat32(at, le),
    f8: (at) => view.getFloat64(at, le),
    b1: (at) => view.getUint8(at),
  };
  const f = read[dtype.code];
  if (!f || raw.byteLength % size !== 0) return undefined;
  return Array.from({ length: raw.byteLength / size }, (_, i) => f(i * size));
}

/** What `numpy.core.multiarray._reconstruct` builds; BUILD then fills it from its state. */
class NumpyArray {
  values: number[] | PickledObject = new PickledObject('numpy.ndarray');
  __setstate__(state: unknown): void {
    // (version, shape, dtype, is_fortran, raw bytes)
    if (!Array.isArray(state) || state.length < 5) return;
    const [, , dtype, , raw] = state as [unknown, unknown, unknown, unknown, unknown];
    if (dtype instanceof NumpyDtype && raw instanceof Uint8Array) {
      const v = numbers(dtype, raw);
      this.values = v ?? new PickledObject(`numpy.ndarray of ${dtype.code}`);
    }
  }
}

function registry(): NameRegistry {
  const r = new (class extends NameRegistry {
    override onMissingName(module: string, name: string): (...args: unknown[]) => unknown {
      // A stand-in that records what it was; nothing of the class is run.
      return function (this: unknown) {
        return new PickledObject(`${module}.${name}`);
      };
    }
  })();
  for (const core of ['numpy.core.multiarray', 'numpy._core.multiarray']) {
    r.register(core, '_reconstruct', () => new NumpyArray());
    r.register(core, 'scalar', (dtype: unknown, raw: unknown) => {
      const v = dtype instanceof NumpyDtype && raw instanceof Uint8Array ? numbers(dtype, raw) : undefined;
      return v?.length === 1 ? v[0] : new PickledObject('numpy scalar');
    });
  }
  // REDUCE calls these as functions.
  r.register('numpy', 'dtype', (code: unknown) => new NumpyDtype(code));
  r.register('numpy', 'ndarray', () => undefined);
  return r;
}

/** Replaces numpy arrays by their number lists, all the way down (Maps and arrays). */
function plain(v: unknown): unknown {
  if (v instanceof NumpyArray) return v.values;
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [plain(k), plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

/** Parses a pickle; throws with the parser's message when the file is not one it can read. */
export function readPickle(bytes: Uint8Array): unknown {
  const parser = new Parser({ nameResolver: registry(), unpicklingTypeOfDictionary: 'Map', unpicklingTypeOfSet: 'array' });
  return plain(parser.parse(bytes));
}
