// The embedded MVCC store: etcd v3's data model on a WAL with group commit.
//
// Every write is applied to memory at once (so later writes see it, in order) and
// its effect record is queued to the WAL in the same tick; the caller's promise
// resolves only once the record is fdatasynced. Readers and watchers see only the
// committed (durable) revision: range reads at it, and watch events are delivered
// when their batch is synced, so nothing a client saw can vanish in a crash and the
// revision never goes backwards. Read-only txns and no-op deletes, which read the
// newest state, wait for the WAL to catch up before answering.
//
// Data directory: wal-<first index, 16 hex>.log (WAL segments, records.ts framing),
// snap-<WAL index, 16 hex>.snap (snapshot.ts format; the newest two are kept),
// *.corrupt (damaged snapshots set aside on open), member.json (member id, term), LOCK.
import { resolve } from 'node:path';
import { diskUsage } from './disk-usage.js';
import { lockDataDir, openMember, type DirLock, type MemberInfo } from './data-dir.js';
import { toInterval } from './key-range.js';
import type { KvState } from './kv-state.js';
import { MAX_LEASE_TTL } from './leases.js';
import { encodeCompact, encodeLeaseGrant, encodeLeaseRevoke, encodeWrite } from './records.js';
import { recover } from './recovery.js';
import { encodeSnapshot, pruneSnapshots, writeSnapshot, type SnapshotFile } from './snapshot.js';
import { resolveConfig, type ResolvedConfig, type StoreConfig } from './store-config.js';
import { checkKey, checkPutRequest, checkTxnRequest } from './txn-check.js';
import { executeTxn, rangeRevisionError, type TxnOutcome } from './txn.js';
import {
  StoreError,
  type DeleteOptions,
  type DeleteResult,
  type KvBackend,
  type LeaseInfo,
  type PutOptions,
  type PutResult,
  type RangeOptions,
  type RangeResult,
  type StoreStatus,
  type TxnRequest,
  type TxnResult,
  type Watcher,
  type WatchHandlers,
  type WatchOptions,
} from './types.js';
import { Wal } from './wal.js';
import { WatchHub } from './watch-hub.js';

export type { StoreConfig } from './store-config.js';

/** the etcd release the facade reports (Debian bookworm's etcd) */
export const STORE_VERSION = '3.4.23';
/** etcd's minimum lease TTL with default election settings: ceil(1.5 * 1 s election timeout) */
export const MIN_LEASE_TTL = 2;
/** snapshots kept on disk; the WAL is kept back to the oldest of them */
const KEEP_SNAPSHOTS = 2;

export async function openStore(config: StoreConfig): Promise<MvccStore> {
  return MvccStore.open(config);
}

export class MvccStore implements KvBackend {
  private wal!: Wal;
  private hub!: WatchHub;
  private committedRev: number;
  private lastIndex: number;
  private syncedIndex: number;
  /** appended records that make a revision visible, oldest first */
  private readonly unsynced: Array<{ index: number; revision: number }> = [];
  private writesSinceSnapshot = 0;
  private snapshotting: Promise<void> | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private failure: StoreError | undefined;

  private constructor(
    private readonly config: ResolvedConfig,
    private readonly dir: string,
    private readonly state: KvState,
    lastIndex: number,
    private snapshotFiles: SnapshotFile[],
    private readonly member: MemberInfo,
    private readonly lock: DirLock,
    /** what recovery had to fix on open (truncated tail, damaged snapshot), for logs and tests */
    readonly repairs: readonly string[],
  ) {
    this.committedRev = state.keyspace.revision;
    this.lastIndex = lastIndex;
    this.syncedIndex = lastIndex;
  }

  static async open(input: StoreConfig): Promise<MvccStore> {
    const config = resolveConfig(input);
    const dir = resolve(config.dataDir);
    const lock = await lockDataDir(dir);
    try {
      const member = await openMember(dir, config.fsync);
      const rec = await recover(dir, config.clock.now());
      const store = new MvccStore(config, dir, rec.state, rec.lastIndex, rec.snapshots, member, lock, rec.repairs);
      store.wal = await Wal.open(
        {
          dir,
          fsync: config.fsync,
          segmentBytes: config.walSegmentBytes,
          onSynced: (index) => store.onSynced(index),
          onFailure: (error) => store.onFailure(error),
        },
        rec.scan.segments,
        // append to the last segment only when its records run up to lastIndex (no gap after a newer snapshot)
        { fileSize: rec.scan.tailFileSize, reuse: rec.lastWalIndex === rec.lastIndex },
        rec.lastIndex + 1,
      );
      store.hub = new WatchHub(
        { committedRevision: () => store.committedRev, compactRevision: () => store.state.keyspace.compactRevision, entry: (rev) => store.state.keyspace.entry(rev) },
        config.progressNotifyMs,
        config.onBackgroundError,
      );
      store.leaseTimer = setInterval(() => {
        store.expireLeases().catch(config.onBackgroundError);
      }, config.leaseCheckMs);
      store.leaseTimer.unref();
      return store;
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  // ---- KV ----

  range(key: Buffer, options: RangeOptions = {}): Promise<RangeResult> {
    return this.guard(() => {
      checkKey(key);
      const rev = options.revision && options.revision > 0 ? options.revision : this.committedRev;
      const err = rangeRevisionError(rev, this.committedRev, this.state.keyspace.compactRevision);
      if (err) throw err;
      const rows = this.state.keyspace.range(toInterval(key, options.rangeEnd), rev, {
        limit: options.limit ?? 0,
        keysOnly: options.keysOnly ?? false,
        countOnly: options.countOnly ?? false,
      });
      // header revision is the store's current revision even for a past read (etcd)
      return Promise.resolve({ ...rows, revision: this.committedRev });
    });
  }

  async put(key: Buffer, value: Buffer, options?: PutOptions): Promise<PutResult> {
    const { result } = await this.write(() => {
      checkPutRequest(key, value, options);
      return { compare: [], success: [{ type: 'put', key, value, options }], failure: [] };
    });
    const op = result.responses[0];
    if (op?.type !== 'put') throw new Error('put: unexpected txn response');
    return op.put;
  }

  async deleteRange(key: Buffer, options?: DeleteOptions): Promise<DeleteResult> {
    const { result } = await this.write(() => {
      checkKey(key);
      return { compare: [], success: [{ type: 'delete', key, options }], failure: [] };
    });
    const op = result.responses[0];
    if (op?.type !== 'delete') throw new Error('delete: unexpected txn response');
    return op.delete;
  }

  async txn(request: TxnRequest): Promise<TxnResult> {
    const { result } = await this.write(() => {
      checkTxnRequest(request);
      return request;
    });
    return result;
  }

  /** validates, applies in memory, queues the WAL record in the same tick, awaits durability */
  private write(build: () => TxnRequest): Promise<TxnOutcome> {
    return this.guard(async () => {
      const outcome = this.apply(() => executeTxn(this.state, build()));
      if (outcome.entry) await this.commit(encodeWrite(this.lastIndex + 1, outcome.entry), outcome.entry.revision);
      else await this.wal.barrier();
      return outcome;
    });
  }

  async compact(revision: number): Promise<void> {
    await this.guard(async () => {
      const ks = this.state.keyspace;
      if (!Number.isSafeInteger(revision) || revision < 0) throw new StoreError('invalid-argument', `invalid revision ${revision}`);
      if (revision <= ks.compactRevision) {
        throw new StoreError('compacted', 'etcdserver: mvcc: required revision has been compacted', ks.compactRevision);
      }
      if (revision > this.committedRev) throw new StoreError('future-revision', 'etcdserver: mvcc: required revision is a future revision');
      this.apply(() => ks.compact(revision));
      this.hub.onCompact(revision);
      await this.commit(encodeCompact(this.lastIndex + 1, revision), 0);
    });
  }

  /** an empty key is allowed here (unlike range): with rangeEnd "\0" it watches every key */
  watch(key: Buffer, options: WatchOptions, handlers: WatchHandlers): Watcher {
    this.checkUsable();
    return this.hub.watch(key, options, handlers);
  }

  // ---- leases ----

  async leaseGrant(ttlSeconds: number, id?: number): Promise<{ id: number; ttl: number }> {
    return this.guard(async () => {
      const leases = this.state.leases;
      if (!Number.isSafeInteger(ttlSeconds)) throw new StoreError('invalid-argument', `invalid TTL ${ttlSeconds}`);
      if (ttlSeconds > MAX_LEASE_TTL) throw new StoreError('invalid-argument', 'etcdserver: too large lease TTL');
      if (id !== undefined && id !== 0 && (!Number.isSafeInteger(id) || id < 0)) {
        throw new StoreError('invalid-argument', `invalid lease id ${id}`);
      }
      const leaseId = id || leases.newId();
      if (leases.has(leaseId)) throw new StoreError('lease-exists', 'etcdserver: lease already exists');
      // etcd raises short TTLs to its minimum rather than refusing them
      const ttl = Math.max(ttlSeconds, MIN_LEASE_TTL);
      this.apply(() => leases.grant(leaseId, ttl, this.config.clock.now()));
      await this.commit(encodeLeaseGrant(this.lastIndex + 1, leaseId, ttl), 0);
      return { id: leaseId, ttl };
    });
  }

  async leaseRevoke(id: number): Promise<void> {
    await this.guard(() => {
      if (!this.state.leases.has(id)) throw new StoreError('lease-not-found', 'etcdserver: requested lease not found');
      return this.revoke(id);
    });
  }

  private async revoke(id: number): Promise<void> {
    const entry = this.apply(() => this.state.revokeLease(id));
    await this.commit(encodeLeaseRevoke(this.lastIndex + 1, id, entry), entry?.revision ?? 0);
  }

  leaseKeepAlive(id: number): Promise<number> {
    return this.guard(() => {
      const leases = this.state.leases;
      const lease = leases.get(id);
      const now = this.config.clock.now();
      // an expired lease awaiting revocation can no longer be renewed (etcd lessor.Renew)
      if (!lease || leases.remaining(lease, now) < 0) {
        throw new StoreError('lease-not-found', 'etcdserver: requested lease not found');
      }
      leases.renew(lease, now);
      return Promise.resolve(lease.ttl);
    });
  }

  leaseTimeToLive(id: number, withKeys = false): Promise<LeaseInfo> {
    return this.guard(() => {
      const leases = this.state.leases;
      const lease = leases.get(id);
      // etcd's gRPC server answers an unknown lease with TTL -1, not an error
      if (!lease) return Promise.resolve({ id, ttl: -1, grantedTtl: 0, keys: [] });
      const keys = withKeys ? [...lease.keys].sort().map((k) => Buffer.from(k, 'latin1')) : [];
      return Promise.resolve({ id, ttl: leases.remaining(lease, this.config.clock.now()), grantedTtl: lease.ttl, keys });
    });
  }

  leases(): Promise<number[]> {
    return this.guard(() => Promise.resolve(this.state.leases.ids().sort((a, b) => a - b)));
  }

  /** revokes every lease past its deadline (the timer calls this; tests with a fake clock may too) */
  async expireLeases(): Promise<number> {
    if (this.closing || this.failure) return 0;
    const expired = this.state.leases.expired(this.config.clock.now());
    await Promise.all(expired.map((id) => this.revoke(id)));
    return expired.length;
  }

  // ---- maintenance ----

  status(): Promise<StoreStatus> {
    return this.guard(async () => {
      const usage = await diskUsage(this.dir, this.snapshotFiles[0], this.wal.segmentList);
      return {
        revision: this.committedRev,
        compactRevision: this.state.keyspace.compactRevision,
        ...usage,
        version: STORE_VERSION,
        memberId: this.member.memberId,
        leader: this.member.memberId,
        raftIndex: this.syncedIndex,
        raftTerm: this.member.term,
      };
    });
  }

  /** the committed state in the snapshot.ts format, once everything in it is durable */
  snapshot(): Promise<Buffer> {
    return this.guard(async () => {
      const data = encodeSnapshot(this.lastIndex, this.state.keyspace, this.state.leases);
      await this.wal.barrier();
      return data;
    });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.leaseTimer = undefined;
    try {
      if (this.snapshotting) await this.snapshotting;
      await this.wal.close();
    } finally {
      this.hub.close(new StoreError('closed', 'store is closed'));
      await this.lock.release();
    }
  }

  /** WAL batches written so far: with concurrent writers, far fewer than records (group commit) */
  get walFlushes(): number {
    return this.wal.flushes;
  }

  // ---- plumbing ----

  private checkUsable(): void {
    if (this.closing) throw new StoreError('closed', 'store is closed');
    if (this.failure) throw this.failure;
  }

  /** runs an operation after the closed/failed check, turning a synchronous throw into a rejection */
  private guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      this.checkUsable();
      return op();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /**
   * Runs an in-memory mutation. A StoreError is a refused precondition (nothing changed);
   * anything else is a bug that may have left memory ahead of the WAL, so the store stops.
   */
  private apply<T>(mutate: () => T): T {
    try {
      return mutate();
    } catch (err) {
      if (err instanceof StoreError) throw err;
      this.onFailure(new StoreError('unavailable', `store stopped after an internal error: ${err instanceof Error ? err.message : String(err)}`));
      throw err;
    }
  }

  /** queues the record made for index lastIndex + 1 and awaits its fsync */
  private commit(frame: Buffer, revision: number): Promise<void> {
    const index = ++this.lastIndex;
    if (revision > 0) this.unsynced.push({ index, revision });
    const done = this.wal.append(frame, index);
    if (++this.writesSinceSnapshot >= this.config.snapshotEveryWrites && !this.snapshotting) this.startSnapshot();
    return done;
  }

  private onSynced(index: number): void {
    this.syncedIndex = index;
    let top = this.committedRev;
    while (this.unsynced.length > 0 && (this.unsynced[0] as { index: number }).index <= index) {
      top = (this.unsynced.shift() as { revision: number }).revision;
    }
    if (top === this.committedRev) return;
    const from = this.committedRev;
    this.committedRev = top;
    try {
      this.hub.onCommit(from, top);
    } catch (err) {
      this.config.onBackgroundError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private onFailure(error: StoreError): void {
    if (this.failure) return;
    this.failure = error;
    this.hub.close(error);
    this.config.onBackgroundError(error);
  }

  /** serializes now (the image is exactly the state at lastIndex), writes once the WAL holds it */
  private startSnapshot(): void {
    this.writesSinceSnapshot = 0;
    const index = this.lastIndex;
    const data = encodeSnapshot(index, this.state.keyspace, this.state.leases);
    this.snapshotting = this.persistSnapshot(index, data)
      .catch((err: unknown) => this.config.onBackgroundError(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        this.snapshotting = undefined;
      });
  }

  private async persistSnapshot(index: number, data: Buffer): Promise<void> {
    await this.wal.barrier();
    await writeSnapshot(this.dir, index, data, this.config.fsync);
    this.snapshotFiles = await pruneSnapshots(this.dir, KEEP_SNAPSHOTS);
    // with a single snapshot the whole WAL stays, so a damaged snapshot can fall back to replay from 1
    const oldest = this.snapshotFiles.length >= KEEP_SNAPSHOTS ? this.snapshotFiles.at(-1) : undefined;
    if (oldest) await this.wal.purge(oldest.walIndex + 1);
  }
}
