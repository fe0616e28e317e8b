import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MvccStore } from './mvcc-store.js';
import { decodeSnapshot } from './snapshot.js';
import { b, backgroundErrors, keys, open, removeDir, s, tempDir, flipByte } from './test-helpers.js';
import { StoreError } from './types.js';

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

const ALL = Buffer.from([0]);

async function expectStoreError(p: Promise<unknown>, code: StoreError['code']): Promise<StoreError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  expect((err as StoreError).code).toBe(code);
  return err as StoreError;
}

describe('revisions and versions', () => {
  it('starts at revision 1 and gives each write the next revision', async () => {
    expect((await store.status()).revision).toBe(1);
    expect((await store.range(b('a'))).revision).toBe(1);
    expect((await store.put(b('a'), b('1'))).revision).toBe(2);
    expect((await store.put(b('b'), b('1'))).revision).toBe(3);
    expect((await store.put(b('a'), b('2'))).revision).toBe(4);
    const [a] = (await store.range(b('a'))).kvs;
    expect(a).toMatchObject({ createRevision: 2, modRevision: 4, version: 2, lease: 0 });
    expect(s(a?.value)).toBe('2');
  });

  it('restarts version and createRevision after a delete', async () => {
    await store.put(b('k'), b('1')); // 2
    await store.put(b('k'), b('2')); // 3
    const del = await store.deleteRange(b('k'), { prevKv: true }); // 4
    expect(del).toMatchObject({ revision: 4, deleted: 1 });
    expect(s(del.prevKvs[0]?.value)).toBe('2');
    expect((await store.range(b('k'))).count).toBe(0);
    await store.put(b('k'), b('3')); // 5
    expect((await store.range(b('k'))).kvs[0]).toMatchObject({ createRevision: 5, modRevision: 5, version: 1 });
  });

  it('does not bump the revision for a delete of nothing', async () => {
    await store.put(b('a'), b('1'));
    const del = await store.deleteRange(b('zzz'));
    expect(del).toEqual({ revision: 2, deleted: 0, prevKvs: [] });
    expect((await store.put(b('b'), b('1'))).revision).toBe(3);
  });

  it('returns prevKv on put only when asked', async () => {
    expect((await store.put(b('a'), b('1'), { prevKv: true })).prevKv).toBeUndefined();
    const r = await store.put(b('a'), b('2'), { prevKv: true });
    expect(s(r.prevKv?.value)).toBe('1');
    expect((await store.put(b('a'), b('3'))).prevKv).toBeUndefined();
  });

  it('copies the value, so a caller reusing its buffer cannot change the store', async () => {
    const v = b('orig');
    await store.put(b('a'), v);
    v.write('XXXX');
    expect(s((await store.range(b('a'))).kvs[0]?.value)).toBe('orig');
  });
});

describe('range', () => {
  beforeEach(async () => {
    for (const k of ['a', 'b/1', 'b/2', 'b/3', 'c']) await store.put(b(k), b(`v-${k}`));
  });

  it('reads a single key, a [key, end) range, and key..\\0 (all keys >= key)', async () => {
    expect(keys((await store.range(b('b/2'))).kvs)).toEqual(['b/2']);
    expect(keys((await store.range(b('b/'), { rangeEnd: b('b0') })).kvs)).toEqual(['b/1', 'b/2', 'b/3']);
    expect(keys((await store.range(b('b/2'), { rangeEnd: ALL })).kvs)).toEqual(['b/2', 'b/3', 'c']);
    expect(keys((await store.range(ALL, { rangeEnd: ALL })).kvs)).toEqual(['a', 'b/1', 'b/2', 'b/3', 'c']);
    expect((await store.range(b('c'), { rangeEnd: b('a') })).count).toBe(0);
  });

  it('applies limit with count and more', async () => {
    const r = await store.range(b('a'), { rangeEnd: ALL, limit: 2 });
    expect(keys(r.kvs)).toEqual(['a', 'b/1']);
    expect(r.count).toBe(5);
    expect(r.more).toBe(true);
    const all = await store.range(b('a'), { rangeEnd: ALL, limit: 5 });
    expect(all.more).toBe(false);
  });

  it('supports keysOnly and countOnly', async () => {
    const ko = await store.range(b('b/'), { rangeEnd: b('b0'), keysOnly: true });
    expect(keys(ko.kvs)).toEqual(['b/1', 'b/2', 'b/3']);
    expect(ko.kvs.every((kv) => kv.value.length === 0 && kv.version === 1)).toBe(true);
    const co = await store.range(b('b/'), { rangeEnd: b('b0'), countOnly: true });
    expect(co).toMatchObject({ kvs: [], count: 3, more: false });
  });

  it('reads at a past revision and reports the current revision in the header', async () => {
    // revisions: a=2, b/1=3, b/2=4, b/3=5, c=6
    await store.put(b('a'), b('new')); // 7
    await store.deleteRange(b('b/'), { rangeEnd: b('b0') }); // 8
    const past = await store.range(ALL, { rangeEnd: ALL, revision: 4 });
    expect(keys(past.kvs)).toEqual(['a', 'b/1', 'b/2']);
    expect(s(past.kvs[0]?.value)).toBe('v-a');
    expect(past.revision).toBe(8);
    const at7 = await store.range(ALL, { rangeEnd: ALL, revision: 7 });
    expect(keys(at7.kvs)).toEqual(['a', 'b/1', 'b/2', 'b/3', 'c']);
    expect(s(at7.kvs[0]?.value)).toBe('new');
    expect(keys((await store.range(ALL, { rangeEnd: ALL })).kvs)).toEqual(['a', 'c']);
  });

  it('fails a future revision and a compacted one', async () => {
    await expectStoreError(store.range(b('a'), { revision: 7 }), 'future-revision');
    await store.compact(4);
    const err = await expectStoreError(store.range(b('a'), { revision: 3 }), 'compacted');
    expect(err.compactRevision).toBe(4);
    // the compaction revision itself is still readable
    expect(keys((await store.range(ALL, { rangeEnd: ALL, revision: 4 })).kvs)).toEqual(['a', 'b/1', 'b/2']);
  });

  it('refuses an empty key', async () => {
    await expectStoreError(store.range(Buffer.alloc(0)), 'invalid-argument');
    await expectStoreError(store.put(Buffer.alloc(0), b('x')), 'invalid-argument');
  });
});

describe('put options', () => {
  it('ignoreValue keeps the value and ignoreLease keeps the lease', async () => {
    const { id } = await store.leaseGrant(60);
    await store.put(b('k'), b('v1'), { lease: id });
    await store.put(b('k'), Buffer.alloc(0), { ignoreValue: true, lease: 0 });
    let kv = (await store.range(b('k'))).kvs[0];
    expect(s(kv?.value)).toBe('v1');
    expect(kv?.lease).toBe(0);
    await store.put(b('k'), b('v2'), { lease: id });
    await store.put(b('k'), b('v3'), { ignoreLease: true });
    kv = (await store.range(b('k'))).kvs[0];
    expect(s(kv?.value)).toBe('v3');
    expect(kv?.lease).toBe(id);
    expect(kv?.version).toBe(4);
  });

  it('rejects ignore flags misuse and a missing key without changing anything', async () => {
    await expectStoreError(store.put(b('k'), b('v'), { ignoreValue: true }), 'invalid-argument');
    await expectStoreError(store.put(b('k'), Buffer.alloc(0), { ignoreValue: true }), 'invalid-argument');
    await expectStoreError(store.put(b('k'), b('v'), { ignoreLease: true, lease: 5 }), 'invalid-argument');
    await expectStoreError(store.put(b('k'), b('v'), { lease: 12345 }), 'lease-not-found');
    expect((await store.status()).revision).toBe(1);
  });
});

describe('compaction', () => {
  it('keeps the latest version of live keys and drops deleted ones', async () => {
    await store.put(b('a'), b('1')); // 2
    await store.put(b('a'), b('2')); // 3
    await store.put(b('gone'), b('x')); // 4
    await store.deleteRange(b('gone')); // 5
    await store.put(b('a'), b('3')); // 6
    await store.compact(6);
    expect((await store.status()).compactRevision).toBe(6);
    await expectStoreError(store.range(b('a'), { revision: 5 }), 'compacted');
    expect(s((await store.range(b('a'))).kvs[0]?.value)).toBe('3');
    expect((await store.range(b('gone'), { revision: 6 })).count).toBe(0);
    await expectStoreError(store.compact(6), 'compacted');
    await expectStoreError(store.compact(3), 'compacted');
    await expectStoreError(store.compact(99), 'future-revision');
  });

  it('compacting at r keeps reads at r exact', async () => {
    await store.put(b('x'), b('1')); // 2
    await store.put(b('y'), b('1')); // 3
    await store.put(b('x'), b('2')); // 4
    await store.compact(3);
    const r = await store.range(ALL, { rangeEnd: ALL, revision: 3 });
    expect(r.kvs.map((kv) => `${s(kv.key)}=${s(kv.value)}`)).toEqual(['x=1', 'y=1']);
  });
});

describe('status, snapshot, close', () => {
  it('reports revision, sizes, version and a stable member id', async () => {
    await store.put(b('a'), b('1'));
    const st = await store.status();
    expect(st).toMatchObject({ revision: 2, compactRevision: 0, version: '3.4.23', raftTerm: 1 });
    expect(st.memberId).toMatch(/^[0-9a-f]{16}$/);
    expect(st.leader).toBe(st.memberId);
    expect(st.raftIndex).toBeGreaterThanOrEqual(1);
    expect(st.dbSize).toBeGreaterThan(0);
    expect(st.dbSizeInUse).toBeGreaterThan(0);
  });

  it('snapshot() returns a checksummed point-in-time image', async () => {
    await store.put(b('a'), b('1'));
    await store.put(b('b'), b('2'));
    const snap = await store.snapshot();
    await store.put(b('c'), b('3'));
    const image = decodeSnapshot(snap);
    expect(image.revision).toBe(3);
    expect(image.entries.map((e) => e.kvs.map((kv) => s(kv.key)).join())).toEqual(['a', 'b']);
    flipByte(snap, snap.length - 1);
    expect(() => decodeSnapshot(snap)).toThrow(/checksum/);
  });

  it('fails every call after close with closed', async () => {
    await store.put(b('a'), b('1'));
    await store.close();
    await expectStoreError(store.put(b('a'), b('2')), 'closed');
    await expectStoreError(store.range(b('a')), 'closed');
    await expectStoreError(store.leaseGrant(10), 'closed');
    expect(() => store.watch(b('a'), {}, { onEvents: () => undefined, onError: () => undefined })).toThrow(StoreError);
    await store.close(); // idempotent
  });
});
