import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MvccStore } from './mvcc-store.js';
import { b, backgroundErrors, describeEvents, FakeClock, keys, open, removeDir, tempDir, waitFor, waitUntil } from './test-helpers.js';
import { StoreError, type WatchEvent } from './types.js';

let dir: string;
let clock: FakeClock;
let store: MvccStore;

beforeEach(async () => {
  dir = await tempDir();
  clock = new FakeClock();
  store = await open(dir, { clock, leaseCheckMs: 10 });
});

afterEach(async () => {
  await store.close();
  await removeDir(dir);
  expect(backgroundErrors.splice(0)).toEqual([]);
});

async function code(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof StoreError ? e.code : String(e)),
  );
}

describe('grant, attach, time to live', () => {
  it('grants with a generated positive id below 2^53 and lists it', async () => {
    const { id, ttl } = await store.leaseGrant(30);
    expect(ttl).toBe(30);
    expect(Number.isSafeInteger(id) && id > 0).toBe(true);
    expect(await store.leases()).toEqual([id]);
    expect(await store.status()).toMatchObject({ revision: 1 }); // a grant is not a key revision
  });

  it('grants a chosen id once, and raises a TTL below etcd minimum to 2 s', async () => {
    expect(await store.leaseGrant(1, 42)).toEqual({ id: 42, ttl: 2 });
    expect(await code(store.leaseGrant(10, 42))).toBe('lease-exists');
  });

  it('reports remaining TTL (truncated) and the attached keys', async () => {
    const { id } = await store.leaseGrant(10);
    await store.put(b('k1'), b('v'), { lease: id });
    await store.put(b('k2'), b('v'), { lease: id });
    await store.put(b('k3'), b('v'));
    clock.advance(2500);
    const info = await store.leaseTimeToLive(id, true);
    expect(info).toMatchObject({ id, ttl: 7, grantedTtl: 10 });
    expect(info.keys.map((k) => k.toString())).toEqual(['k1', 'k2']);
    expect((await store.leaseTimeToLive(id)).keys).toEqual([]);
    // moving a key to no lease detaches it
    await store.put(b('k2'), b('v2'));
    expect((await store.leaseTimeToLive(id, true)).keys.map((k) => k.toString())).toEqual(['k1']);
  });

  it('answers an unknown lease with TTL -1 (etcd gRPC behaviour)', async () => {
    expect(await store.leaseTimeToLive(999)).toEqual({ id: 999, ttl: -1, grantedTtl: 0, keys: [] });
  });
});

describe('keepalive and expiry', () => {
  it('keepalive resets the TTL; expiry deletes the keys in one revision', async () => {
    const { id } = await store.leaseGrant(5);
    await store.put(b('a'), b('1'), { lease: id }); // 2
    await store.put(b('b'), b('1'), { lease: id }); // 3
    await store.put(b('keep'), b('1')); // 4
    const events: WatchEvent[] = [];
    store.watch(b('a'), { rangeEnd: b('z') }, { onEvents: (e) => events.push(...e), onError: () => undefined });

    clock.advance(4000);
    expect(await store.leaseKeepAlive(id)).toBe(5);
    clock.advance(4000); // 8 s after grant, 4 s after keepalive: still alive
    await new Promise((r) => setTimeout(r, 40));
    expect((await store.range(b('a'))).count).toBe(1);
    expect((await store.leaseTimeToLive(id)).ttl).toBe(1);

    clock.advance(1001); // past the renewed deadline: the lease timer revokes it
    await waitFor(() => events.length === 2);
    expect(describeEvents(events)).toEqual(['DELETE a@5', 'DELETE b@5']);
    expect(keys((await store.range(b('a'), { rangeEnd: b('z') })).kvs)).toEqual(['keep']);
    expect(await store.leases()).toEqual([]);
    expect(await code(store.leaseKeepAlive(id))).toBe('lease-not-found');
    expect((await store.status()).revision).toBe(5);
  });

  it('an expired lease cannot be kept alive even before the timer revokes it', async () => {
    await store.close();
    store = await open(dir, { clock, leaseCheckMs: 60_000 });
    const { id } = await store.leaseGrant(3);
    clock.advance(3000);
    expect(await code(store.leaseKeepAlive(id))).toBe('lease-not-found');
    expect((await store.leaseTimeToLive(id)).ttl).toBe(-1);
    expect(await store.expireLeases()).toBe(1);
    expect(await store.leases()).toEqual([]);
  });

  it('revoke deletes attached keys and forgets the lease', async () => {
    const { id } = await store.leaseGrant(60);
    await store.put(b('x'), b('1'), { lease: id });
    await store.put(b('y'), b('1'), { lease: id });
    await store.leaseRevoke(id);
    expect((await store.range(b('x'), { rangeEnd: b('z') })).count).toBe(0);
    expect((await store.status()).revision).toBe(4);
    expect(await code(store.leaseRevoke(id))).toBe('lease-not-found');
    // revoking a lease without keys makes no revision
    const empty = await store.leaseGrant(60);
    await store.leaseRevoke(empty.id);
    expect((await store.status()).revision).toBe(4);
  });
});

describe('restart', () => {
  it('leases survive a restart with a fresh TTL, keys still attached, and still expire', async () => {
    const { id } = await store.leaseGrant(10);
    await store.put(b('k'), b('v'), { lease: id });
    clock.advance(9000);
    await store.close();
    store = await open(dir, { clock, leaseCheckMs: 10 });
    const info = await store.leaseTimeToLive(id, true);
    expect(info.ttl).toBe(10); // renewed to the full 10 s, though 9 s had passed before the restart
    expect(info.keys.map((k) => k.toString())).toEqual(['k']);
    clock.advance(10_001);
    await waitUntil(async () => (await store.range(b('k'))).count === 0);
    expect(await store.leases()).toEqual([]);
  });

  it('a revoked lease stays revoked after restart', async () => {
    const { id } = await store.leaseGrant(10);
    await store.leaseRevoke(id);
    await store.close();
    store = await open(dir, { clock });
    expect(await store.leases()).toEqual([]);
  });
});
