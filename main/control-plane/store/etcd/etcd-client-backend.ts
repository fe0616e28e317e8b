// KvBackend over a real etcd v3 cluster (kube-apiserver's --etcd-servers), spoken to
// with the same protos the facade serves. See etcd-connection.ts for endpoint
// choice, etcd-client-watch.ts for watches, etcd-client-leases.ts for lease ids.
import { StoreError } from '../types.js';
import type {
  DeleteOptions,
  DeleteResult,
  KvBackend,
  LeaseInfo,
  PutOptions,
  PutResult,
  RangeOptions,
  RangeResult,
  StoreStatus,
  TxnRequest,
  TxnResult,
  WatchHandlers,
  WatchOptions,
  Watcher,
} from '../types.js';
import {
  deleteRequestToWire,
  deleteResultFromWire,
  num,
  putRequestToWire,
  putResultFromWire,
  rangeRequestToWire,
  rangeResultFromWire,
  txnResultFromWire,
  txnToWire,
} from './codec.js';
import { EtcdConnection } from './etcd-connection.js';
import type { EtcdTls } from './etcd-connection.js';
import { KeepAliveStream, LeaseIds, newLeaseId } from './etcd-client-leases.js';
import { EtcdClientWatcher } from './etcd-client-watch.js';
import { fromGrpcError } from './errors.js';
import type * as W from './wire.js';

export interface ConnectEtcdOptions {
  /** https://host:port or http://host:port, one per member */
  endpoints: string[];
  /** CA to verify the members, and the client certificate they require */
  tls?: EtcdTls;
  callTimeoutMs?: number;
}

const PROBE_KEY = Buffer.from([0]);

/** uint64 decimal (wire) to etcd's printed form: 16 hex digits. */
function hexId(id: W.Int64 | undefined): string {
  return BigInt(id ?? 0).toString(16).padStart(16, '0');
}

class EtcdClientBackend implements KvBackend {
  private readonly leaseIds = new LeaseIds();
  private readonly keepAlive: KeepAliveStream;
  private readonly watchers = new Set<EtcdClientWatcher>();
  private nextWatcherId = 1;

  constructor(private readonly connection: EtcdConnection) {
    this.keepAlive = new KeepAliveStream(connection, this.leaseIds);
  }

  private read<Req, Res>(service: 'KV' | 'Lease' | 'Maintenance', method: string, request: Req): Promise<Res> {
    return this.connection.unary<Req, Res>(service, method, request, true);
  }

  private write<Req, Res>(service: 'KV' | 'Lease', method: string, request: Req): Promise<Res> {
    return this.connection.unary<Req, Res>(service, method, request, false);
  }

  async range(key: Buffer, options: RangeOptions = {}): Promise<RangeResult> {
    const res = await this.read<W.RangeRequest, W.RangeResponse>('KV', 'Range', rangeRequestToWire(key, options));
    return rangeResultFromWire(res, this.leaseIds);
  }

  async put(key: Buffer, value: Buffer, options: PutOptions = {}): Promise<PutResult> {
    const req = putRequestToWire(key, value, options, this.leaseIds);
    return putResultFromWire(await this.write<W.PutRequest, W.PutResponse>('KV', 'Put', req), this.leaseIds);
  }

  async deleteRange(key: Buffer, options: DeleteOptions = {}): Promise<DeleteResult> {
    const res = await this.write<W.DeleteRangeRequest, W.DeleteRangeResponse>('KV', 'DeleteRange', deleteRequestToWire(key, options));
    return deleteResultFromWire(res, this.leaseIds);
  }

  async txn(request: TxnRequest): Promise<TxnResult> {
    const res = await this.write<W.TxnRequest, W.TxnResponse>('KV', 'Txn', txnToWire(request, this.leaseIds));
    return txnResultFromWire(res, this.leaseIds);
  }

  async compact(revision: number): Promise<void> {
    // physical: return once the history is gone, so a read below it fails right after.
    await this.write<W.CompactionRequest, W.HeaderOnlyResponse>('KV', 'Compact', { revision, physical: true });
  }

  watch(key: Buffer, options: WatchOptions, handlers: WatchHandlers): Watcher {
    if (this.connection.isClosed) throw new StoreError('closed', 'etcd client is closed');
    const watcher: EtcdClientWatcher = new EtcdClientWatcher(this.nextWatcherId++, this.connection, key, options, handlers, this.leaseIds, () =>
      this.watchers.delete(watcher),
    );
    this.watchers.add(watcher);
    return watcher;
  }

  async leaseGrant(ttlSeconds: number, id?: number): Promise<{ id: number; ttl: number }> {
    // Choose the id ourselves unless told: etcd's own are 63-bit, beyond a JS number.
    for (let attempt = 0; ; attempt++) {
      const wanted = id ?? newLeaseId();
      try {
        const res = await this.write<W.LeaseGrantRequest, W.LeaseGrantResponse>('Lease', 'LeaseGrant', {
          TTL: ttlSeconds,
          ID: this.leaseIds.toWire(wanted),
        });
        if (res.error) throw new StoreError('invalid-argument', res.error);
        return { id: this.leaseIds.fromWire(res.ID), ttl: num(res.TTL) };
      } catch (error) {
        // A random id that happens to exist: draw another.
        if (id === undefined && attempt < 3 && error instanceof StoreError && error.code === 'lease-exists') continue;
        throw error;
      }
    }
  }

  async leaseRevoke(id: number): Promise<void> {
    await this.write<W.LeaseIdRequest, W.HeaderOnlyResponse>('Lease', 'LeaseRevoke', { ID: this.leaseIds.toWire(id) });
  }

  leaseKeepAlive(id: number): Promise<number> {
    if (this.connection.isClosed) return Promise.reject(new StoreError('closed', 'etcd client is closed'));
    return this.keepAlive.renew(id);
  }

  async leaseTimeToLive(id: number, withKeys = false): Promise<LeaseInfo> {
    const res = await this.read<W.LeaseTimeToLiveRequest, W.LeaseTimeToLiveResponse>('Lease', 'LeaseTimeToLive', {
      ID: this.leaseIds.toWire(id),
      keys: withKeys,
    });
    // etcd answers TTL -1 (not an error) for an unknown or expired lease.
    const ttl = num(res.TTL);
    if (ttl < 0) return { id, ttl: -1, grantedTtl: 0, keys: [] };
    return { id, ttl, grantedTtl: num(res.grantedTTL), keys: res.keys };
  }

  async leases(): Promise<number[]> {
    const res = await this.read<W.EmptyRequest, W.LeaseLeasesResponse>('Lease', 'LeaseLeases', {});
    return res.leases.map((l) => this.leaseIds.fromWire(l.ID));
  }

  /**
   * etcd's Status has no compaction revision. A read at revision r fails with
   * "compacted" exactly when r is below it, so a binary search over [1, current]
   * finds it in ~log2(revision) count-only reads of one key.
   */
  private async compactRevision(current: number): Promise<number> {
    const readable = async (revision: number): Promise<boolean> => {
      try {
        await this.range(PROBE_KEY, { revision, countOnly: true });
        return true;
      } catch (error) {
        if (error instanceof StoreError && error.code === 'compacted') return false;
        throw error;
      }
    };
    if (current <= 1 || (await readable(1))) return 0;
    let low = 1; // not readable
    let high = current; // readable: the current revision always is
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await readable(mid)) high = mid;
      else low = mid;
    }
    return high;
  }

  async status(): Promise<StoreStatus> {
    const res = await this.read<W.EmptyRequest, W.StatusResponse>('Maintenance', 'Status', {});
    const revision = num(res.header?.revision);
    return {
      revision,
      compactRevision: await this.compactRevision(revision),
      dbSize: num(res.dbSize),
      dbSizeInUse: num(res.dbSizeInUse),
      version: res.version,
      memberId: hexId(res.header?.member_id),
      leader: hexId(res.leader),
      raftIndex: num(res.raftIndex),
      raftTerm: num(res.raftTerm),
    };
  }

  /** etcd's snapshot as `etcdctl snapshot save` writes it: the bbolt file followed by its SHA-256. */
  snapshot(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let stream;
      try {
        stream = this.connection.serverStream<W.EmptyRequest, W.SnapshotResponse>('Maintenance', 'Snapshot', {});
      } catch (error) {
        reject(fromGrpcError(error));
        return;
      }
      stream.on('data', (res: W.SnapshotResponse) => chunks.push(res.blob));
      stream.on('error', (error: unknown) => reject(fromGrpcError(error)));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  }

  close(): Promise<void> {
    for (const watcher of [...this.watchers]) watcher.cancel();
    this.keepAlive.close();
    this.connection.close();
    return Promise.resolve();
  }
}

/** Connects to a real etcd cluster; resolves once one member answers Status. */
export async function connectEtcd(options: ConnectEtcdOptions): Promise<KvBackend> {
  const connection = new EtcdConnection({ ...options, callTimeoutMs: options.callTimeoutMs ?? 60_000 });
  try {
    await connection.firstHealthy((c) => c.unary<W.EmptyRequest, W.StatusResponse>('Maintenance', 'Status', {}, false));
  } catch (error) {
    connection.close();
    throw error;
  }
  return new EtcdClientBackend(connection);
}
