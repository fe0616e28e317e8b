// Lease plumbing for the real-etcd backend: lease id translation and the shared
// keep-alive stream.
import { randomBytes } from 'node:crypto';
import type { ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import { StoreError } from '../types.js';
import { num } from './codec.js';
import type { LeaseIdCodec } from './codec.js';
import type { EtcdConnection } from './etcd-connection.js';
import { fromGrpcError } from './errors.js';
import type * as W from './wire.js';

/**
 * The contract's lease ids are numbers, etcd's are int64. Leases granted through
 * this backend get ids below 2^53 (we choose them), so they round-trip exactly.
 * A lease made by another client (etcdctl picks 63-bit ids) is given a negative
 * alias, which etcd itself never uses, and mapped back to its exact id on the way
 * out — so such a key's lease can still be kept alive or revoked through us.
 */
export class LeaseIds implements LeaseIdCodec {
  private readonly aliasOf = new Map<string, number>();
  private readonly wireOf = new Map<number, string>();

  fromWire(id: W.Int64): number {
    const n = num(id);
    if (Number.isSafeInteger(n)) return n;
    const wire = String(id);
    let alias = this.aliasOf.get(wire);
    if (alias === undefined) {
      alias = -(this.aliasOf.size + 1);
      this.aliasOf.set(wire, alias);
      this.wireOf.set(alias, wire);
    }
    return alias;
  }

  toWire(id: number): W.Int64 {
    if (id >= 0) return id;
    const wire = this.wireOf.get(id);
    if (wire === undefined) throw new StoreError('lease-not-found', 'etcdserver: requested lease not found');
    return wire;
  }
}

/** A random positive id below 2^53 for LeaseGrant (etcd would pick a 63-bit one). */
export function newLeaseId(): number {
  const id = Number(randomBytes(8).readBigUInt64BE(0) >> 11n);
  return id === 0 ? 1 : id;
}

interface Pending {
  resolve(ttl: number): void;
  reject(error: StoreError): void;
}

/**
 * KvBackend.leaseKeepAlive is one renewal; etcd's LeaseKeepAlive is a stream. One
 * stream serves every renewal: etcd answers each request in order, so the oldest
 * waiting caller for an id takes the next answer for that id.
 */
export class KeepAliveStream {
  private call: ClientDuplexStream<W.LeaseIdRequest, W.LeaseKeepAliveResponse> | undefined;
  private readonly pending = new Map<string, Pending[]>();

  constructor(
    private readonly connection: EtcdConnection,
    private readonly leases: LeaseIds,
  ) {}

  renew(id: number): Promise<number> {
    const wire = this.leases.toWire(id);
    return new Promise<number>((resolve, reject) => {
      const call = this.stream();
      const key = String(wire);
      const queue = this.pending.get(key) ?? [];
      queue.push({ resolve, reject });
      this.pending.set(key, queue);
      call.write({ ID: wire });
    });
  }

  private stream(): ClientDuplexStream<W.LeaseIdRequest, W.LeaseKeepAliveResponse> {
    if (this.call) return this.call;
    const { call, client } = this.connection.bidi<W.LeaseIdRequest, W.LeaseKeepAliveResponse>('Lease', 'LeaseKeepAlive');
    this.call = call;
    call.on('data', (response: W.LeaseKeepAliveResponse) => {
      const key = String(response.ID);
      const waiter = this.pending.get(key)?.shift();
      if (!waiter) return;
      const ttl = num(response.TTL);
      // etcd answers TTL 0 for a lease it does not know (or that just expired).
      if (ttl <= 0) waiter.reject(new StoreError('lease-not-found', 'etcdserver: requested lease not found'));
      else waiter.resolve(ttl);
    });
    const fail = (error: StoreError): void => {
      if (this.call !== call) return;
      this.call = undefined;
      for (const queue of this.pending.values()) for (const waiter of queue) waiter.reject(error);
      this.pending.clear();
    };
    call.on('error', (error: ServiceError) => {
      if (this.call === call) this.connection.rotate(client);
      fail(fromGrpcError(error));
    });
    call.on('end', () => fail(new StoreError('unavailable', 'etcd closed the keep-alive stream')));
    return call;
  }

  close(): void {
    const call = this.call;
    if (!call) return;
    for (const queue of this.pending.values()) for (const waiter of queue) waiter.reject(new StoreError('closed', 'etcd client is closed'));
    this.pending.clear();
    this.call = undefined;
    call.cancel();
  }
}
