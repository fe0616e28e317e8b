import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crc32, crc32Portable } from './crc32.js';
import { prefixEnd } from './key-range.js';
import type { RevisionEntry } from './keyspace.js';
import type { MvccStore } from './mvcc-store.js';
import { decodeRecord, encodeCompact, encodeLeaseGrant, encodeLeaseRevoke, encodeWrite, scanFrame } from './records.js';
import { SortedKeys } from './sorted-keys.js';
import { b, backgroundErrors, open, removeDir, tempDir, flipByte } from './test-helpers.js';

describe('crc32', () => {
  it('matches the IEEE check value and the portable table implementation', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff));
    expect(crc32Portable(data)).toBe(crc32(data));
    expect(crc32Portable(data.subarray(100), crc32Portable(data.subarray(0, 100)))).toBe(crc32(data));
  });
});

describe('WAL records', () => {
  const entry: RevisionEntry = {
    revision: 7,
    events: [
      { k: 'a', event: { type: 'PUT', kv: { key: b('a'), value: b('v1'), createRevision: 7, modRevision: 7, version: 1, lease: 99 } } },
      { k: 'b', event: { type: 'DELETE', kv: { key: b('b'), value: Buffer.alloc(0), createRevision: 0, modRevision: 7, version: 0, lease: 0 } } },
    ],
  };

  it('round-trips every record kind through a frame', () => {
    const frames = [encodeWrite(1, entry), encodeLeaseGrant(2, 2 ** 53 - 1, 60), encodeLeaseRevoke(3, 5, entry), encodeLeaseRevoke(4, 6, undefined), encodeCompact(5, 7)];
    const buf = Buffer.concat([...frames, Buffer.alloc(64)]);
    const records = [];
    let pos = 0;
    for (let f = scanFrame(buf, pos); f.status === 'ok'; f = scanFrame(buf, pos)) {
      records.push(decodeRecord(f.payload));
      pos = f.next;
    }
    expect(scanFrame(buf, pos).status).toBe('end');
    expect(records.map((r) => r.kind)).toEqual(['write', 'lease-grant', 'lease-revoke', 'lease-revoke', 'compact']);
    expect(records[0]).toEqual({
      kind: 'write',
      index: 1,
      revision: 7,
      changes: [
        { type: 'put', key: b('a'), value: b('v1'), lease: 99 },
        { type: 'delete', key: b('b') },
      ],
    });
    expect(records[1]).toEqual({ kind: 'lease-grant', index: 2, id: 2 ** 53 - 1, ttl: 60 });
    expect(records[3]).toEqual({ kind: 'lease-revoke', index: 4, id: 6, revision: 0, changes: [] });
  });

  it('reports a flipped bit, a short frame and a runaway length as torn', () => {
    const frame = encodeWrite(1, entry);
    const flipped = Buffer.from(frame);
    flipByte(flipped, frame.length - 3, 1);
    expect(scanFrame(flipped, 0)).toMatchObject({ status: 'torn', reason: 'checksum mismatch' });
    expect(scanFrame(frame.subarray(0, frame.length - 1), 0).status).toBe('torn');
    expect(scanFrame(frame.subarray(0, 5), 0).status).toBe('torn');
    // fewer zero bytes than a header after the last record: the clean end of a full segment
    const full = Buffer.concat([frame, Buffer.alloc(5)]);
    expect(scanFrame(full, frame.length).status).toBe('end');
    const runaway = Buffer.from(frame);
    runaway.writeUInt32LE(1e9, 0);
    expect(scanFrame(runaway, 0).status).toBe('torn');
  });
});

describe('prefixEnd', () => {
  it('increments the last byte below 0xff, and gives \\0 for an all-0xff prefix', () => {
    expect(prefixEnd(b('/registry/pods/'))).toEqual(b('/registry/pods0'));
    expect(prefixEnd(Buffer.from([0x61, 0xff, 0xff]))).toEqual(Buffer.from([0x62]));
    expect(prefixEnd(Buffer.from([0xff]))).toEqual(Buffer.from([0]));
  });
});

describe('SortedKeys', () => {
  it('keeps keys in binary order through random inserts, scans and retains', () => {
    const set = new SortedKeys();
    const ref: string[] = [];
    let seed = 12345;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 5000; i++) {
      const k = Buffer.from([rnd() >>> 23, rnd() >>> 23, rnd() >>> 23]).toString('latin1');
      if (ref.includes(k)) continue;
      set.insert(k);
      ref.push(k);
    }
    expect(ref.length).toBeGreaterThan(4000);
    ref.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    expect(set.toArray()).toEqual(ref);
    const from = ref[1234] as string;
    const seen: string[] = [];
    set.scan(from, (k) => (seen.push(k), seen.length < 10));
    expect(seen).toEqual(ref.slice(1234, 1244));
    set.retain((k) => k.charCodeAt(0) % 2 === 0);
    expect(set.toArray()).toEqual(ref.filter((k) => k.charCodeAt(0) % 2 === 0));
    expect(set.size).toBe(set.toArray().length);
  });
});

describe('group commit', () => {
  let dir: string;
  let store: MvccStore;
  beforeEach(async () => {
    dir = await tempDir();
    store = await open(dir);
  });
  afterEach(async () => {
    await store.close();
    await removeDir(dir);
    expect(backgroundErrors.splice(0)).toEqual([]);
  });

  it('batches concurrent writers into few fsyncs and keeps their order', async () => {
    const before = store.walFlushes;
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.put(b(`k${i}`), b('v'))));
    expect(results.map((r) => r.revision)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    expect(store.walFlushes - before).toBeLessThan(20);
  });

  it('one writer after another gets one flush each', async () => {
    const before = store.walFlushes;
    for (let i = 0; i < 10; i++) await store.put(b(`k${i}`), b('v'));
    expect(store.walFlushes - before).toBe(10);
  });
});
