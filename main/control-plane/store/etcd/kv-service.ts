// etcdserverpb.KV on top of a KvBackend: Range, Put, DeleteRange, Txn, Compact.
// Request checks mirror etcd v3.4's v3rpc/key.go so that bad requests fail with the
// same status before they reach the store.
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { KeyValue, RangeResult, TxnOp, TxnOpResult, TxnRequest, TxnResult } from '../types.js';
import {
  deleteOptionsFromWire,
  deleteResultToWire,
  num,
  plainLeaseIds,
  putOptionsFromWire,
  putResultToWire,
  rangeOptionsFromWire,
  rangeResultToWire,
  txnFromWire,
  txnResultToWire,
} from './codec.js';
import { etcdError } from './errors.js';
import { unary } from './facade-context.js';
import type { FacadeContext } from './facade-context.js';
import type * as W from './wire.js';

/** etcd's default --max-txn-ops. */
const MAX_TXN_OPS = 128;

function checkRange(req: W.RangeRequest): void {
  if (req.key.length === 0) throw etcdError('emptyKey');
}

function checkPut(req: W.PutRequest): void {
  if (req.key.length === 0) throw etcdError('emptyKey');
  if (req.ignore_value && (req.value?.length ?? 0) > 0) throw etcdError('valueProvided');
  if (req.ignore_lease && num(req.lease) !== 0) throw etcdError('leaseProvided');
  // A lease id our store cannot have handed out (above 2^53) cannot exist.
  if (Number.isNaN(plainLeaseIds.fromWire(req.lease ?? 0))) throw etcdError('leaseNotFound');
}

function checkDelete(req: W.DeleteRangeRequest): void {
  if (req.key.length === 0) throw etcdError('emptyKey');
}

function inRange(key: Buffer, start: Buffer, end: Buffer | undefined): boolean {
  if (!end || end.length === 0) return key.equals(start);
  if (key.compare(start) < 0) return false;
  return (end.length === 1 && end[0] === 0) || key.compare(end) < 0;
}

/** etcd refuses a txn branch that writes one key twice (two puts, or a put inside a delete range). */
function checkBranch(ops: W.RequestOp[]): void {
  const puts: Buffer[] = [];
  const deletes: W.DeleteRangeRequest[] = [];
  for (const op of ops) {
    if (op.request_range) checkRange(op.request_range);
    else if (op.request_put) {
      const key = op.request_put.key;
      checkPut(op.request_put);
      if (puts.some((k) => k.equals(key))) throw etcdError('duplicateKey');
      puts.push(key);
    } else if (op.request_delete_range) {
      checkDelete(op.request_delete_range);
      deletes.push(op.request_delete_range);
    } else if (op.request_txn) checkTxn(op.request_txn);
    else throw etcdError('emptyKey');
  }
  for (const del of deletes) {
    if (puts.some((k) => inRange(k, del.key, del.range_end))) throw etcdError('duplicateKey');
  }
}

function checkTxn(req: W.TxnRequest): void {
  if (req.compare.length > MAX_TXN_OPS || req.success.length > MAX_TXN_OPS || req.failure.length > MAX_TXN_OPS) {
    throw etcdError('tooManyOps');
  }
  for (const c of req.compare) if (c.key.length === 0) throw etcdError('emptyKey');
  checkBranch(req.success);
  checkBranch(req.failure);
}

function needsPostProcessing(req: W.RangeRequest): boolean {
  const order = req.sort_order ?? 'NONE';
  const target = req.sort_target ?? 'KEY';
  const sorted = !(target === 'KEY' && (order === 'NONE' || order === 'ASCEND'));
  const filtered = [req.min_mod_revision, req.max_mod_revision, req.min_create_revision, req.max_create_revision].some((v) => num(v) !== 0);
  return sorted || filtered;
}

function sortValue(kv: KeyValue, target: W.SortTarget): number | Buffer {
  switch (target) {
    case 'KEY':
      return kv.key;
    case 'VERSION':
      return kv.version;
    case 'CREATE':
      return kv.createRevision;
    case 'MOD':
      return kv.modRevision;
    case 'VALUE':
      return kv.value;
  }
}

/**
 * Sort orders other than by key and the min/max revision filters are not in the
 * KvBackend contract (no API server needs them), but etcdctl exposes them
 * (`get --order --sort-by`, `--rev` tools): read the whole range and do it here, as
 * etcd itself does (it also fetches everything before sorting and truncating).
 */
function postProcess(req: W.RangeRequest, result: RangeResult): RangeResult {
  const minMod = num(req.min_mod_revision);
  const maxMod = num(req.max_mod_revision);
  const minCreate = num(req.min_create_revision);
  const maxCreate = num(req.max_create_revision);
  let kvs = result.kvs.filter(
    (kv) =>
      (minMod === 0 || kv.modRevision >= minMod) &&
      (maxMod === 0 || kv.modRevision <= maxMod) &&
      (minCreate === 0 || kv.createRevision >= minCreate) &&
      (maxCreate === 0 || kv.createRevision <= maxCreate),
  );
  const target = req.sort_target ?? 'KEY';
  const order = req.sort_order === 'NONE' || req.sort_order === undefined ? 'ASCEND' : req.sort_order;
  const sign = order === 'DESCEND' ? -1 : 1;
  kvs = [...kvs].sort((a, b) => {
    const x = sortValue(a, target);
    const y = sortValue(b, target);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : Buffer.compare(x as Buffer, y as Buffer);
    return sign * c;
  });
  const limit = num(req.limit);
  const more = limit > 0 && kvs.length > limit;
  return { ...result, kvs: more ? kvs.slice(0, limit) : kvs, more };
}

/**
 * Sorted or filtered reads also happen inside transactions: clientv3's Mutex (`etcdctl
 * lock`) finds the lock holder with a txn range sorted by create revision, limit 1.
 * Such ranges go to the store without their limit and are finished here, op by op.
 */
function unlimitSortedRanges(req: W.TxnRequest, txn: TxnRequest): void {
  const strip = (wire: W.RequestOp[], ops: TxnOp[]): void => {
    wire.forEach((w, i) => {
      const op = ops[i];
      if (w.request_range && op?.type === 'range' && needsPostProcessing(w.request_range) && !w.request_range.count_only) delete op.options?.limit;
      if (w.request_txn && op?.type === 'txn') unlimitSortedRanges(w.request_txn, op.txn);
    });
  };
  strip(req.success, txn.success);
  strip(req.failure, txn.failure);
}

function postProcessTxn(req: W.TxnRequest, result: TxnResult): TxnResult {
  const branch = result.succeeded ? req.success : req.failure;
  const responses = result.responses.map((r, i): TxnOpResult => {
    const w = branch[i];
    if (r.type === 'range' && w?.request_range && needsPostProcessing(w.request_range) && !w.request_range.count_only) {
      return { type: 'range', range: postProcess(w.request_range, r.range) };
    }
    if (r.type === 'txn' && w?.request_txn) return { type: 'txn', txn: postProcessTxn(w.request_txn, r.txn) };
    return r;
  });
  return { ...result, responses };
}

export function kvService(ctx: FacadeContext): UntypedServiceImplementation {
  const { backend } = ctx;
  return {
    Range: unary(async (req: W.RangeRequest): Promise<W.RangeResponse> => {
      checkRange(req);
      const options = rangeOptionsFromWire(req);
      if (!needsPostProcessing(req) || options.countOnly) {
        return rangeResultToWire(await backend.range(req.key, options), ctx.header);
      }
      delete options.limit;
      return rangeResultToWire(postProcess(req, await backend.range(req.key, options)), ctx.header);
    }),

    Put: unary(async (req: W.PutRequest): Promise<W.PutResponse> => {
      checkPut(req);
      const result = await backend.put(req.key, req.value ?? Buffer.alloc(0), putOptionsFromWire(req, plainLeaseIds));
      return putResultToWire(result, ctx.header);
    }),

    DeleteRange: unary(async (req: W.DeleteRangeRequest): Promise<W.DeleteRangeResponse> => {
      checkDelete(req);
      return deleteResultToWire(await backend.deleteRange(req.key, deleteOptionsFromWire(req)), ctx.header);
    }),

    Txn: unary(async (req: W.TxnRequest): Promise<W.TxnResponse> => {
      checkTxn(req);
      const txn = txnFromWire(req, plainLeaseIds);
      unlimitSortedRanges(req, txn);
      return txnResultToWire(postProcessTxn(req, await backend.txn(txn)), ctx.header);
    }),

    Compact: unary(async (req: W.CompactionRequest): Promise<W.HeaderOnlyResponse> => {
      await backend.compact(num(req.revision));
      return { header: ctx.header(await ctx.currentRevision()) };
    }),
  };
}
