// Conversions between the KvBackend contract (types.ts) and etcd's wire messages
// (wire.ts), in both directions: the facade decodes requests and encodes results,
// the real-etcd backend does the opposite. Pure functions, no I/O.
import type {
  Compare,
  DeleteOptions,
  DeleteResult,
  KeyValue,
  PutOptions,
  PutResult,
  RangeOptions,
  RangeResult,
  TxnOp,
  TxnOpResult,
  TxnRequest,
  TxnResult,
  WatchEvent,
} from '../types.js';
import type * as W from './wire.js';

const EMPTY = Buffer.alloc(0);

/** int64 from the wire (decimal string) to a number; revisions stay far below 2^53. */
export function num(value: W.Int64 | null | undefined): number {
  if (value === undefined || value === null) return 0;
  return typeof value === 'number' ? value : Number(value);
}

export function bytes(value: Buffer | null | undefined): Buffer {
  return value ?? EMPTY;
}

/** An absent or empty range_end means "just this key" in etcd. */
function optionalBytes(value: Buffer | null | undefined): Buffer | undefined {
  return value && value.length > 0 ? value : undefined;
}

/**
 * Lease ids are int64 on the wire and `number` in the contract. Each side decides
 * what to do with ids that do not fit a double (see etcd-client-backend.ts).
 */
export interface LeaseIdCodec {
  fromWire(id: W.Int64): number;
  toWire(id: number): W.Int64;
}

/** The facade's codec: our store only hands out safe integers; anything else is unknown (NaN). */
export const plainLeaseIds: LeaseIdCodec = {
  fromWire(id) {
    const n = num(id);
    return Number.isSafeInteger(n) ? n : Number.NaN;
  },
  toWire: (id) => id,
};

export type HeaderFn = (revision: number) => W.WireHeader;

// ---- key-values and events ----

export function kvToWire(kv: KeyValue): W.WireKeyValue {
  return {
    key: kv.key,
    create_revision: kv.createRevision,
    mod_revision: kv.modRevision,
    version: kv.version,
    value: kv.value,
    lease: kv.lease,
  };
}

export function kvFromWire(kv: W.WireKeyValue, leases: LeaseIdCodec): KeyValue {
  return {
    key: bytes(kv.key),
    value: bytes(kv.value),
    createRevision: num(kv.create_revision),
    modRevision: num(kv.mod_revision),
    version: num(kv.version),
    lease: kv.lease === '0' || kv.lease === 0 ? 0 : leases.fromWire(kv.lease),
  };
}

export function eventToWire(event: WatchEvent): W.WireEvent {
  return { type: event.type, kv: kvToWire(event.kv), prev_kv: event.prevKv ? kvToWire(event.prevKv) : null };
}

export function eventFromWire(event: W.WireEvent, leases: LeaseIdCodec): WatchEvent {
  const kv = kvFromWire(event.kv ?? { key: EMPTY, value: EMPTY, create_revision: 0, mod_revision: 0, version: 0, lease: 0 }, leases);
  const out: WatchEvent = { type: event.type, kv };
  if (event.prev_kv) out.prevKv = kvFromWire(event.prev_kv, leases);
  return out;
}

// ---- range / put / delete: facade side (wire -> contract -> wire) ----

export function rangeOptionsFromWire(req: W.RangeRequest): RangeOptions {
  const options: RangeOptions = {};
  const rangeEnd = optionalBytes(req.range_end);
  if (rangeEnd) options.rangeEnd = rangeEnd;
  const limit = num(req.limit);
  if (limit > 0) options.limit = limit;
  const revision = num(req.revision);
  if (revision > 0) options.revision = revision;
  if (req.keys_only) options.keysOnly = true;
  if (req.count_only) options.countOnly = true;
  return options;
}

export function rangeResultToWire(result: RangeResult, header: HeaderFn): W.RangeResponse {
  return { header: header(result.revision), kvs: result.kvs.map(kvToWire), more: result.more, count: result.count };
}

export function putOptionsFromWire(req: W.PutRequest, leases: LeaseIdCodec): PutOptions {
  const options: PutOptions = {};
  const lease = num(req.lease) === 0 ? 0 : leases.fromWire(req.lease ?? 0);
  if (lease !== 0) options.lease = lease;
  if (req.prev_kv) options.prevKv = true;
  if (req.ignore_value) options.ignoreValue = true;
  if (req.ignore_lease) options.ignoreLease = true;
  return options;
}

export function putResultToWire(result: PutResult, header: HeaderFn): W.PutResponse {
  return { header: header(result.revision), prev_kv: result.prevKv ? kvToWire(result.prevKv) : null };
}

export function deleteOptionsFromWire(req: W.DeleteRangeRequest): DeleteOptions {
  const options: DeleteOptions = {};
  const rangeEnd = optionalBytes(req.range_end);
  if (rangeEnd) options.rangeEnd = rangeEnd;
  if (req.prev_kv) options.prevKv = true;
  return options;
}

export function deleteResultToWire(result: DeleteResult, header: HeaderFn): W.DeleteRangeResponse {
  return { header: header(result.revision), deleted: result.deleted, prev_kvs: result.prevKvs.map(kvToWire) };
}

// ---- range / put / delete: client side (contract -> wire -> contract) ----

// range_end is left out, never sent empty, when the contract has none: etcd's gogoproto
// decoder turns an empty bytes field into a non-nil []byte{}, which a serializable or
// linearizable Range reads as "every key >= key" instead of "just this key".

export function rangeRequestToWire(key: Buffer, options: RangeOptions = {}): W.RangeRequest {
  const req: W.RangeRequest = {
    key,
    limit: options.limit ?? 0,
    revision: options.revision ?? 0,
    keys_only: options.keysOnly ?? false,
    count_only: options.countOnly ?? false,
  };
  if (options.rangeEnd && options.rangeEnd.length > 0) req.range_end = options.rangeEnd;
  return req;
}

export function rangeResultFromWire(res: W.RangeResponse, leases: LeaseIdCodec): RangeResult {
  return {
    kvs: res.kvs.map((kv) => kvFromWire(kv, leases)),
    count: num(res.count),
    more: res.more,
    revision: num(res.header?.revision),
  };
}

export function putRequestToWire(key: Buffer, value: Buffer, options: PutOptions, leases: LeaseIdCodec): W.PutRequest {
  return {
    key,
    value,
    lease: options.lease ? leases.toWire(options.lease) : 0,
    prev_kv: options.prevKv ?? false,
    ignore_value: options.ignoreValue ?? false,
    ignore_lease: options.ignoreLease ?? false,
  };
}

export function putResultFromWire(res: W.PutResponse, leases: LeaseIdCodec): PutResult {
  const out: PutResult = { revision: num(res.header?.revision) };
  if (res.prev_kv) out.prevKv = kvFromWire(res.prev_kv, leases);
  return out;
}

export function deleteRequestToWire(key: Buffer, options: DeleteOptions = {}): W.DeleteRangeRequest {
  const req: W.DeleteRangeRequest = { key, prev_kv: options.prevKv ?? false };
  if (options.rangeEnd && options.rangeEnd.length > 0) req.range_end = options.rangeEnd;
  return req;
}

export function deleteResultFromWire(res: W.DeleteRangeResponse, leases: LeaseIdCodec): DeleteResult {
  return {
    revision: num(res.header?.revision),
    deleted: num(res.deleted),
    prevKvs: res.prev_kvs.map((kv) => kvFromWire(kv, leases)),
  };
}

// ---- transactions ----

const COMPARE_FIELD = {
  VERSION: 'version',
  CREATE: 'create_revision',
  MOD: 'mod_revision',
  VALUE: 'value',
  LEASE: 'lease',
} as const;

export function compareFromWire(c: W.WireCompare, leases: LeaseIdCodec): Compare {
  const out: Compare = { key: bytes(c.key), target: c.target, result: c.result, value: 0 };
  const rangeEnd = optionalBytes(c.range_end);
  if (rangeEnd) out.rangeEnd = rangeEnd;
  if (c.target === 'VALUE') out.value = bytes(c.value);
  else if (c.target === 'LEASE') out.value = num(c.lease) === 0 ? 0 : leases.fromWire(c.lease ?? 0);
  else out.value = num(c[COMPARE_FIELD[c.target]]);
  return out;
}

export function compareToWire(c: Compare, leases: LeaseIdCodec): W.WireCompare {
  const out: W.WireCompare = { key: c.key, target: c.target, result: c.result };
  if (c.rangeEnd && c.rangeEnd.length > 0) out.range_end = c.rangeEnd;
  if (c.target === 'VALUE') out.value = Buffer.isBuffer(c.value) ? c.value : Buffer.from(String(c.value));
  else {
    const n = typeof c.value === 'number' ? c.value : Number(c.value.toString());
    out[COMPARE_FIELD[c.target]] = c.target === 'LEASE' && n !== 0 ? leases.toWire(n) : n;
  }
  return out;
}

export function txnFromWire(req: W.TxnRequest, leases: LeaseIdCodec): TxnRequest {
  return {
    compare: req.compare.map((c) => compareFromWire(c, leases)),
    success: req.success.map((op) => opFromWire(op, leases)),
    failure: req.failure.map((op) => opFromWire(op, leases)),
  };
}

function opFromWire(op: W.RequestOp, leases: LeaseIdCodec): TxnOp {
  if (op.request_range) return { type: 'range', key: bytes(op.request_range.key), options: rangeOptionsFromWire(op.request_range) };
  if (op.request_put) {
    const put = op.request_put;
    return { type: 'put', key: bytes(put.key), value: bytes(put.value), options: putOptionsFromWire(put, leases) };
  }
  if (op.request_delete_range) {
    const del = op.request_delete_range;
    return { type: 'delete', key: bytes(del.key), options: deleteOptionsFromWire(del) };
  }
  if (op.request_txn) return { type: 'txn', txn: txnFromWire(op.request_txn, leases) };
  // etcd rejects a RequestOp with nothing set the same way it rejects an empty key.
  return { type: 'range', key: EMPTY };
}

export function txnResultToWire(result: TxnResult, header: HeaderFn): W.TxnResponse {
  return { header: header(result.revision), succeeded: result.succeeded, responses: result.responses.map((r) => opResultToWire(r, header)) };
}

function opResultToWire(r: TxnOpResult, header: HeaderFn): W.ResponseOp {
  switch (r.type) {
    case 'range':
      return { response_range: rangeResultToWire(r.range, header) };
    case 'put':
      return { response_put: putResultToWire(r.put, header) };
    case 'delete':
      return { response_delete_range: deleteResultToWire(r.delete, header) };
    case 'txn':
      return { response_txn: txnResultToWire(r.txn, header) };
  }
}

export function txnToWire(txn: TxnRequest, leases: LeaseIdCodec): W.TxnRequest {
  return {
    compare: txn.compare.map((c) => compareToWire(c, leases)),
    success: txn.success.map((op) => opToWire(op, leases)),
    failure: txn.failure.map((op) => opToWire(op, leases)),
  };
}

function opToWire(op: TxnOp, leases: LeaseIdCodec): W.RequestOp {
  switch (op.type) {
    case 'range':
      return { request_range: rangeRequestToWire(op.key, op.options) };
    case 'put':
      return { request_put: putRequestToWire(op.key, op.value, op.options ?? {}, leases) };
    case 'delete':
      return { request_delete_range: deleteRequestToWire(op.key, op.options) };
    case 'txn':
      return { request_txn: txnToWire(op.txn, leases) };
  }
}

export function txnResultFromWire(res: W.TxnResponse, leases: LeaseIdCodec): TxnResult {
  return {
    succeeded: res.succeeded,
    revision: num(res.header?.revision),
    responses: res.responses.map((r) => opResultFromWire(r, leases)),
  };
}

function opResultFromWire(r: W.ResponseOp, leases: LeaseIdCodec): TxnOpResult {
  if (r.response_range) return { type: 'range', range: rangeResultFromWire(r.response_range, leases) };
  if (r.response_put) return { type: 'put', put: putResultFromWire(r.response_put, leases) };
  if (r.response_delete_range) return { type: 'delete', delete: deleteResultFromWire(r.response_delete_range, leases) };
  if (r.response_txn) return { type: 'txn', txn: txnResultFromWire(r.response_txn, leases) };
  throw new Error('etcd: a txn response op carries no response');
}
