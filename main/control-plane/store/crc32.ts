// CRC-32 (IEEE, the zlib/gzip polynomial) for WAL frames and snapshot bodies.
// Node 20.15+ ships a native zlib.crc32; package.json allows any Node 20, so older
// runtimes fall back to a table implementation with the same results.
import * as zlib from 'node:zlib';

type Crc32Fn = (data: Uint8Array, initial?: number) => number;

function tableCrc32(): Crc32Fn {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return (data, initial = 0) => {
    let crc = (initial ^ 0xffffffff) >>> 0;
    for (let i = 0; i < data.length; i++) {
      crc = (table[(crc ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
    }
    return (crc ^ 0xffffffff) >>> 0;
  };
}

// The typings declare zlib.crc32 unconditionally; at run time it may be missing.
const native = (zlib as { crc32?: Crc32Fn }).crc32;

/** CRC-32 of `data`, continuing from `initial` (the CRC of the bytes before it). */
export const crc32: Crc32Fn = typeof native === 'function' ? native : tableCrc32();

/** Exposed for the spec, which checks both implementations agree. */
export const crc32Portable: Crc32Fn = tableCrc32();
