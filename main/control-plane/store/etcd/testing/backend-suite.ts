// One behaviour suite for every KvBackend: run against a real etcd (through
// connectEtcd) and against the embedded store (directly and through the facade), it
// proves they agree on etcd's semantics. Absolute revisions differ between backends,
// so every check is relative to revisions the test itself observed.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../types.js';
import type { KvBackend, WatchEvent, Watcher } from '../../types.js';

export interface BackendUnderTest {
  backend: KvBackend;
  /** stop whatever open() started and remove its files */
  cleanup(): Promise<void>;
}

const b = (text: string): Buffer => Buffer.from(text);
const text = (buf: Buffer | undefined): string => buf?.toString() ?? '';

/** The key just after every key starting with `prefix` (etcd's prefix range end). */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]! += 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError, the call succeeded');
}

/** Collects a watcher's batches and lets a test wait for a condition on them. */
class Recorder {
  readonly batches: { events: WatchEvent[]; revision: number }[] = [];
  readonly errors: StoreError[] = [];
  private waiters: (() => void)[] = [];

  readonly handlers = {
    onEvents: (events: WatchEvent[], revision: number) => {
      this.batches.push({ events, revision });
      this.wake();
    },
    onError: (error: StoreError) => {
      this.errors.push(error);
      this.wake();
    },
  };

  get events(): WatchEvent[] {
    return this.batches.flatMap((batch) => batch.events);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  async until(what: string, done: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.batches.map((x) => x.events.length))} batches, errors ${this.errors.map((e) => e.code).join(',')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

export function describeKvBackend(name: string, open: () => Promise<BackendUnderTest>): void {
  describe(`KvBackend: ${name}`, () => {
    let under: BackendUnderTest | undefined;
    let kv: KvBackend;
    const watchers: Watcher[] = [];
    // Every test writes under its own prefix, so the tests do not see each other.
    const root = `/suite-${randomBytes(4).toString('hex')}`;
    let n = 0;
    const prefix = (): string => `${root}/${++n}/`;
    const watch = (...args: Parameters<KvBackend['watch']>): Watcher => {
      const w = kv.watch(...args);
      watchers.push(w);
      return w;
    };

    beforeAll(async () => {
      under = await open();
      kv = under.backend;
    }, 60_000);

    afterAll(async () => {
      for (const w of watchers) w.cancel();
      await under?.cleanup();
    }, 30_000);

    it('puts and reads single keys with etcd revision, version and create/mod revisions', async () => {
      const p = prefix();
      const first = await kv.put(b(`${p}a`), b('1'));
      const second = await kv.put(b(`${p}a`), b('2'), { prevKv: true });
      expect(second.revision).toBe(first.revision + 1);
      expect(text(second.prevKv?.value)).toBe('1');
      expect(second.prevKv?.version).toBe(1);
      const got = await kv.range(b(`${p}a`));
      expect(got.count).toBe(1);
      expect(got.more).toBe(false);
      expect(got.revision).toBeGreaterThanOrEqual(second.revision);
      const [item] = got.kvs;
      expect(text(item?.key)).toBe(`${p}a`);
      expect(text(item?.value)).toBe('2');
      expect(item).toMatchObject({ createRevision: first.revision, modRevision: second.revision, version: 2, lease: 0 });
      // A single-key read or delete must not reach the keys after it.
      await kv.put(b(`${p}zz`), b('after'));
      const missing = await kv.range(b(`${p}nope`));
      expect(missing.kvs).toEqual([]);
      expect(missing.count).toBe(0);
      expect((await kv.deleteRange(b(`${p}nope`))).deleted).toBe(0);
      expect((await kv.range(b(`${p}zz`))).count).toBe(1);
      const bin = Buffer.from([0, 1, 0xfe, 0xff]);
      await kv.put(b(`${p}bin`), bin);
      expect((await kv.range(b(`${p}bin`))).kvs[0]?.value.equals(bin)).toBe(true);
    });

    it('ranges over prefixes with limit, keysOnly, countOnly and past revisions', async () => {
      const p = prefix();
      const revs: number[] = [];
      for (const k of ['c', 'a', 'b', 'd']) revs.push((await kv.put(b(`${p}${k}`), b(`v-${k}`))).revision);
      const all = await kv.range(b(p), { rangeEnd: prefixEnd(b(p)) });
      expect(all.kvs.map((x) => text(x.key))).toEqual(['a', 'b', 'c', 'd'].map((k) => `${p}${k}`));
      expect(all.count).toBe(4);
      const limited = await kv.range(b(p), { rangeEnd: prefixEnd(b(p)), limit: 2 });
      expect(limited.kvs.map((x) => text(x.key))).toEqual([`${p}a`, `${p}b`]);
      expect(limited).toMatchObject({ count: 4, more: true });
      const keysOnly = await kv.range(b(p), { rangeEnd: prefixEnd(b(p)), keysOnly: true });
      expect(keysOnly.kvs.map((x) => x.value.length)).toEqual([0, 0, 0, 0]);
      const countOnly = await kv.range(b(p), { rangeEnd: prefixEnd(b(p)), countOnly: true });
      expect(countOnly.kvs).toEqual([]);
      expect(countOnly.count).toBe(4);
      const fromKey = await kv.range(b(`${p}c`), { rangeEnd: Buffer.from([0]), limit: 2 });
      expect(fromKey.kvs.map((x) => text(x.key))).toEqual([`${p}c`, `${p}d`]);
      const past = await kv.range(b(p), { rangeEnd: prefixEnd(b(p)), revision: revs[1] });
      expect(past.kvs.map((x) => text(x.key))).toEqual([`${p}a`, `${p}c`]);
      const future = await storeError(kv.range(b(p), { revision: all.revision + 1000 }));
      expect(future.code).toBe('future-revision');
    });

    it('deletes single keys and ranges, returning previous values', async () => {
      const p = prefix();
      for (const k of ['a', 'b', 'c']) await kv.put(b(`${p}${k}`), b(k));
      const one = await kv.deleteRange(b(`${p}a`), { prevKv: true });
      expect(one.deleted).toBe(1);
      expect(one.prevKvs.map((x) => text(x.value))).toEqual(['a']);
      const none = await kv.deleteRange(b(`${p}zzz`));
      expect(none.deleted).toBe(0);
      const rest = await kv.deleteRange(b(p), { rangeEnd: prefixEnd(b(p)), prevKv: true });
      expect(rest.deleted).toBe(2);
      expect(rest.revision).toBe(one.revision + 1);
      expect(rest.prevKvs.map((x) => text(x.key))).toEqual([`${p}b`, `${p}c`]);
      expect((await kv.range(b(p), { rangeEnd: prefixEnd(b(p)) })).count).toBe(0);
      // A key created again after deletion starts over at version 1.
      const again = await kv.put(b(`${p}a`), b('again'));
      expect((await kv.range(b(`${p}a`))).kvs[0]).toMatchObject({ version: 1, createRevision: again.revision });
    });

    it('runs transactions: compare targets, both branches, nested txn, one revision', async () => {
      const p = prefix();
      const created = await kv.put(b(`${p}k`), b('v1'));
      const ok = await kv.txn({
        compare: [
          { key: b(`${p}k`), target: 'VALUE', result: 'EQUAL', value: b('v1') },
          { key: b(`${p}k`), target: 'VERSION', result: 'EQUAL', value: 1 },
          { key: b(`${p}k`), target: 'MOD', result: 'LESS', value: created.revision + 1 },
          { key: b(`${p}k`), target: 'CREATE', result: 'EQUAL', value: created.revision },
          { key: b(`${p}k`), target: 'LEASE', result: 'EQUAL', value: 0 },
        ],
        success: [
          { type: 'put', key: b(`${p}k`), value: b('v2'), options: { prevKv: true } },
          { type: 'put', key: b(`${p}other`), value: b('x') },
          { type: 'range', key: b(`${p}k`) },
          { type: 'delete', key: b(`${p}gone`) },
        ],
        failure: [{ type: 'put', key: b(`${p}failed`), value: b('x') }],
      });
      expect(ok.succeeded).toBe(true);
      expect(ok.revision).toBe(created.revision + 1);
      expect(ok.responses.map((r) => r.type)).toEqual(['put', 'put', 'range', 'delete']);
      const put = ok.responses[0];
      expect(put?.type === 'put' && text(put.put.prevKv?.value)).toBe('v1');
      const range = ok.responses[2];
      // Reads inside a txn see the txn's own writes.
      expect(range?.type === 'range' && text(range.range.kvs[0]?.value)).toBe('v2');
      const [k, other] = [(await kv.range(b(`${p}k`))).kvs[0], (await kv.range(b(`${p}other`))).kvs[0]];
      expect(k?.modRevision).toBe(ok.revision);
      expect(other?.modRevision).toBe(ok.revision);

      const failed = await kv.txn({
        compare: [{ key: b(`${p}k`), target: 'VALUE', result: 'EQUAL', value: b('v1') }],
        success: [{ type: 'put', key: b(`${p}never`), value: b('x') }],
        failure: [
          { type: 'range', key: b(`${p}k`) },
          { type: 'txn', txn: { compare: [{ key: b(`${p}missing`), target: 'VERSION', result: 'EQUAL', value: 0 }], success: [{ type: 'put', key: b(`${p}nested`), value: b('n') }], failure: [] } },
        ],
      });
      expect(failed.succeeded).toBe(false);
      expect(failed.responses.map((r) => r.type)).toEqual(['range', 'txn']);
      const nested = failed.responses[1];
      expect(nested?.type === 'txn' && nested.txn.succeeded).toBe(true);
      expect((await kv.range(b(`${p}never`))).count).toBe(0);
      expect(text((await kv.range(b(`${p}nested`))).kvs[0]?.value)).toBe('n');
      // Compare over a range: every key in it must match.
      const overRange = await kv.txn({
        compare: [{ key: b(p), rangeEnd: prefixEnd(b(p)), target: 'VERSION', result: 'GREATER', value: 0 }],
        success: [],
        failure: [],
      });
      expect(overRange.succeeded).toBe(true);
    });

    it('watches from now and from history, with prevKv, filters, cancel and progress', async () => {
      const p = prefix();
      const start = await kv.put(b(`${p}a`), b('1'));
      const live = new Recorder();
      watch(b(p), { rangeEnd: prefixEnd(b(p)), prevKv: true }, live.handlers);
      const history = new Recorder();
      watch(b(p), { rangeEnd: prefixEnd(b(p)), startRevision: start.revision }, history.handlers);
      const noDelete = new Recorder();
      watch(b(p), { rangeEnd: prefixEnd(b(p)), noDelete: true }, noDelete.handlers);
      const single = new Recorder();
      const singleWatcher = watch(b(`${p}b`), {}, single.handlers);
      // A watch from "now" starts when the server registers it: give it time to.
      await new Promise((resolve) => setTimeout(resolve, 500));

      const put = await kv.put(b(`${p}a`), b('2'));
      const putB = await kv.put(b(`${p}b`), b('x'));
      const del = await kv.deleteRange(b(`${p}a`));
      await live.until('3 live events', () => live.events.length >= 3);
      expect(live.events.map((e) => [e.type, text(e.kv.key), e.kv.modRevision])).toEqual([
        ['PUT', `${p}a`, put.revision],
        ['PUT', `${p}b`, putB.revision],
        ['DELETE', `${p}a`, del.revision],
      ]);
      const [e1, , e3] = live.events;
      expect(text(e1?.prevKv?.value)).toBe('1');
      expect(e3?.kv).toMatchObject({ version: 0, value: Buffer.alloc(0) });
      expect(text(e3?.prevKv?.value)).toBe('2');
      for (const batch of live.batches) expect(batch.revision).toBeGreaterThanOrEqual(batch.events[batch.events.length - 1]?.kv.modRevision ?? 0);

      await history.until('4 history events', () => history.events.length >= 4);
      expect(history.events.map((e) => e.kv.modRevision)).toEqual([start.revision, put.revision, putB.revision, del.revision]);
      expect(history.events[0]).toMatchObject({ type: 'PUT', kv: { version: 1, createRevision: start.revision } });

      await noDelete.until('2 puts', () => noDelete.events.length >= 2);
      await single.until('1 event', () => single.events.length >= 1);
      singleWatcher.cancel();
      await kv.put(b(`${p}b`), b('after-cancel'));
      const last = await kv.put(b(`${p}c`), b('c'));
      await live.until('the c put', () => live.events.some((e) => e.kv.modRevision === last.revision));
      expect(noDelete.events.every((e) => e.type === 'PUT')).toBe(true);
      expect(single.events).toHaveLength(1);

      const progress = new Recorder();
      const watcher = watch(b(`${p}quiet`), {}, progress.handlers);
      await new Promise((resolve) => setTimeout(resolve, 500));
      watcher.requestProgress();
      await progress.until('a progress notification', () => progress.batches.length >= 1);
      expect(progress.batches[0]?.events).toEqual([]);
      expect(progress.batches[0]?.revision).toBeGreaterThanOrEqual(last.revision);
      expect([live, history, noDelete, single, progress].flatMap((r) => r.errors)).toEqual([]);
    });

    it('grants, attaches, renews, inspects, lists and revokes leases', async () => {
      const p = prefix();
      const lease = await kv.leaseGrant(60);
      expect(lease.ttl).toBe(60);
      expect(lease.id).toBeGreaterThan(0);
      await kv.put(b(`${p}a`), b('1'), { lease: lease.id });
      await kv.put(b(`${p}b`), b('2'), { lease: lease.id });
      await kv.put(b(`${p}free`), b('3'));
      expect((await kv.range(b(`${p}a`))).kvs[0]?.lease).toBe(lease.id);
      // ignoreValue keeps the value, ignoreLease keeps the lease.
      await kv.put(b(`${p}free`), Buffer.alloc(0), { ignoreValue: true, lease: lease.id });
      expect((await kv.range(b(`${p}free`))).kvs[0]).toMatchObject({ value: b('3'), lease: lease.id });
      await kv.put(b(`${p}free`), b('4'), { ignoreLease: true });
      expect((await kv.range(b(`${p}free`))).kvs[0]).toMatchObject({ value: b('4'), lease: lease.id });
      expect(await kv.leaseKeepAlive(lease.id)).toBe(60);
      const info = await kv.leaseTimeToLive(lease.id, true);
      expect(info.grantedTtl).toBe(60);
      expect(info.ttl).toBeGreaterThan(55);
      expect(info.ttl).toBeLessThanOrEqual(60);
      expect(info.keys.map(text).sort()).toEqual([`${p}a`, `${p}b`, `${p}free`]);
      expect(await kv.leases()).toContain(lease.id);

      const deletes = new Recorder();
      watch(b(p), { rangeEnd: prefixEnd(b(p)) }, deletes.handlers);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await kv.leaseRevoke(lease.id);
      expect((await kv.range(b(p), { rangeEnd: prefixEnd(b(p)) })).count).toBe(0);
      await deletes.until('3 deletes', () => deletes.events.length >= 3);
      expect(deletes.events.map((e) => e.type)).toEqual(['DELETE', 'DELETE', 'DELETE']);
      // Revoking deletes every key in one revision.
      expect(new Set(deletes.events.map((e) => e.kv.modRevision)).size).toBe(1);
      expect(await kv.leases()).not.toContain(lease.id);

      expect((await storeError(kv.leaseRevoke(lease.id))).code).toBe('lease-not-found');
      expect((await storeError(kv.leaseKeepAlive(lease.id))).code).toBe('lease-not-found');
      expect((await kv.leaseTimeToLive(lease.id)).ttl).toBe(-1);
      const chosen = 0x1234_5678_9abc;
      expect((await kv.leaseGrant(30, chosen)).id).toBe(chosen);
      expect((await storeError(kv.leaseGrant(30, chosen))).code).toBe('lease-exists');
      await kv.leaseRevoke(chosen);
    });

    it('expires a lease and deletes its keys', async () => {
      const p = prefix();
      const lease = await kv.leaseGrant(1);
      // etcd raises TTLs below its minimum (1.5 x election timeout, so 2 s by default).
      expect(lease.ttl).toBeGreaterThanOrEqual(1);
      await kv.put(b(`${p}k`), b('v'), { lease: lease.id });
      const deadline = Date.now() + 10_000;
      while ((await kv.range(b(`${p}k`))).count > 0) {
        if (Date.now() > deadline) throw new Error('the lease did not expire');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect((await kv.leaseTimeToLive(lease.id)).ttl).toBe(-1);
    });

    it('compacts history: old reads and watches fail with compacted, status reports it', async () => {
      const p = prefix();
      const old = await kv.put(b(`${p}k`), b('1'));
      const keep = await kv.put(b(`${p}k`), b('2'));
      await kv.put(b(`${p}k`), b('3'));
      await kv.compact(keep.revision);
      const below = await storeError(kv.range(b(`${p}k`), { revision: old.revision }));
      expect(below.code).toBe('compacted');
      expect(text((await kv.range(b(`${p}k`), { revision: keep.revision })).kvs[0]?.value)).toBe('2');
      expect((await storeError(kv.compact(old.revision))).code).toBe('compacted');
      const current = (await kv.range(b(`${p}k`))).revision;
      expect((await storeError(kv.compact(current + 100))).code).toBe('future-revision');

      const late = new Recorder();
      watch(b(`${p}k`), { startRevision: old.revision }, late.handlers);
      await late.until('a compacted error', () => late.errors.length > 0);
      expect(late.errors[0]?.code).toBe('compacted');
      expect(late.errors[0]?.compactRevision).toBe(keep.revision);
      expect(late.events).toEqual([]);

      const status = await kv.status();
      expect(status.compactRevision).toBe(keep.revision);
      expect(status.revision).toBeGreaterThanOrEqual(current);
    });

    it('reports status and takes snapshots', async () => {
      const p = prefix();
      const put = await kv.put(b(`${p}k`), b('v'));
      const status = await kv.status();
      expect(status.revision).toBeGreaterThanOrEqual(put.revision);
      expect(status.version).toMatch(/^\d+\.\d+/);
      expect(status.memberId).not.toBe('');
      expect(status.dbSize).toBeGreaterThan(0);
      expect(status.raftTerm).toBeGreaterThan(0);
      const snapshot = await kv.snapshot();
      expect(snapshot.length).toBeGreaterThan(0);
    });
  });
}
