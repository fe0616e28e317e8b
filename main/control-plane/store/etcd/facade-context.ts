// What every facade service needs: the backend, the member identity that goes into
// each ResponseHeader, and a cheap way to learn the current revision.
import { createHash } from 'node:crypto';
import type { handleUnaryCall } from '@grpc/grpc-js';
import type { KvBackend, StoreStatus } from '../types.js';
import { toGrpcError } from './errors.js';
import type { WireHeader } from './wire.js';

export interface FacadeContext {
  readonly backend: KvBackend;
  /** uint64 as a decimal string, as the wire wants it */
  readonly clusterId: string;
  readonly memberId: string;
  readonly raftTerm: number;
  /** member name shown by `etcdctl member list` */
  readonly name: string;
  /** the facade's own URL, filled in once the port is bound */
  clientUrl: string;
  readonly header: (revision: number) => WireHeader;
  /** the store's current revision, for responses that carry no revision of their own */
  readonly currentRevision: () => Promise<number>;
}

// Key of the single-key, count-only range used to read the current revision: the
// cheapest read every KvBackend has (KvBackend has no revision() accessor).
const REVISION_PROBE = Buffer.from([0]);

/** A uint64 (decimal) from the first 8 bytes of a SHA-256, the way etcd derives ids from hashes. */
function hashId(text: string): string {
  const id = createHash('sha256').update(text).digest().readBigUInt64BE(0);
  return (id === 0n ? 1n : id).toString();
}

/**
 * The member id as uint64 decimal. etcd prints member ids as 16 hex digits, which is
 * what a backend's status().memberId is expected to hold; a decimal id is accepted
 * too, anything else is hashed so that the id stays stable across restarts.
 */
export function memberIdFromStatus(memberId: string, clusterName: string): string {
  if (/^[0-9a-f]{16}$/i.test(memberId)) return BigInt(`0x${memberId}`).toString();
  if (/^[0-9]{1,20}$/.test(memberId) && BigInt(memberId) < 2n ** 64n && memberId !== '0') return BigInt(memberId).toString();
  return hashId(`member:${clusterName}:${memberId}`);
}

export function createFacadeContext(backend: KvBackend, status: StoreStatus, clusterName: string): FacadeContext {
  const clusterId = hashId(`cluster:${clusterName}`);
  const memberId = memberIdFromStatus(status.memberId, clusterName);
  // A single member never changes term; etcd starts a fresh single node at term 2.
  const raftTerm = status.raftTerm > 0 ? status.raftTerm : 1;
  return {
    backend,
    clusterId,
    memberId,
    raftTerm,
    name: clusterName,
    clientUrl: '',
    header: (revision) => ({ cluster_id: clusterId, member_id: memberId, revision, raft_term: raftTerm }),
    currentRevision: async () => (await backend.range(REVISION_PROBE, { countOnly: true })).revision,
  };
}

/** A promise-returning handler as a grpc-js unary handler, failures mapped to etcd's statuses. */
export function unary<Req, Res>(run: (request: Req) => Promise<Res>): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    run(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(toGrpcError(error)),
    );
  };
}
