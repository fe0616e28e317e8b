// A deterministic tar writer for image layers: entries sorted by path, one fixed mtime,
// owners numeric, no user/group names, ustar headers plus PAX records for long paths, so
// the same files always give the same bytes (and the same diff_id).
import { readFile } from 'node:fs/promises';
import type { LayerEntry } from './entries.js';

const BLOCK = 512;

export class TarError extends Error {
  override name = 'TarError';
}

function octal(value: number, width: number): string {
  // width includes the terminating NUL
  const s = value.toString(8);
  if (s.length > width - 1) throw new TarError(`value ${value} does not fit a ${width}-byte tar field`);
  return s.padStart(width - 1, '0') + '\0';
}

function put(buf: Buffer, offset: number, width: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > width) throw new TarError(`tar field overflow: ${text}`);
  bytes.copy(buf, offset);
}

interface Header {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
}

function headerBlock(h: Header): Buffer {
  const b = Buffer.alloc(BLOCK, 0);
  put(b, 0, 100, h.name);
  put(b, 100, 8, octal(h.mode, 8));
  put(b, 108, 8, octal(h.uid, 8));
  put(b, 116, 8, octal(h.gid, 8));
  put(b, 124, 12, octal(h.size, 12));
  put(b, 136, 12, octal(h.mtime, 12));
  b.fill(0x20, 148, 156); // checksum counts as spaces while summing
  put(b, 156, 1, h.typeflag);
  put(b, 157, 100, h.linkname);
  put(b, 257, 6, 'ustar\0');
  put(b, 263, 2, '00');
  put(b, 329, 8, octal(0, 8));
  put(b, 337, 8, octal(0, 8));
  let sum = 0;
  for (const byte of b) sum += byte;
  put(b, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return b;
}

function paxRecord(key: string, value: string): string {
  // "%d %s=%s\n" where the length counts itself
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

function padding(size: number): Buffer {
  const rem = size % BLOCK;
  return Buffer.alloc(rem === 0 ? 0 : BLOCK - rem, 0);
}

const fitsUstar = (s: string): boolean => Buffer.byteLength(s) <= 100 && /^[\x20-\x7e]*$/.test(s);

function* headerWithPax(h: Header): Generator<Buffer> {
  const records: string[] = [];
  let { name, linkname } = h;
  if (!fitsUstar(name)) { records.push(paxRecord('path', name)); name = asciiPrefix(name); }
  if (!fitsUstar(linkname)) { records.push(paxRecord('linkpath', linkname)); linkname = asciiPrefix(linkname); }
  if (records.length > 0) {
    const data = Buffer.from(records.join(''), 'utf8');
    const base = h.name.replace(/\/$/, '').split('/').pop() ?? 'entry';
    yield headerBlock({ name: asciiPrefix(`PaxHeaders/${base}`), mode: 0o644, uid: 0, gid: 0, size: data.length, mtime: h.mtime, typeflag: 'x', linkname: '' });
    yield data;
    yield padding(data.length);
  }
  yield headerBlock({ ...h, name, linkname });
}

function asciiPrefix(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '_').slice(0, 99);
}

/** Sorts entries by path (parents before children) and resolves hard links: the first
 *  path of an inode carries the data, later ones link to it. */
export function orderEntries(entries: readonly LayerEntry[]): { entry: LayerEntry; linkTo?: string }[] {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const firstByInode = new Map<string, string>();
  return sorted.map((entry) => {
    if (entry.type === 'file' && entry.inode !== undefined) {
      const first = firstByInode.get(entry.inode);
      if (first !== undefined) return { entry, linkTo: first };
      firstByInode.set(entry.inode, entry.path);
    }
    return { entry };
  });
}

/** The tar stream of a layer. `mtime` (seconds) is stamped on every entry. */
export async function* tarStream(entries: readonly LayerEntry[], mtime: number): AsyncGenerator<Buffer> {
  for (const { entry: e, linkTo } of orderEntries(entries)) {
    const base = { mode: e.mode & 0o7777, uid: e.uid, gid: e.gid, mtime };
    if (e.type === 'dir') {
      yield* headerWithPax({ ...base, name: `${e.path}/`, size: 0, typeflag: '5', linkname: '' });
    } else if (e.type === 'symlink') {
      yield* headerWithPax({ ...base, name: e.path, size: 0, typeflag: '2', linkname: e.target ?? '' });
    } else if (linkTo !== undefined) {
      yield* headerWithPax({ ...base, name: e.path, size: 0, typeflag: '1', linkname: linkTo });
    } else {
      const data = e.source?.kind === 'data' ? e.source.data : e.source?.kind === 'host' ? await readFile(e.source.path) : Buffer.alloc(0);
      if (data.length !== e.size) throw new TarError(`${e.path}: size changed while writing (${e.size} → ${data.length})`);
      yield* headerWithPax({ ...base, name: e.path, size: data.length, typeflag: '0', linkname: '' });
      yield data;
      yield padding(data.length);
    }
  }
  yield Buffer.alloc(BLOCK * 2, 0);
}
