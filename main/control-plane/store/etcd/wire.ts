// Typed shapes of the etcd v3 messages this module sends and receives, as
// @grpc/proto-loader presents them with the options in proto.ts: field names as in
// the .proto files (keepCase), int64/uint64 decoded as decimal strings (longs: String,
// so lease ids above 2^53 survive), enums as their names, bytes as Buffer, every
// scalar present (defaults: true), a oneof's chosen member named by a virtual field.
// Outgoing messages may carry numbers where the wire has int64: protobufjs accepts both.

/** int64/uint64 on the wire: decimal string when decoded, number or string when sent. */
export type Int64 = string | number;

export interface WireHeader {
  cluster_id: Int64;
  member_id: Int64;
  revision: Int64;
  raft_term: Int64;
}

export interface WireKeyValue {
  key: Buffer;
  create_revision: Int64;
  mod_revision: Int64;
  version: Int64;
  value: Buffer;
  lease: Int64;
}

export interface WireEvent {
  type: 'PUT' | 'DELETE';
  kv: WireKeyValue | null;
  prev_kv?: WireKeyValue | null;
}

export type SortOrder = 'NONE' | 'ASCEND' | 'DESCEND';
export type SortTarget = 'KEY' | 'VERSION' | 'CREATE' | 'MOD' | 'VALUE';

export interface RangeRequest {
  key: Buffer;
  range_end?: Buffer;
  limit?: Int64;
  revision?: Int64;
  sort_order?: SortOrder;
  sort_target?: SortTarget;
  serializable?: boolean;
  keys_only?: boolean;
  count_only?: boolean;
  min_mod_revision?: Int64;
  max_mod_revision?: Int64;
  min_create_revision?: Int64;
  max_create_revision?: Int64;
}

export interface RangeResponse {
  header: WireHeader | null;
  kvs: WireKeyValue[];
  more: boolean;
  count: Int64;
}

export interface PutRequest {
  key: Buffer;
  value?: Buffer;
  lease?: Int64;
  prev_kv?: boolean;
  ignore_value?: boolean;
  ignore_lease?: boolean;
}

export interface PutResponse {
  header: WireHeader | null;
  prev_kv?: WireKeyValue | null;
}

export interface DeleteRangeRequest {
  key: Buffer;
  range_end?: Buffer;
  prev_kv?: boolean;
}

export interface DeleteRangeResponse {
  header: WireHeader | null;
  deleted: Int64;
  prev_kvs: WireKeyValue[];
}

export interface RequestOp {
  request?: 'request_range' | 'request_put' | 'request_delete_range' | 'request_txn';
  request_range?: RangeRequest | null;
  request_put?: PutRequest | null;
  request_delete_range?: DeleteRangeRequest | null;
  request_txn?: TxnRequest | null;
}

export interface ResponseOp {
  response?: 'response_range' | 'response_put' | 'response_delete_range' | 'response_txn';
  response_range?: RangeResponse | null;
  response_put?: PutResponse | null;
  response_delete_range?: DeleteRangeResponse | null;
  response_txn?: TxnResponse | null;
}

export interface WireCompare {
  result: 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';
  target: 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';
  key: Buffer;
  target_union?: 'version' | 'create_revision' | 'mod_revision' | 'value' | 'lease';
  version?: Int64;
  create_revision?: Int64;
  mod_revision?: Int64;
  value?: Buffer;
  lease?: Int64;
  range_end?: Buffer;
}

export interface TxnRequest {
  compare: WireCompare[];
  success: RequestOp[];
  failure: RequestOp[];
}

export interface TxnResponse {
  header: WireHeader | null;
  succeeded: boolean;
  responses: ResponseOp[];
}

export interface CompactionRequest {
  revision: Int64;
  physical?: boolean;
}

export interface HeaderOnlyResponse {
  header: WireHeader | null;
}

export type FilterType = 'NOPUT' | 'NODELETE';

export interface WatchCreateRequest {
  key: Buffer;
  range_end?: Buffer;
  start_revision?: Int64;
  progress_notify?: boolean;
  filters?: FilterType[];
  prev_kv?: boolean;
  watch_id?: Int64;
  fragment?: boolean;
}

export interface WatchRequest {
  request_union?: 'create_request' | 'cancel_request' | 'progress_request';
  create_request?: WatchCreateRequest | null;
  cancel_request?: { watch_id: Int64 } | null;
  progress_request?: Record<string, never> | null;
}

export interface WatchResponse {
  header: WireHeader | null;
  watch_id: Int64;
  created?: boolean;
  canceled?: boolean;
  compact_revision?: Int64;
  cancel_reason?: string;
  fragment?: boolean;
  events?: WireEvent[];
}

export interface LeaseGrantRequest {
  TTL: Int64;
  ID?: Int64;
}

export interface LeaseGrantResponse {
  header: WireHeader | null;
  ID: Int64;
  TTL: Int64;
  error: string;
}

export interface LeaseIdRequest {
  ID: Int64;
}

export interface LeaseKeepAliveResponse {
  header: WireHeader | null;
  ID: Int64;
  TTL: Int64;
}

export interface LeaseTimeToLiveRequest {
  ID: Int64;
  keys?: boolean;
}

export interface LeaseTimeToLiveResponse {
  header: WireHeader | null;
  ID: Int64;
  TTL: Int64;
  grantedTTL: Int64;
  keys: Buffer[];
}

export interface LeaseLeasesResponse {
  header: WireHeader | null;
  leases: { ID: Int64 }[];
}

export interface WireMember {
  ID: Int64;
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export interface MemberListResponse {
  header: WireHeader | null;
  members: WireMember[];
}

export interface AlarmRequest {
  action: 'GET' | 'ACTIVATE' | 'DEACTIVATE';
  memberID: Int64;
  alarm: 'NONE' | 'NOSPACE' | 'CORRUPT';
}

export interface AlarmResponse {
  header: WireHeader | null;
  alarms: { memberID: Int64; alarm: string }[];
}

export interface StatusResponse {
  header: WireHeader | null;
  version: string;
  dbSize: Int64;
  leader: Int64;
  raftIndex: Int64;
  raftTerm: Int64;
  raftAppliedIndex: Int64;
  errors: string[];
  dbSizeInUse: Int64;
  isLearner: boolean;
}

export interface SnapshotResponse {
  header?: WireHeader | null;
  remaining_bytes: Int64;
  blob: Buffer;
}

/** Messages with no fields (StatusRequest, MemberListRequest, ...). */
export type EmptyRequest = Record<string, never>;
