// etcdserverpb.Lease on top of a KvBackend. Not-found answers follow etcd v3.4's
// v3rpc/lease.go: Revoke fails with NOT_FOUND, KeepAlive answers TTL 0 (the client
// then reports the lease expired), TimeToLive answers TTL -1.
import { status } from '@grpc/grpc-js';
import type { ServerDuplexStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { StoreError } from '../types.js';
import { num, plainLeaseIds } from './codec.js';
import { etcdError, grpcError, toGrpcError } from './errors.js';
import { unary } from './facade-context.js';
import type { FacadeContext } from './facade-context.js';
import type * as W from './wire.js';

/** etcd's MaxLeaseTTL (lease/lessor.go): 9,000,000,000 seconds. */
const MAX_LEASE_TTL = 9_000_000_000;

function isLeaseNotFound(error: unknown): boolean {
  return error instanceof StoreError && error.code === 'lease-not-found';
}

/** A wire id that cannot be one of ours is treated as an unknown lease. */
function leaseId(id: W.Int64): number | undefined {
  const n = plainLeaseIds.fromWire(id);
  return Number.isNaN(n) ? undefined : n;
}

type KeepAliveCall = ServerDuplexStream<W.LeaseIdRequest, W.LeaseKeepAliveResponse>;

function keepAliveStream(ctx: FacadeContext, call: KeepAliveCall, track: (stop: () => void) => () => void): void {
  let closed = false;
  // Answers go out in request order, as etcd's single receive loop sends them.
  let queue: Promise<void> = Promise.resolve();
  const untrack = track(() => {
    closed = true;
  });
  const stop = (): void => {
    closed = true;
    untrack();
  };

  const renew = async (wireId: W.Int64): Promise<W.LeaseKeepAliveResponse> => {
    const id = leaseId(wireId);
    let ttl = 0;
    if (id !== undefined) {
      try {
        ttl = await ctx.backend.leaseKeepAlive(id);
      } catch (error) {
        if (!isLeaseNotFound(error)) throw error;
      }
    }
    return { header: ctx.header(await ctx.currentRevision()), ID: wireId, TTL: ttl };
  };

  call.on('data', (request: W.LeaseIdRequest) => {
    queue = queue
      .then(async () => {
        const response = await renew(request.ID);
        if (!closed) call.write(response);
      })
      .catch((error: unknown) => {
        if (closed) return;
        stop();
        call.emit('error', toGrpcError(error));
      });
  });
  call.on('end', () => {
    stop();
    call.end();
  });
  call.on('cancelled', stop);
  call.on('error', stop);
  call.on('close', stop);
}

export function leaseService(ctx: FacadeContext, track: (stop: () => void) => () => void): UntypedServiceImplementation {
  const { backend } = ctx;
  return {
    LeaseGrant: unary(async (req: W.LeaseGrantRequest): Promise<W.LeaseGrantResponse> => {
      const ttl = num(req.TTL);
      if (ttl > MAX_LEASE_TTL) throw etcdError('leaseTTLTooLarge');
      const wanted = num(req.ID) === 0 ? undefined : leaseId(req.ID ?? 0);
      if (wanted === undefined && num(req.ID) !== 0) {
        // The store's lease ids are numbers: an explicit id above 2^53 cannot be kept exactly.
        throw grpcError(status.INVALID_ARGUMENT, 'etcdserver: lease id must be below 2^53 on this server');
      }
      const granted = await backend.leaseGrant(ttl, wanted);
      return { header: ctx.header(await ctx.currentRevision()), ID: granted.id, TTL: granted.ttl, error: '' };
    }),

    LeaseRevoke: unary(async (req: W.LeaseIdRequest): Promise<W.HeaderOnlyResponse> => {
      const id = leaseId(req.ID);
      if (id === undefined) throw etcdError('leaseNotFound');
      await backend.leaseRevoke(id);
      return { header: ctx.header(await ctx.currentRevision()) };
    }),

    LeaseKeepAlive: (call: KeepAliveCall) => keepAliveStream(ctx, call, track),

    LeaseTimeToLive: unary(async (req: W.LeaseTimeToLiveRequest): Promise<W.LeaseTimeToLiveResponse> => {
      const id = leaseId(req.ID);
      const revision = await ctx.currentRevision();
      const expired: W.LeaseTimeToLiveResponse = { header: ctx.header(revision), ID: req.ID, TTL: -1, grantedTTL: 0, keys: [] };
      if (id === undefined) return expired;
      try {
        const info = await backend.leaseTimeToLive(id, req.keys ?? false);
        if (info.ttl < 0) return expired;
        return { header: ctx.header(revision), ID: req.ID, TTL: info.ttl, grantedTTL: info.grantedTtl, keys: req.keys ? info.keys : [] };
      } catch (error) {
        if (isLeaseNotFound(error)) return expired;
        throw error;
      }
    }),

    LeaseLeases: unary(async (): Promise<W.LeaseLeasesResponse> => {
      const ids = await backend.leases();
      return { header: ctx.header(await ctx.currentRevision()), leases: ids.map((ID) => ({ ID })) };
    }),
  };
}
