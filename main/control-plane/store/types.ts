// The key-value contract the API server stores through. It is etcd v3's data model
// (https://etcd.io/docs/v3.4/learning/data_model/): one global revision, per key
// create/mod revision and version, leases, watch from a revision, compaction.
// Two backends implement it: the embedded MVCC store (default) and a client of a
// real etcd cluster (`--etcd-servers`). Keys and values are bytes, as in etcd.

export interface KeyValue {
  key: Buffer;
  value: Buffer;
  /** revision of the last creation of this key */
  createRevision: number;
  /** revision of the last modification of this key */
  modRevision: number;
  /** number of modifications since creation (1 after create); 0 means deleted */
  version: number;
  /** lease id attached to the key, 0 when none */
  lease: number;
}

export interface RangeOptions {
  /** end of the range [key, rangeEnd); `\0` means every key >= key; absent means the single key */
  rangeEnd?: Buffer;
  /** 0 or absent: no limit */
  limit?: number;
  /** read at this past revision; 0 or absent: current */
  revision?: number;
  keysOnly?: boolean;
  countOnly?: boolean;
  /** etcd's min/max mod revision filters are not needed by any client we serve */
}

export interface RangeResult {
  kvs: KeyValue[];
  /** number of keys in the range (ignores limit) */
  count: number;
  /** true when limit cut the result */
  more: boolean;
  /** the store revision the read was served at (header revision) */
  revision: number;
}

export interface PutOptions {
  lease?: number;
  prevKv?: boolean;
  /** keep the current value, update only the lease (etcd ignore_value) */
  ignoreValue?: boolean;
  /** keep the current lease (etcd ignore_lease) */
  ignoreLease?: boolean;
}

export interface PutResult {
  revision: number;
  prevKv?: KeyValue;
}

export interface DeleteOptions {
  rangeEnd?: Buffer;
  prevKv?: boolean;
}

export interface DeleteResult {
  revision: number;
  deleted: number;
  prevKvs: KeyValue[];
}

export type CompareTarget = 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';
export type CompareResult = 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';

export interface Compare {
  key: Buffer;
  rangeEnd?: Buffer;
  target: CompareTarget;
  result: CompareResult;
  /** number for VERSION/CREATE/MOD/LEASE, bytes for VALUE */
  value: number | Buffer;
}

export type TxnOp =
  | { type: 'range'; key: Buffer; options?: RangeOptions }
  | { type: 'put'; key: Buffer; value: Buffer; options?: PutOptions }
  | { type: 'delete'; key: Buffer; options?: DeleteOptions }
  | { type: 'txn'; txn: TxnRequest };

export type TxnOpResult =
  | { type: 'range'; range: RangeResult }
  | { type: 'put'; put: PutResult }
  | { type: 'delete'; delete: DeleteResult }
  | { type: 'txn'; txn: TxnResult };

export interface TxnRequest {
  compare: Compare[];
  success: TxnOp[];
  failure: TxnOp[];
}

export interface TxnResult {
  succeeded: boolean;
  revision: number;
  responses: TxnOpResult[];
}

export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  /** for DELETE: key, modRevision = deletion revision, empty value, version 0 */
  kv: KeyValue;
  prevKv?: KeyValue;
}

export interface WatchOptions {
  rangeEnd?: Buffer;
  /** first revision to deliver; 0 or absent: changes after the current revision */
  startRevision?: number;
  prevKv?: boolean;
  noPut?: boolean;
  noDelete?: boolean;
  /** deliver an empty batch with the current revision when idle (etcd progress notify, every ~10 min in etcd; configurable here) */
  progressNotify?: boolean;
}

export interface WatchHandlers {
  /** events of one or more revisions, in revision order; `revision` is the store revision when sent */
  onEvents(events: WatchEvent[], revision: number): void;
  /** the watch ended: `compacted` when startRevision is below the compaction point (no events are sent then) */
  onError(error: StoreError): void;
}

export interface Watcher {
  readonly id: number;
  cancel(): void;
  /** ask for a progress notification now (etcd WatchProgressRequest) */
  requestProgress(): void;
}

export interface LeaseInfo {
  id: number;
  /** remaining seconds, -1 when expired or unknown */
  ttl: number;
  grantedTtl: number;
  keys: Buffer[];
}

export interface StoreStatus {
  revision: number;
  compactRevision: number;
  /** bytes of the on-disk state (WAL + snapshot) */
  dbSize: number;
  dbSizeInUse: number;
  version: string;
  memberId: string;
  leader: string;
  raftIndex: number;
  raftTerm: number;
}

export type StoreErrorCode =
  | 'compacted' // requested revision was compacted
  | 'future-revision' // requested revision is higher than the current one
  | 'lease-not-found'
  | 'lease-exists'
  | 'invalid-argument'
  | 'closed'
  | 'unavailable';

/** Named error class of the store module (STYLE rule 6). */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** for 'compacted': the compaction revision */
    readonly compactRevision?: number,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** What the API server (and the etcd facade) need from a key-value backend. */
export interface KvBackend {
  range(key: Buffer, options?: RangeOptions): Promise<RangeResult>;
  put(key: Buffer, value: Buffer, options?: PutOptions): Promise<PutResult>;
  deleteRange(key: Buffer, options?: DeleteOptions): Promise<DeleteResult>;
  txn(request: TxnRequest): Promise<TxnResult>;
  /** drop history below revision; watches and ranges at older revisions then fail with 'compacted' */
  compact(revision: number): Promise<void>;
  watch(key: Buffer, options: WatchOptions, handlers: WatchHandlers): Watcher;

  leaseGrant(ttlSeconds: number, id?: number): Promise<{ id: number; ttl: number }>;
  leaseRevoke(id: number): Promise<void>;
  /** returns the new TTL; throws StoreError('lease-not-found') */
  leaseKeepAlive(id: number): Promise<number>;
  leaseTimeToLive(id: number, withKeys?: boolean): Promise<LeaseInfo>;
  leases(): Promise<number[]>;

  status(): Promise<StoreStatus>;
  /** a consistent point-in-time copy of the whole key space, as a file the backend documents */
  snapshot(): Promise<Buffer>;
  close(): Promise<void>;
}
