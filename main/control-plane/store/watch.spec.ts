import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MvccStore } from './mvcc-store.js';
import { b, backgroundErrors, describeEvents, open, removeDir, tempDir, waitFor } from './test-helpers.js';
import type { StoreError, WatchEvent, WatchOptions } from './types.js';

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

interface Recorder {
  batches: Array<{ events: WatchEvent[]; revision: number }>;
  errors: StoreError[];
  events(): WatchEvent[];
  lines(): string[];
}

function record(key: string, options: WatchOptions = {}): Recorder & { cancel(): void; requestProgress(): void } {
  const rec: Recorder = {
    batches: [],
    errors: [],
    events: () => rec.batches.flatMap((x) => x.events),
    lines: () => describeEvents(rec.events()),
  };
  const w = store.watch(b(key), options, {
    onEvents: (events, revision) => rec.batches.push({ events, revision }),
    onError: (error) => rec.errors.push(error),
  });
  return { ...rec, cancel: () => w.cancel(), requestProgress: () => w.requestProgress() };
}

const PREFIX_END = b('p0'); // end of prefix "p/"

describe('live events', () => {
  it('delivers puts and deletes of a key, with a DELETE carrying the deletion revision', async () => {
    const w = record('a');
    await store.put(b('a'), b('1'));
    await store.put(b('other'), b('1'));
    await store.deleteRange(b('a'));
    await waitFor(() => w.events().length === 2);
    expect(w.lines()).toEqual(['PUT a=1@2', 'DELETE a@4']);
    expect(w.events()[1]?.kv).toMatchObject({ version: 0, createRevision: 0, modRevision: 4 });
    expect(w.events()[1]?.kv.value.length).toBe(0);
  });

  it('delivers all events of one txn in one batch, for prefix watchers', async () => {
    const w = record('p/', { rangeEnd: PREFIX_END });
    await store.txn({
      compare: [],
      success: [
        { type: 'put', key: b('p/1'), value: b('x') },
        { type: 'put', key: b('q'), value: b('x') },
        { type: 'put', key: b('p/2'), value: b('y') },
      ],
      failure: [],
    });
    await waitFor(() => w.batches.length === 1);
    expect(w.batches[0]?.revision).toBe(2);
    expect(describeEvents(w.batches[0]?.events ?? [])).toEqual(['PUT p/1=x@2', 'PUT p/2=y@2']);
  });

  it('includes prevKv only when asked, and honours noPut / noDelete', async () => {
    await store.put(b('k'), b('old'));
    const withPrev = record('k', { prevKv: true });
    const plain = record('k');
    const noPut = record('k', { noPut: true });
    const noDelete = record('k', { noDelete: true });
    await store.put(b('k'), b('new'));
    await store.deleteRange(b('k'));
    await waitFor(() => withPrev.events().length === 2 && plain.events().length === 2);
    expect(withPrev.events().map((e) => e.prevKv?.value.toString())).toEqual(['old', 'new']);
    expect(plain.events().every((e) => e.prevKv === undefined)).toBe(true);
    expect(noPut.lines()).toEqual(['DELETE k@4']);
    expect(noDelete.lines()).toEqual(['PUT k=new@3']);
  });

  it('an empty key with rangeEnd \\0 watches every key', async () => {
    const w = record('', { rangeEnd: Buffer.from([0]) });
    await store.put(b('\x01low'), b('1'));
    await store.put(b('\xffhigh'), b('2'));
    await waitFor(() => w.events().length === 2);
    expect(w.events().map((e) => e.kv.modRevision)).toEqual([2, 3]);
  });

  it('stops after cancel', async () => {
    const w = record('a');
    await store.put(b('a'), b('1'));
    await waitFor(() => w.events().length === 1);
    w.cancel();
    await store.put(b('a'), b('2'));
    await new Promise((r) => setTimeout(r, 20));
    expect(w.events().length).toBe(1);
  });

  it('a watch from a future revision starts there', async () => {
    const w = record('a', { startRevision: 4 });
    await store.put(b('a'), b('1')); // 2
    await store.put(b('a'), b('2')); // 3
    await store.put(b('a'), b('3')); // 4
    await waitFor(() => w.events().length === 1);
    expect(w.lines()).toEqual(['PUT a=3@4']);
  });

  it('ends a watcher whose handler throws, and keeps serving others', async () => {
    const errors: StoreError[] = [];
    store.watch(b('a'), {}, {
      onEvents: () => {
        throw new Error('boom');
      },
      onError: (e) => errors.push(e),
    });
    const good = record('a');
    await store.put(b('a'), b('1'));
    await store.put(b('a'), b('2'));
    await waitFor(() => good.events().length === 2);
    expect(errors.map((e) => e.code)).toEqual(['unavailable']);
  });
});

describe('history', () => {
  it('replays history from an old start revision, then continues live, in order', async () => {
    await store.put(b('p/1'), b('a')); // 2
    await store.put(b('x'), b('a')); // 3
    await store.put(b('p/2'), b('b')); // 4
    await store.deleteRange(b('p/1')); // 5
    const w = record('p/', { rangeEnd: PREFIX_END, startRevision: 3, prevKv: true });
    await waitFor(() => w.events().length === 2);
    expect(w.lines()).toEqual(['PUT p/2=b@4', 'DELETE p/1@5']);
    expect(w.events()[1]?.prevKv?.value.toString()).toBe('a');
    await store.put(b('p/3'), b('c'));
    await waitFor(() => w.events().length === 3);
    expect(w.lines()[2]).toBe('PUT p/3=c@6');
    const revs = w.events().map((e) => e.kv.modRevision);
    expect(revs).toEqual([...revs].sort((x, y) => x - y));
  });

  it('replays a long history in chunks without splitting a revision', async () => {
    for (let i = 0; i < 600; i++) {
      await store.txn({
        compare: [],
        success: [
          { type: 'put', key: b(`h/${i}/a`), value: b('1') },
          { type: 'put', key: b(`h/${i}/b`), value: b('1') },
        ],
        failure: [],
      });
    }
    const w = record('h/', { rangeEnd: b('h0'), startRevision: 1 });
    await waitFor(() => w.events().length === 1200);
    expect(w.batches.length).toBeGreaterThan(1);
    for (const batch of w.batches) {
      expect(batch.events.length % 2).toBe(0);
      expect(batch.events[0]?.kv.modRevision).toBe(batch.events[1]?.kv.modRevision);
    }
  });

  it('fails with compacted below the compaction point, but serves it from the point itself', async () => {
    for (let i = 1; i <= 5; i++) await store.put(b('a'), b(String(i))); // revs 2..6
    await store.compact(4);
    const old = record('a', { startRevision: 3 });
    const at = record('a', { startRevision: 4 });
    await waitFor(() => old.errors.length === 1 && at.events().length === 3);
    expect(old.errors[0]?.code).toBe('compacted');
    expect(old.errors[0]?.compactRevision).toBe(4);
    expect(old.batches).toEqual([]);
    expect(at.lines()).toEqual(['PUT a=3@4', 'PUT a=4@5', 'PUT a=5@6']);
  });
});

describe('progress', () => {
  it('sends an empty batch with the current revision on request', async () => {
    await store.put(b('z'), b('1'));
    const w = record('a');
    w.requestProgress();
    expect(w.batches).toEqual([{ events: [], revision: 2 }]);
  });

  it('sends idle progress notifications only to watchers that asked', async () => {
    await store.close();
    store = await open(dir, { progressNotifyMs: 30 });
    await store.put(b('z'), b('1'));
    const wants = record('a', { progressNotify: true });
    const silent = record('a');
    await waitFor(() => wants.batches.length >= 2);
    expect(wants.batches[0]).toEqual({ events: [], revision: 2 });
    expect(silent.batches).toEqual([]);
  });
});

describe('close', () => {
  it('ends open watches with closed', async () => {
    const w = record('a');
    await store.close();
    expect(w.errors.map((e) => e.code)).toEqual(['closed']);
  });
});
