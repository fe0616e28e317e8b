import { readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MvccStore } from './mvcc-store.js';
import { scanFrame } from './records.js';
import { b, backgroundErrors, describeEvents, FakeClock, keys, open, removeDir, s, tempDir, waitFor, flipByte } from './test-helpers.js';
import { StoreError, type WatchEvent } from './types.js';

let dir: string;
let store: MvccStore | undefined;

beforeEach(async () => {
  dir = await tempDir();
});

afterEach(async () => {
  await store?.close();
  store = undefined;
  await removeDir(dir);
  expect(backgroundErrors.splice(0)).toEqual([]);
});

const ALL = Buffer.from([0]);

async function files(suffix: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.endsWith(suffix)).sort();
}

/** byte offset just past the last valid record of a segment */
async function validEnd(name: string): Promise<number> {
  const buf = await readFile(join(dir, name));
  let pos = 0;
  for (let f = scanFrame(buf, pos); f.status === 'ok'; f = scanFrame(buf, pos)) pos = f.next;
  return pos;
}

async function reopen(extra = {}): Promise<MvccStore> {
  await store?.close();
  store = await open(dir, extra);
  return store;
}

async function fill(st: MvccStore, n: number, prefix = 'k', size = 16): Promise<void> {
  for (let i = 0; i < n; i++) await st.put(b(`${prefix}/${String(i).padStart(5, '0')}`), Buffer.alloc(size, i % 251));
}

describe('reopen', () => {
  it('keeps keys, revision, compaction point, history and leases', async () => {
    const clock = new FakeClock();
    let st = await reopen({ clock });
    const { id } = await st.leaseGrant(100);
    await st.put(b('a'), b('1')); // 2
    await st.put(b('a'), b('2'), { lease: id }); // 3
    await st.put(b('b'), b('1')); // 4
    await st.deleteRange(b('b')); // 5
    await st.put(b('c'), b('1')); // 6
    await st.compact(3);
    const before = await st.status();

    st = await reopen({ clock });
    const after = await st.status();
    expect(after).toMatchObject({ revision: 6, compactRevision: 3, memberId: before.memberId, raftTerm: before.raftTerm + 1 });
    expect(after.raftIndex).toBe(before.raftIndex);
    expect(keys((await st.range(ALL, { rangeEnd: ALL })).kvs)).toEqual(['a', 'c']);
    expect(keys((await st.range(ALL, { rangeEnd: ALL, revision: 4 })).kvs)).toEqual(['a', 'b']);
    expect((await st.range(b('a'))).kvs[0]).toMatchObject({ version: 2, createRevision: 2, modRevision: 3, lease: id });
    expect((await st.range(b('a'), { rangeEnd: ALL, revision: 2 }).catch((e: unknown) => e)) instanceof StoreError).toBe(true);
    expect((await st.leaseTimeToLive(id, true)).keys.map((k) => s(k))).toEqual(['a']);
    expect((await st.put(b('d'), b('1'))).revision).toBe(7);
  });

  it('serves a watch from an old revision after restarts, from snapshot and WAL alike', async () => {
    let st = await reopen({ snapshotEveryWrites: 5 });
    for (let i = 1; i <= 12; i++) await st.put(b(`w/${i % 3}`), b(String(i))); // revs 2..13
    st = await reopen({ snapshotEveryWrites: 5 });
    expect((await files('.snap')).length).toBeGreaterThan(0);
    const events: WatchEvent[] = [];
    st.watch(b('w/'), { rangeEnd: b('w0'), startRevision: 4, prevKv: true }, { onEvents: (e) => events.push(...e), onError: () => undefined });
    await waitFor(() => events.length === 10);
    expect(events.map((e) => e.kv.modRevision)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(describeEvents(events.slice(0, 1))).toEqual(['PUT w/0=3@4']);
    expect(s(events[3]?.prevKv?.value)).toBe('3'); // rev 7 rewrites w/0
  });

  it('refuses a second open of the same data dir while the first is open', async () => {
    await reopen();
    const err = await open(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('unavailable');
  });
});

describe('snapshots', () => {
  it('snapshots every N writes, keeps two, and removes WAL segments older than both', async () => {
    let st = await reopen({ snapshotEveryWrites: 40, walSegmentBytes: 64 * 1024 });
    await fill(st, 400, 'k', 1024);
    st = await reopen({ snapshotEveryWrites: 40, walSegmentBytes: 64 * 1024 });
    expect((await files('.snap')).length).toBe(2);
    const segments = await files('.log');
    expect(segments[0]).not.toBe('wal-0000000000000001.log'); // the start of the WAL was purged
    expect((await st.range(b('k/'), { rangeEnd: b('k0'), countOnly: true })).count).toBe(400);
    expect((await st.status()).revision).toBe(401);
  });

  it('falls back to the older snapshot when the newest is damaged', async () => {
    let st = await reopen({ snapshotEveryWrites: 30 });
    await fill(st, 100);
    await st.close();
    const snaps = await files('.snap');
    expect(snaps.length).toBe(2);
    const newest = join(dir, snaps[1] as string);
    const data = await readFile(newest);
    flipByte(data, data.length - 5, 0x55);
    await writeFile(newest, data);

    st = await reopen({ snapshotEveryWrites: 30 });
    expect(st.repairs.some((r) => r.includes('damaged'))).toBe(true);
    expect(await files('.corrupt')).toEqual([`${snaps[1] as string}.corrupt`]);
    expect((await st.range(b('k/'), { rangeEnd: b('k0'), countOnly: true })).count).toBe(100);
    expect((await st.status()).revision).toBe(101);
  });

  it('replays the whole WAL when the only snapshot is damaged', async () => {
    let st = await reopen({ snapshotEveryWrites: 30 });
    await fill(st, 50);
    await st.close();
    const [only] = await files('.snap');
    await writeFile(join(dir, only as string), 'garbage');
    st = await reopen();
    expect((await st.range(b('k/'), { rangeEnd: b('k0'), countOnly: true })).count).toBe(50);
  });
});

describe('segment ends', () => {
  it('reopens a segment filled to within a frame header of its end (found by the crash test)', async () => {
    // a put of a 7-byte key and a v-byte value is a 53 + v byte frame; 19 frames of 3449
    // bytes leave 5 zero bytes at the end of a 64 KiB segment, the 20th rolls
    let st = await reopen({ walSegmentBytes: 64 * 1024 });
    await fill(st, 25, 'k', 3396);
    expect((await files('.log')).length).toBe(2);
    expect(await validEnd((await files('.log'))[0] as string)).toBe(65531);
    st = await reopen({ walSegmentBytes: 64 * 1024 });
    expect(st.repairs).toEqual([]);
    expect((await st.range(b('k/'), { rangeEnd: b('k0'), countOnly: true })).count).toBe(25);
  });
});

describe('torn WAL tail', () => {
  async function lastSegment(): Promise<string> {
    return (await files('.log')).at(-1) as string;
  }

  it('cuts a half-written record and keeps everything before it', async () => {
    let st = await reopen();
    await fill(st, 20);
    await st.close();
    const seg = await lastSegment();
    const end = await validEnd(seg);
    await truncate(join(dir, seg), end - 7); // the last record loses its tail

    st = await reopen();
    expect(st.repairs.some((r) => r.includes('truncated'))).toBe(true);
    expect((await st.status()).revision).toBe(20); // record 20 (rev 21) was the torn one
    expect((await st.range(b('k/00018'))).count).toBe(1);
    expect((await st.range(b('k/00019'))).count).toBe(0);
    await st.put(b('after'), b('1'));
    st = await reopen();
    expect((await st.range(b('after'))).kvs[0]?.modRevision).toBe(21);
    expect(st.repairs).toEqual([]);
  });

  it('cuts garbage written after the last record (a torn append) and garbage past the file end', async () => {
    let st = await reopen();
    await fill(st, 10);
    await st.close();
    const seg = await lastSegment();
    const path = join(dir, seg);
    const buf = await readFile(path);
    const end = await validEnd(seg);
    buf.writeUInt32LE(500, end); // a plausible frame header whose payload never made it
    buf.writeUInt32LE(0xdeadbeef, end + 4);
    buf.fill(0x41, end + 8, end + 100);
    await writeFile(path, Buffer.concat([buf, Buffer.from('trailing junk')]));

    st = await reopen();
    expect(st.repairs.some((r) => r.includes('truncated'))).toBe(true);
    expect((await st.status()).revision).toBe(11);
    expect((await st.range(b('k/'), { rangeEnd: b('k0'), countOnly: true })).count).toBe(10);
    await st.put(b('next'), b('1'));
    st = await reopen();
    expect((await st.status()).revision).toBe(12);
    expect(st.repairs).toEqual([]);
  });

  it('refuses to open when a damaged record is followed by valid later segments', async () => {
    const st = await reopen({ walSegmentBytes: 64 * 1024 });
    await fill(st, 200, 'k', 1024);
    await st.close();
    const [first] = await files('.log');
    expect((await files('.log')).length).toBeGreaterThan(1);
    const path = join(dir, first as string);
    const buf = await readFile(path);
    flipByte(buf, 100);
    await writeFile(path, buf);
    const err = await open(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/WAL corrupt/);
  });
});
