// etcdserverpb.Maintenance and etcdserverpb.Cluster for a single-member "cluster".
// Status feeds `etcdctl endpoint status`; an empty Alarm list is what `endpoint
// health` checks after its probe read; Snapshot streams like etcd v3.4's
// v3rpc/maintenance.go: 32 KiB chunks with remaining_bytes, then one last message
// whose blob is the SHA-256 of everything before it. etcdctl 3.4.23 refuses a
// download whose size is not a multiple of 512 plus those 32 bytes, and `snapshot
// status`/`restore` open the file with bbolt: so the snapshot is an etcd database
// file (etcd-db.ts), not the store's own snapshot format.
import { createHash } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { etcdDbFile } from './etcd-db.js';
import { grpcError, toGrpcError } from './errors.js';
import { unary } from './facade-context.js';
import type { FacadeContext } from './facade-context.js';
import type * as W from './wire.js';

const SNAPSHOT_CHUNK = 32 * 1024;

function unimplemented(what: string): () => Promise<never> {
  return () => Promise.reject(grpcError(status.UNIMPLEMENTED, `etcdserver: ${what} is not supported by the k8s-lab store`));
}

type SnapshotCall = ServerWritableStream<W.EmptyRequest, W.SnapshotResponse>;

/** Write with back-pressure: a multi-megabyte snapshot must not pile up in memory twice. */
function write(call: SnapshotCall, message: W.SnapshotResponse): Promise<void> {
  if (call.write(message)) return Promise.resolve();
  return new Promise((resolve) => call.once('drain', () => resolve()));
}

const EVERY_KEY = Buffer.from([0]);

/** One point-in-time read of the whole key space (and the leases), as an etcd db file. */
async function snapshotDb(ctx: FacadeContext): Promise<{ revision: number; data: Buffer }> {
  const { backend } = ctx;
  const revision = await ctx.currentRevision();
  const all = await backend.range(EVERY_KEY, { rangeEnd: EVERY_KEY, revision });
  const leases: { id: number; ttl: number }[] = [];
  for (const id of await backend.leases()) {
    const info = await backend.leaseTimeToLive(id);
    if (id > 0 && info.ttl >= 0) leases.push({ id, ttl: info.grantedTtl });
  }
  const status = await backend.status();
  const [major = '3', minor = '4'] = status.version.split('.');
  const data = etcdDbFile({ kvs: all.kvs, revision, leases, consistentIndex: status.raftIndex, clusterVersion: `${major}.${minor}.0` });
  return { revision, data };
}

async function streamSnapshot(ctx: FacadeContext, call: SnapshotCall): Promise<void> {
  const { revision, data } = await snapshotDb(ctx);
  const sha = createHash('sha256');
  let cancelled = false;
  call.once('cancelled', () => {
    cancelled = true;
  });
  for (let offset = 0; offset < data.length && !cancelled; offset += SNAPSHOT_CHUNK) {
    const blob = data.subarray(offset, offset + SNAPSHOT_CHUNK);
    sha.update(blob);
    const message: W.SnapshotResponse = { remaining_bytes: data.length - offset - blob.length, blob };
    // The first header tells the client the point in time of the snapshot.
    if (offset === 0) message.header = ctx.header(revision);
    await write(call, message);
  }
  if (cancelled) return;
  await write(call, { remaining_bytes: 0, blob: sha.digest() });
  call.end();
}

export function maintenanceService(ctx: FacadeContext): UntypedServiceImplementation {
  const { backend } = ctx;
  return {
    Status: unary(async (): Promise<W.StatusResponse> => {
      const s = await backend.status();
      return {
        header: ctx.header(s.revision),
        version: s.version,
        dbSize: s.dbSize,
        // One member, always its own leader: etcdctl shows IS LEADER true.
        leader: ctx.memberId,
        raftIndex: s.raftIndex,
        raftTerm: ctx.raftTerm,
        raftAppliedIndex: s.raftIndex,
        errors: [],
        dbSizeInUse: s.dbSizeInUse,
        isLearner: false,
      };
    }),

    // No alarm can be raised here (no quota, no corruption check): GET lists none and
    // ACTIVATE/DEACTIVATE change nothing.
    Alarm: unary(async (_req: W.AlarmRequest): Promise<W.AlarmResponse> => ({
      header: ctx.header(await ctx.currentRevision()),
      alarms: [],
    })),

    // The store keeps no free pages to give back, so defragmenting has nothing to do;
    // answering success keeps `etcdctl defrag` (a common exercise) working.
    Defragment: unary(async (): Promise<W.HeaderOnlyResponse> => ({ header: ctx.header(await ctx.currentRevision()) })),

    Hash: unary(unimplemented('Hash')),
    HashKV: unary(unimplemented('HashKV')),
    MoveLeader: unary(unimplemented('MoveLeader (single member)')),

    Snapshot: (call: SnapshotCall) => {
      streamSnapshot(ctx, call).catch((error: unknown) => call.emit('error', toGrpcError(error)));
    },
  };
}

export function clusterService(ctx: FacadeContext): UntypedServiceImplementation {
  const membershipChange = unimplemented('membership change (the embedded store is a single member)');
  return {
    MemberList: unary(async (): Promise<W.MemberListResponse> => ({
      header: ctx.header(await ctx.currentRevision()),
      // No peer URLs: the embedded store has no raft peers to talk to.
      members: [{ ID: ctx.memberId, name: ctx.name, peerURLs: [], clientURLs: [ctx.clientUrl], isLearner: false }],
    })),
    MemberAdd: unary(membershipChange),
    MemberRemove: unary(membershipChange),
    MemberUpdate: unary(membershipChange),
    MemberPromote: unary(membershipChange),
  };
}
