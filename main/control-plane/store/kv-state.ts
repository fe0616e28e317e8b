// The replicated state: keyspace plus lease table, kept consistent with each other
// (a key's lease field and the lease's key set). Live operations and WAL replay go
// through the same mutators, so a replayed store is the store that was acknowledged.
import { Keyspace, type RevisionEntry, type StoredEvent } from './keyspace.js';
import { LeaseTable } from './leases.js';
import { keyStr, type KeyInterval, type KeyStr } from './key-range.js';
import type { WalRecord } from './records.js';
import { StoreError } from './types.js';

export class KvState {
  readonly keyspace = new Keyspace();
  readonly leases = new LeaseTable();

  put(k: KeyStr, key: Uint8Array, value: Buffer, lease: number): StoredEvent {
    const stored = this.keyspace.put(k, key, value, lease);
    const prevLease = stored.event.prevKv?.lease ?? 0;
    if (prevLease !== lease) {
      this.leases.detach(prevLease, k);
      this.leases.attach(lease, k);
    }
    return stored;
  }

  remove(k: KeyStr): StoredEvent | undefined {
    const stored = this.keyspace.remove(k);
    if (stored) this.leases.detach(stored.event.prevKv?.lease ?? 0, k);
    return stored;
  }

  deleteRange(iv: KeyInterval): StoredEvent[] {
    const out: StoredEvent[] = [];
    for (const k of this.keyspace.liveKeys(iv)) {
      const stored = this.remove(k);
      if (stored) out.push(stored);
    }
    return out;
  }

  /** removes the lease and deletes its keys in one revision (etcd LeaseRevoke) */
  revokeLease(id: number): RevisionEntry | undefined {
    const lease = this.leases.get(id);
    if (!lease) return undefined;
    const keys = [...lease.keys].sort();
    this.keyspace.beginWrite();
    for (const k of keys) this.remove(k);
    const entry = this.keyspace.endWrite();
    this.leases.remove(id);
    return entry;
  }

  /** replays one WAL record; `now` starts the TTL of granted leases */
  applyRecord(record: WalRecord, now: number): void {
    switch (record.kind) {
      case 'write':
      case 'lease-revoke': {
        if (record.revision !== 0) {
          const rev = this.keyspace.beginWrite();
          for (const c of record.changes) {
            const k = keyStr(c.key);
            if (c.type === 'put') this.put(k, c.key, c.value, c.lease);
            else this.remove(k);
          }
          const entry = this.keyspace.endWrite();
          if (rev !== record.revision || entry?.revision !== record.revision) {
            throw new StoreError('unavailable', `WAL record ${record.index} is for revision ${record.revision}, replay reached ${rev}`);
          }
        }
        if (record.kind === 'lease-revoke') this.leases.remove(record.id);
        return;
      }
      case 'lease-grant':
        this.leases.grant(record.id, record.ttl, now);
        return;
      case 'compact':
        this.keyspace.compact(record.revision);
        return;
    }
  }
}
