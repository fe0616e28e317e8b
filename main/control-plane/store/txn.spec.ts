import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MvccStore } from './mvcc-store.js';
import { b, backgroundErrors, keys, open, removeDir, s, tempDir } from './test-helpers.js';
import { StoreError, type Compare, type TxnOp, type TxnRequest } from './types.js';

let dir: string;
let store: MvccStore;

beforeEach(async () => {
  dir = await tempDir();
  store = await open(dir);
  await store.put(b('a'), b('1')); // rev 2
  await store.put(b('a'), b('2')); // rev 3, version 2, create 2
  await store.put(b('b'), b('x')); // rev 4
});

afterEach(async () => {
  await store.close();
  await removeDir(dir);
  expect(backgroundErrors.splice(0)).toEqual([]);
});

const put = (k: string, v: string): TxnOp => ({ type: 'put', key: b(k), value: b(v) });
const get = (k: string): TxnOp => ({ type: 'range', key: b(k) });
const cmp = (k: string, target: Compare['target'], result: Compare['result'], value: number | string): Compare => ({
  key: b(k),
  target,
  result,
  value: typeof value === 'string' ? b(value) : value,
});
const txn = (compare: Compare[], success: TxnOp[] = [put('ok', 'yes')], failure: TxnOp[] = []): TxnRequest => ({ compare, success, failure });

async function succeeds(compare: Compare[]): Promise<boolean> {
  return (await store.txn(txn(compare, [], []))).succeeded;
}

describe('compares', () => {
  it('VERSION, CREATE, MOD, VALUE and LEASE each decide the branch', async () => {
    expect(await succeeds([cmp('a', 'VERSION', 'EQUAL', 2)])).toBe(true);
    expect(await succeeds([cmp('a', 'VERSION', 'EQUAL', 1)])).toBe(false);
    expect(await succeeds([cmp('a', 'CREATE', 'EQUAL', 2)])).toBe(true);
    expect(await succeeds([cmp('a', 'MOD', 'EQUAL', 3)])).toBe(true);
    expect(await succeeds([cmp('a', 'MOD', 'LESS', 3)])).toBe(false);
    expect(await succeeds([cmp('a', 'MOD', 'GREATER', 2)])).toBe(true);
    expect(await succeeds([cmp('a', 'VALUE', 'EQUAL', '2')])).toBe(true);
    expect(await succeeds([cmp('a', 'VALUE', 'NOT_EQUAL', '2')])).toBe(false);
    expect(await succeeds([cmp('a', 'VALUE', 'GREATER', '10')])).toBe(true); // bytes: "2" > "10"
    expect(await succeeds([cmp('a', 'LEASE', 'EQUAL', 0)])).toBe(true);
  });

  it('a missing key compares as zeros, except VALUE which fails', async () => {
    expect(await succeeds([cmp('nope', 'VERSION', 'EQUAL', 0)])).toBe(true);
    expect(await succeeds([cmp('nope', 'MOD', 'EQUAL', 0)])).toBe(true);
    expect(await succeeds([cmp('nope', 'CREATE', 'EQUAL', 0)])).toBe(true);
    expect(await succeeds([cmp('nope', 'VALUE', 'EQUAL', '')])).toBe(false);
    expect(await succeeds([cmp('nope', 'VALUE', 'NOT_EQUAL', 'x')])).toBe(false);
  });

  it('a range compare must hold for every key in it', async () => {
    const all = (c: Compare): Compare => ({ ...c, rangeEnd: b('c') });
    expect(await succeeds([all(cmp('a', 'MOD', 'GREATER', 2))])).toBe(true); // a@3, b@4
    expect(await succeeds([all(cmp('a', 'MOD', 'GREATER', 3))])).toBe(false);
  });

  it('all compares must hold', async () => {
    expect(await succeeds([cmp('a', 'VERSION', 'EQUAL', 2), cmp('b', 'VERSION', 'EQUAL', 1)])).toBe(true);
    expect(await succeeds([cmp('a', 'VERSION', 'EQUAL', 2), cmp('b', 'VERSION', 'EQUAL', 9)])).toBe(false);
  });
});

describe('branches and revisions', () => {
  it('runs the failure branch when a compare fails', async () => {
    const r = await store.txn(txn([cmp('a', 'VALUE', 'EQUAL', 'wrong')], [put('s', '1')], [put('f', '1'), get('a')]));
    expect(r.succeeded).toBe(false);
    expect(r.revision).toBe(5);
    const [p, g] = r.responses;
    expect(p).toMatchObject({ type: 'put', put: { revision: 5 } });
    expect(g?.type === 'range' && s(g.range.kvs[0]?.value)).toBe('2');
    expect((await store.range(b('s'))).count).toBe(0);
    expect((await store.range(b('f'))).count).toBe(1);
  });

  it('makes one revision for all writes of a txn, and sub-reads see earlier writes', async () => {
    const r = await store.txn(
      txn([], [put('x', '1'), put('y', '1'), { type: 'delete', key: b('b'), options: { prevKv: true } }, get('x')]),
    );
    expect(r.revision).toBe(5);
    const kvs = (await store.range(b('a'), { rangeEnd: Buffer.from([0]) })).kvs;
    expect(kvs.map((kv) => `${s(kv.key)}@${kv.modRevision}`)).toEqual(['a@3', 'x@5', 'y@5']);
    const del = r.responses[2];
    expect(del?.type === 'delete' && s(del.delete.prevKvs[0]?.value)).toBe('x');
    const read = r.responses[3];
    expect(read?.type === 'range' && read.range.kvs[0]?.modRevision).toBe(5);
    expect((await store.put(b('z'), b('1'))).revision).toBe(6);
  });

  it('a txn without writes, or whose deletes hit nothing, keeps the revision', async () => {
    expect((await store.txn(txn([], [get('a')]))).revision).toBe(4);
    expect((await store.txn(txn([], [{ type: 'delete', key: b('missing') }]))).revision).toBe(4);
    expect((await store.put(b('c'), b('1'))).revision).toBe(5);
  });

  it('nested txns take their branch by compares against the state before the txn', async () => {
    const inner: TxnRequest = {
      // a is still version 2 when compares run, although the outer txn rewrites it first
      compare: [cmp('a', 'VERSION', 'EQUAL', 2)],
      success: [put('inner', 'then')],
      failure: [put('inner', 'else')],
    };
    const r = await store.txn(txn([cmp('b', 'VALUE', 'EQUAL', 'x')], [put('a', '3'), { type: 'txn', txn: inner }]));
    expect(r.succeeded).toBe(true);
    const nested = r.responses[1];
    expect(nested?.type === 'txn' && nested.txn.succeeded).toBe(true);
    expect(s((await store.range(b('inner'))).kvs[0]?.value)).toBe('then');
    expect((await store.range(b('a'))).kvs[0]).toMatchObject({ version: 3, modRevision: 5 });
    expect((await store.range(b('inner'))).kvs[0]?.modRevision).toBe(5);
  });

  it('range ops in a txn read at a past revision', async () => {
    const r = await store.txn(txn([], [{ type: 'range', key: b('a'), options: { revision: 2 } }]));
    const read = r.responses[0];
    expect(read?.type === 'range' && s(read.range.kvs[0]?.value)).toBe('1');
  });
});

describe('refusals change nothing', () => {
  async function refused(req: TxnRequest, code: StoreError['code']): Promise<void> {
    const err = await store.txn(req).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe(code);
    expect((await store.status()).revision).toBe(4);
    expect((await store.range(b('w'))).count).toBe(0);
  }

  it('duplicate puts and a put inside a deleted range are etcd "duplicate key"', async () => {
    await refused(txn([], [put('w', '1'), put('w', '2')]), 'invalid-argument');
    await refused(txn([], [put('w', '1'), { type: 'delete', key: b('v'), options: { rangeEnd: b('x') } }]), 'invalid-argument');
    await refused(
      txn([], [put('w', '1'), { type: 'txn', txn: { compare: [], success: [put('w', '2')], failure: [] } }]),
      'invalid-argument',
    );
  });

  it('allows the same key in both branches of one nested txn', async () => {
    const nested: TxnOp = { type: 'txn', txn: { compare: [], success: [put('w', 't')], failure: [put('w', 'f')] } };
    const r = await store.txn(txn([], [nested]));
    expect(r.succeeded).toBe(true);
    expect(s((await store.range(b('w'))).kvs[0]?.value)).toBe('t');
  });

  it('a missing lease on the chosen path fails the whole txn before any write', async () => {
    await refused(txn([], [put('w', '1'), { type: 'put', key: b('y'), value: b('1'), options: { lease: 777 } }]), 'lease-not-found');
  });

  it('a compacted or future range revision fails the txn', async () => {
    await refused(txn([], [put('w', '1'), { type: 'range', key: b('a'), options: { revision: 50 } }]), 'future-revision');
    await store.compact(3);
    const err = await store.txn(txn([], [put('w', '1'), { type: 'range', key: b('a'), options: { revision: 2 } }])).catch((e: unknown) => e);
    expect((err as StoreError).code).toBe('compacted');
    expect((await store.range(b('w'))).count).toBe(0);
  });

  it('too many ops and wrongly typed compare values are invalid', async () => {
    const many = Array.from({ length: 129 }, (_, i) => put(`k${i}`, 'v'));
    await refused(txn([], many), 'invalid-argument');
    await refused(txn([{ key: b('a'), target: 'VERSION', result: 'EQUAL', value: b('1') }]), 'invalid-argument');
  });

  it('checks only the chosen path for leases', async () => {
    const r = await store.txn(
      txn([cmp('a', 'VERSION', 'EQUAL', 99)], [{ type: 'put', key: b('y'), value: b('1'), options: { lease: 777 } }], [put('w', 'ok')]),
    );
    expect(r.succeeded).toBe(false);
    expect(keys((await store.range(b('w'))).kvs)).toEqual(['w']);
  });
});
