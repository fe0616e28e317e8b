// Running a txn against the state, following etcd's applier: every compare on the
// chosen path (nested txns included) is evaluated against the state before the txn;
// then the path's puts and ranges are checked (lease exists, key exists for
// ignore_*, range revision not compacted/future); only then are the ops applied, in
// order, all at one new revision. A txn that changes nothing keeps the revision.
import { keyStr, toInterval } from './key-range.js';
import { LATEST, type RevisionEntry } from './keyspace.js';
import type { KvState } from './kv-state.js';
import {
  StoreError,
  type Compare,
  type DeleteResult,
  type KeyValue,
  type PutResult,
  type RangeOptions,
  type RangeResult,
  type TxnOp,
  type TxnOpResult,
  type TxnRequest,
  type TxnResult,
} from './types.js';

const ZERO_KV: KeyValue = { key: Buffer.alloc(0), value: Buffer.alloc(0), createRevision: 0, modRevision: 0, version: 0, lease: 0 };

function compareKv(c: Compare, kv: KeyValue): boolean {
  let cmp: number;
  if (c.target === 'VALUE') {
    cmp = Buffer.compare(kv.value, c.value as Buffer);
  } else {
    const have = c.target === 'VERSION' ? kv.version : c.target === 'CREATE' ? kv.createRevision : c.target === 'MOD' ? kv.modRevision : kv.lease;
    const want = c.value as number;
    cmp = have === want ? 0 : have > want ? 1 : -1;
  }
  switch (c.result) {
    case 'EQUAL':
      return cmp === 0;
    case 'NOT_EQUAL':
      return cmp !== 0;
    case 'GREATER':
      return cmp > 0;
    case 'LESS':
      return cmp < 0;
  }
}

/** etcd applyCompare: every key in the range must match; a missing key compares as zeros, except on VALUE */
function compareHolds(state: KvState, c: Compare): boolean {
  const iv = toInterval(c.key, c.rangeEnd);
  const kvs = state.keyspace.range(iv, LATEST, { limit: 0, keysOnly: false, countOnly: false }).kvs;
  if (kvs.length === 0) return c.target !== 'VALUE' && compareKv(c, ZERO_KV);
  return kvs.every((kv) => compareKv(c, kv));
}

/** the branch taken by each txn on the path, in execution (pre-)order */
function choosePath(state: KvState, req: TxnRequest, path: boolean[]): void {
  const ok = req.compare.every((c) => compareHolds(state, c));
  path.push(ok);
  for (const op of ok ? req.success : req.failure) if (op.type === 'txn') choosePath(state, op.txn, path);
}

export function rangeRevisionError(rev: number, current: number, compacted: number): StoreError | undefined {
  if (rev > current) return new StoreError('future-revision', 'etcdserver: mvcc: required revision is a future revision');
  if (rev < compacted) {
    return new StoreError('compacted', 'etcdserver: mvcc: required revision has been compacted', compacted);
  }
  return undefined;
}

/** etcd checkRequests: put and range preconditions along the chosen path */
function checkPath(state: KvState, ops: TxnOp[], path: boolean[], cursor: { i: number }): void {
  for (const op of ops) {
    if (op.type === 'put') {
      const lease = op.options?.lease ?? 0;
      if (lease !== 0 && !op.options?.ignoreLease && !state.leases.has(lease)) {
        throw new StoreError('lease-not-found', 'etcdserver: requested lease not found');
      }
      if ((op.options?.ignoreValue || op.options?.ignoreLease) && !state.keyspace.get(keyStr(op.key))) {
        throw new StoreError('invalid-argument', 'etcdserver: key not found');
      }
    } else if (op.type === 'range') {
      const rev = op.options?.revision ?? 0;
      const err = rev > 0 ? rangeRevisionError(rev, state.keyspace.revision, state.keyspace.compactRevision) : undefined;
      if (err) throw err;
    } else if (op.type === 'txn') {
      const ok = path[cursor.i++];
      checkPath(state, ok ? op.txn.success : op.txn.failure, path, cursor);
    }
  }
}

interface Run {
  state: KvState;
  path: boolean[];
  cursor: number;
  /** results whose revision is only known once the write ends */
  revisioned: Array<{ revision: number }>;
}

function runRange(run: Run, key: Buffer, options: RangeOptions | undefined): RangeResult {
  const rev = options?.revision && options.revision > 0 ? options.revision : LATEST;
  const rows = run.state.keyspace.range(toInterval(key, options?.rangeEnd), rev, {
    limit: options?.limit ?? 0,
    keysOnly: options?.keysOnly ?? false,
    countOnly: options?.countOnly ?? false,
  });
  const result: RangeResult = { ...rows, revision: 0 };
  run.revisioned.push(result);
  return result;
}

function runOps(run: Run, ops: TxnOp[]): TxnOpResult[] {
  const { state } = run;
  const out: TxnOpResult[] = [];
  for (const op of ops) {
    switch (op.type) {
      case 'range':
        out.push({ type: 'range', range: runRange(run, op.key, op.options) });
        break;
      case 'put': {
        const k = keyStr(op.key);
        const o = op.options;
        const cur = o?.ignoreValue || o?.ignoreLease ? state.keyspace.get(k) : undefined;
        const value = o?.ignoreValue && cur ? cur.value : Buffer.from(op.value);
        const lease = o?.ignoreLease && cur ? cur.lease : (o?.lease ?? 0);
        const stored = state.put(k, op.key, value, lease);
        const put: PutResult = { revision: 0 };
        if (o?.prevKv && stored.event.prevKv) put.prevKv = stored.event.prevKv;
        run.revisioned.push(put);
        out.push({ type: 'put', put });
        break;
      }
      case 'delete': {
        const events = state.deleteRange(toInterval(op.key, op.options?.rangeEnd));
        const del: DeleteResult = {
          revision: 0,
          deleted: events.length,
          prevKvs: op.options?.prevKv ? events.map((e) => e.event.prevKv as KeyValue) : [],
        };
        run.revisioned.push(del);
        out.push({ type: 'delete', delete: del });
        break;
      }
      case 'txn':
        out.push({ type: 'txn', txn: runTxnNode(run, op.txn) });
        break;
    }
  }
  return out;
}

function runTxnNode(run: Run, req: TxnRequest): TxnResult {
  const succeeded = run.path[run.cursor++] ?? false;
  const result: TxnResult = { succeeded, revision: 0, responses: [] };
  run.revisioned.push(result);
  result.responses = runOps(run, succeeded ? req.success : req.failure);
  return result;
}

export interface TxnOutcome {
  result: TxnResult;
  /** the new revision's changes, or undefined when the txn wrote nothing */
  entry: RevisionEntry | undefined;
}

/**
 * Validates (already statically checked) and applies a txn to the state in memory.
 * Throws StoreError before touching anything when a precondition fails.
 */
export function executeTxn(state: KvState, req: TxnRequest): TxnOutcome {
  const path: boolean[] = [];
  choosePath(state, req, path);
  checkPath(state, path[0] ? req.success : req.failure, path, { i: 1 });
  const run: Run = { state, path, cursor: 0, revisioned: [] };
  state.keyspace.beginWrite();
  let result: TxnResult;
  let entry: RevisionEntry | undefined;
  try {
    result = runTxnNode(run, req);
  } finally {
    entry = state.keyspace.endWrite();
  }
  const revision = state.keyspace.revision;
  for (const r of run.revisioned) r.revision = revision;
  return { result, entry };
}
