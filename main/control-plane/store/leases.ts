// The lease table: granted TTL, deadline on the injected clock, attached keys.
// Deadlines are not persisted: like etcd, a lease recovered after a restart is
// treated as freshly renewed (etcd's lessor Promote extends every lease by its TTL).
import { randomBytes } from 'node:crypto';
import type { KeyStr } from './key-range.js';

export interface Lease {
  readonly id: number;
  /** granted TTL in seconds */
  readonly ttl: number;
  /** clock time (ms) at which the lease expires */
  deadline: number;
  readonly keys: Set<KeyStr>;
}

/** etcd's MaxLeaseTTL: a larger grant fails with "etcdserver: too large lease TTL" */
export const MAX_LEASE_TTL = 9_000_000_000;

export class LeaseTable {
  private readonly table = new Map<number, Lease>();

  get size(): number {
    return this.table.size;
  }

  get(id: number): Lease | undefined {
    return this.table.get(id);
  }

  has(id: number): boolean {
    return this.table.has(id);
  }

  ids(): number[] {
    return [...this.table.keys()];
  }

  all(): IterableIterator<Lease> {
    return this.table.values();
  }

  grant(id: number, ttl: number, now: number): Lease {
    const lease: Lease = { id, ttl, deadline: now + ttl * 1000, keys: new Set() };
    this.table.set(id, lease);
    return lease;
  }

  /** removes the lease; the caller deletes its keys */
  remove(id: number): Lease | undefined {
    const lease = this.table.get(id);
    this.table.delete(id);
    return lease;
  }

  renew(lease: Lease, now: number): void {
    lease.deadline = now + lease.ttl * 1000;
  }

  /** whole seconds left, truncated like etcd's LeaseTimeToLive; -1 once expired */
  remaining(lease: Lease, now: number): number {
    const ms = lease.deadline - now;
    return ms <= 0 ? -1 : Math.floor(ms / 1000);
  }

  attach(id: number, k: KeyStr): void {
    if (id !== 0) this.table.get(id)?.keys.add(k);
  }

  detach(id: number, k: KeyStr): void {
    if (id !== 0) this.table.get(id)?.keys.delete(k);
  }

  /** ids whose deadline has passed, oldest deadline first */
  expired(now: number): number[] {
    const out: Lease[] = [];
    for (const lease of this.table.values()) if (lease.deadline <= now) out.push(lease);
    return out.sort((a, b) => a.deadline - b.deadline).map((l) => l.id);
  }

  /** a fresh positive id below 2^53 (JSON- and double-safe) that is not in use */
  newId(): number {
    for (;;) {
      const b = randomBytes(7);
      // 53 bits: 6 full bytes + 5 bits of the seventh
      const id = b.readUIntLE(0, 6) + ((b[6] ?? 0) & 0x1f) * 2 ** 48;
      if (id > 0 && !this.table.has(id)) return id;
    }
  }
}
