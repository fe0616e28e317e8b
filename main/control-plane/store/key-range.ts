// Keys are bytes (etcd). Internally a key is held as a latin1 string: one code
// unit per byte, so JavaScript string order is exactly etcd's byte order and the
// string can index a Map without hashing a Buffer.

export type KeyStr = string;

export const EMPTY: Buffer = Buffer.alloc(0);

export function keyStr(key: Uint8Array): KeyStr {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1');
}

/**
 * A key interval with etcd's range_end conventions:
 * `end === undefined` is the single key `start`; `end === null` is every key >= start
 * (range_end "\0"); otherwise [start, end).
 */
export interface KeyInterval {
  start: KeyStr;
  end: KeyStr | null | undefined;
}

export function toInterval(key: Uint8Array, rangeEnd?: Uint8Array): KeyInterval {
  const start = keyStr(key);
  if (!rangeEnd || rangeEnd.length === 0) return { start, end: undefined };
  if (rangeEnd.length === 1 && rangeEnd[0] === 0) return { start, end: null };
  return { start, end: keyStr(rangeEnd) };
}

export function inInterval(iv: KeyInterval, k: KeyStr): boolean {
  if (iv.end === undefined) return k === iv.start;
  if (k < iv.start) return false;
  return iv.end === null || k < iv.end;
}

/** etcd's prefix end: the prefix with its last byte below 0xff incremented ("\0" when none). */
export function prefixEnd(prefix: Uint8Array): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if ((end[i] ?? 0) < 0xff) {
      end[i] = (end[i] ?? 0) + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}
