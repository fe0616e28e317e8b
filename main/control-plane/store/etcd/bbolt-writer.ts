// Writes a bbolt database file (go.etcd.io/bbolt 1.3, the format etcd 3.4 keeps its
// state in), so that what `etcdctl snapshot save` downloads from the facade is a file
// `etcdctl snapshot status` can read and `etcdctl snapshot restore` can turn into a
// data directory a real etcd starts from.
//
// The file is written once and never updated, so the layout is the simplest valid
// one: two meta pages, an empty freelist, then every bucket as its own B+tree of
// leaf pages under branch pages. Multi-byte integers are little-endian (bbolt writes
// its structs in host order, and every platform etcd ships for is little-endian).

const PAGE_SIZE = 4096;
const PAGE_HEADER = 16;
const ELEMENT = 16;
const MAGIC = 0xed0cdaed;
const VERSION = 2;
const BRANCH_PAGE = 0x01;
const LEAF_PAGE = 0x02;
const META_PAGE = 0x04;
const FREELIST_PAGE = 0x10;
const BUCKET_LEAF = 0x01;

export interface BoltEntry {
  key: Buffer;
  value: Buffer;
}

/** Top-level buckets by name; entries need not be sorted. */
export type BoltBuckets = Map<string, BoltEntry[]>;

interface Item {
  key: Buffer;
  value: Buffer;
  flags: number;
}

interface Node {
  firstKey: Buffer;
  pgid: number;
}

class PageWriter {
  readonly pages: Buffer[] = [];
  /** next free page id: 0 and 1 are the metas, 2 the freelist */
  nextId = 3;

  /** One node, on as many pages as its contents need (bbolt's "overflow" pages). */
  private node(flags: number, elements: { key: Buffer; value: Buffer; flags: number; child: number }[]): number {
    const id = this.nextId;
    const size = PAGE_HEADER + elements.length * ELEMENT + elements.reduce((n, e) => n + e.key.length + e.value.length, 0);
    const pageCount = Math.ceil(size / PAGE_SIZE);
    const page = Buffer.alloc(pageCount * PAGE_SIZE);
    page.writeBigUInt64LE(BigInt(id), 0);
    page.writeUInt16LE(flags, 8);
    page.writeUInt16LE(elements.length, 10);
    page.writeUInt32LE(pageCount - 1, 12);
    let data = PAGE_HEADER + elements.length * ELEMENT;
    elements.forEach((e, i) => {
      const at = PAGE_HEADER + i * ELEMENT;
      // pos is counted from the element itself to its key; the value follows the key.
      if (flags === LEAF_PAGE) {
        page.writeUInt32LE(e.flags, at);
        page.writeUInt32LE(data - at, at + 4);
        page.writeUInt32LE(e.key.length, at + 8);
        page.writeUInt32LE(e.value.length, at + 12);
      } else {
        page.writeUInt32LE(data - at, at);
        page.writeUInt32LE(e.key.length, at + 4);
        page.writeBigUInt64LE(BigInt(e.child), at + 8);
      }
      e.key.copy(page, data);
      data += e.key.length;
      e.value.copy(page, data);
      data += e.value.length;
    });
    this.pages.push(page);
    this.nextId += pageCount;
    return id;
  }

  /** Splits a sorted level into nodes that each fit a page (a lone big item gets overflow pages). */
  private static chunks<T>(items: T[], size: (item: T) => number): T[][] {
    const out: T[][] = [];
    let current: T[] = [];
    let used = PAGE_HEADER;
    for (const item of items) {
      const s = ELEMENT + size(item);
      if (current.length > 0 && used + s > PAGE_SIZE) {
        out.push(current);
        current = [];
        used = PAGE_HEADER;
      }
      current.push(item);
      used += s;
    }
    if (current.length > 0 || out.length === 0) out.push(current);
    return out;
  }

  /** A bucket's B+tree; returns its root page id. */
  tree(items: Item[]): number {
    let level: Node[] = PageWriter.chunks(items, (i) => i.key.length + i.value.length).map((chunk) => ({
      firstKey: chunk[0]?.key ?? Buffer.alloc(0),
      pgid: this.node(LEAF_PAGE, chunk.map((i) => ({ ...i, child: 0 }))),
    }));
    while (level.length > 1) {
      level = PageWriter.chunks(level, (n) => n.firstKey.length).map((chunk) => ({
        firstKey: chunk[0]?.firstKey ?? Buffer.alloc(0),
        pgid: this.node(
          BRANCH_PAGE,
          chunk.map((n) => ({ key: n.firstKey, value: Buffer.alloc(0), flags: 0, child: n.pgid })),
        ),
      }));
    }
    const root = level[0];
    if (!root) throw new Error('bbolt: a tree needs a root');
    return root.pgid;
  }
}

/** bbolt's meta checksum: FNV-1a (64 bit) over the meta fields before the checksum. */
function fnv1a64(data: Buffer): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of data) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

function metaPage(id: number, root: number, pageCount: number, txid: number): Buffer {
  const page = Buffer.alloc(PAGE_SIZE);
  page.writeBigUInt64LE(BigInt(id), 0);
  page.writeUInt16LE(META_PAGE, 8);
  const m = PAGE_HEADER;
  page.writeUInt32LE(MAGIC, m);
  page.writeUInt32LE(VERSION, m + 4);
  page.writeUInt32LE(PAGE_SIZE, m + 8);
  page.writeUInt32LE(0, m + 12); // flags
  page.writeBigUInt64LE(BigInt(root), m + 16); // root bucket: root page
  page.writeBigUInt64LE(0n, m + 24); // root bucket: sequence
  page.writeBigUInt64LE(2n, m + 32); // freelist page
  page.writeBigUInt64LE(BigInt(pageCount), m + 40); // high water mark
  page.writeBigUInt64LE(BigInt(txid), m + 48);
  page.writeBigUInt64LE(fnv1a64(page.subarray(m, m + 56)), m + 56);
  return page;
}

function freelistPage(): Buffer {
  const page = Buffer.alloc(PAGE_SIZE);
  page.writeBigUInt64LE(2n, 0);
  page.writeUInt16LE(FREELIST_PAGE, 8);
  return page;
}

/** The whole database file: buckets of key/value pairs, keys sorted bytewise as bbolt requires. */
export function writeBoltDb(buckets: BoltBuckets): Buffer {
  const writer = new PageWriter();
  const names = [...buckets.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const bucketItems: Item[] = names.map((name) => {
    const entries = [...(buckets.get(name) ?? [])].sort((a, b) => Buffer.compare(a.key, b.key));
    const root = writer.tree(entries.map((e) => ({ ...e, flags: 0 })));
    // A bucket value is its header (root page id, sequence) when the bucket is not inline.
    const header = Buffer.alloc(16);
    header.writeBigUInt64LE(BigInt(root), 0);
    return { key: Buffer.from(name), value: header, flags: BUCKET_LEAF };
  });
  const root = writer.tree(bucketItems);
  const pageCount = writer.nextId;
  // Two valid metas: bbolt opens the one with the higher transaction id.
  return Buffer.concat([metaPage(0, root, pageCount, 1), metaPage(1, root, pageCount, 2), freelistPage(), ...writer.pages]);
}
