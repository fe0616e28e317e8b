// The in-memory MVCC index: every key's versions since the compaction point and a
// revision-ordered log of changes, so reads at a past revision and watches from an
// old revision are served from memory (etcd keeps the same history in bbolt).
//
// Invariants:
// - revision 1 is the empty store (etcd's first revision); each revision >= 2 has >= 1 change;
// - log[i].revision === log[0].revision + i, and the log holds every revision >= compactRevision;
// - a key's versions ascend by modRevision; a tombstone (version 0) records a deletion;
// - after compact(c), each key keeps its latest live version below c plus all versions >= c.
// Stored KeyValue objects and their buffers are shared with readers: treat them as read-only.
import type { KeyValue, WatchEvent } from './types.js';
import { EMPTY, type KeyInterval, type KeyStr } from './key-range.js';
import { SortedKeys } from './sorted-keys.js';

/** A change as kept in the revision log; `event` carries prevKv, `bare` is the copy without it. */
export interface StoredEvent {
  readonly k: KeyStr;
  readonly event: WatchEvent;
  bare?: WatchEvent;
}

export interface RevisionEntry {
  readonly revision: number;
  readonly events: StoredEvent[];
}

interface KeyHistory {
  readonly key: Buffer;
  readonly versions: KeyValue[];
}

export interface RangeQuery {
  limit: number;
  keysOnly: boolean;
  countOnly: boolean;
}

export interface RangeRows {
  kvs: KeyValue[];
  count: number;
  more: boolean;
}

/** Read "the newest version" including the changes of a write in progress. */
export const LATEST = Number.MAX_SAFE_INTEGER;

function liveAt(h: KeyHistory | undefined, rev: number): KeyValue | undefined {
  if (!h) return undefined;
  const v = h.versions;
  for (let i = v.length - 1; i >= 0; i--) {
    const kv = v[i];
    if (kv && kv.modRevision <= rev) return kv.version === 0 ? undefined : kv;
  }
  return undefined;
}

export class Keyspace {
  private readonly keys = new Map<KeyStr, KeyHistory>();
  /** every key with history, in binary order */
  private readonly order = new SortedKeys();
  /** keys added by restoreBase/restoreEntry, sorted in finishRestore */
  private restored: KeyStr[] = [];
  private readonly log: RevisionEntry[] = [];
  private pending: RevisionEntry | undefined;
  private revisionValue = 1;
  private compactRevisionValue = 0;

  get revision(): number {
    return this.revisionValue;
  }

  get compactRevision(): number {
    return this.compactRevisionValue;
  }

  /** the live version of k at rev (LATEST includes a write in progress) */
  get(k: KeyStr, rev = LATEST): KeyValue | undefined {
    return liveAt(this.keys.get(k), rev);
  }

  range(iv: KeyInterval, rev: number, q: RangeQuery): RangeRows {
    const kvs: KeyValue[] = [];
    let count = 0;
    const take = (kv: KeyValue): void => {
      count++;
      if (q.countOnly || (q.limit > 0 && kvs.length >= q.limit)) return;
      kvs.push(q.keysOnly ? { ...kv, value: EMPTY } : kv);
    };
    if (iv.end === undefined) {
      const kv = this.get(iv.start, rev);
      if (kv) take(kv);
    } else {
      const end = iv.end;
      this.order.scan(iv.start, (k) => {
        if (end !== null && k >= end) return false;
        const kv = liveAt(this.keys.get(k), rev);
        if (kv) take(kv);
        return true;
      });
    }
    return { kvs, count, more: !q.countOnly && count > kvs.length };
  }

  /** live keys in the interval at the newest revision, in key order */
  liveKeys(iv: KeyInterval): KeyStr[] {
    const out: KeyStr[] = [];
    if (iv.end === undefined) {
      if (this.get(iv.start)) out.push(iv.start);
      return out;
    }
    const end = iv.end;
    this.order.scan(iv.start, (k) => {
      if (end !== null && k >= end) return false;
      if (this.get(k)) out.push(k);
      return true;
    });
    return out;
  }

  // ---- writes: beginWrite, then put/remove any number of times, then endWrite ----

  /** opens the next revision; returns its number */
  beginWrite(): number {
    if (this.pending) throw new Error('keyspace: write already in progress');
    this.pending = { revision: this.revisionValue + 1, events: [] };
    return this.pending.revision;
  }

  /** closes the write; the revision advances only when something changed */
  endWrite(): RevisionEntry | undefined {
    const entry = this.pending;
    this.pending = undefined;
    if (!entry || entry.events.length === 0) return undefined;
    this.log.push(entry);
    this.revisionValue = entry.revision;
    return entry;
  }

  private writing(): RevisionEntry {
    if (!this.pending) throw new Error('keyspace: no write in progress');
    return this.pending;
  }

  /** puts a new version; createRevision/version follow from the key's history (etcd rules) */
  put(k: KeyStr, key: Uint8Array, value: Buffer, lease: number): StoredEvent {
    const entry = this.writing();
    const h = this.history(k, key);
    const prev = this.takeSameRevision(h, entry.revision);
    const kv: KeyValue = {
      key: h.key,
      value,
      createRevision: prev ? prev.createRevision : entry.revision,
      modRevision: entry.revision,
      version: prev ? prev.version + 1 : 1,
      lease,
    };
    h.versions.push(kv);
    const event: WatchEvent = { type: 'PUT', kv };
    if (prev) event.prevKv = prev;
    const stored: StoredEvent = { k, event };
    entry.events.push(stored);
    return stored;
  }

  /** deletes k if it is live; returns the event or undefined */
  remove(k: KeyStr): StoredEvent | undefined {
    const entry = this.writing();
    const h = this.keys.get(k);
    const prev = liveAt(h, LATEST);
    if (!h || !prev) return undefined;
    const tomb: KeyValue = { key: h.key, value: EMPTY, createRevision: 0, modRevision: entry.revision, version: 0, lease: 0 };
    h.versions.push(tomb);
    const stored: StoredEvent = { k, event: { type: 'DELETE', kv: tomb, prevKv: prev } };
    entry.events.push(stored);
    return stored;
  }

  /**
   * The txn checks forbid two changes to one key in one revision (etcd "duplicate key");
   * should one happen anyway, the newer change replaces the older so versions stay ordered.
   */
  private takeSameRevision(h: KeyHistory, rev: number): KeyValue | undefined {
    const last = h.versions.at(-1);
    if (last && last.modRevision === rev) h.versions.pop();
    return liveAt(h, LATEST);
  }

  private history(k: KeyStr, key: Uint8Array): KeyHistory {
    let h = this.keys.get(k);
    if (!h) {
      h = { key: Buffer.from(key), versions: [] };
      this.keys.set(k, h);
      this.order.insert(k);
    }
    return h;
  }

  // ---- history ----

  /** the log entry of a revision, if it is retained */
  entry(rev: number): RevisionEntry | undefined {
    const first = this.log[0];
    if (!first) return undefined;
    return this.log[rev - first.revision];
  }

  /** retained log entries, oldest first (for the snapshot writer) */
  entries(): readonly RevisionEntry[] {
    return this.log;
  }

  /**
   * Drops history below rev, keeping each key's latest live version below it, so
   * reads at rev and watches from rev still work (etcd: ErrCompacted only below rev).
   */
  compact(rev: number): void {
    if (rev <= this.compactRevisionValue) return;
    const first = this.log[0];
    const drop = first ? Math.max(0, Math.min(this.log.length, rev - first.revision)) : 0;
    const touched = new Set<KeyStr>();
    for (let i = 0; i < drop; i++) for (const ev of (this.log[i] as RevisionEntry).events) touched.add(ev.k);
    this.log.splice(0, drop);
    let removedKeys = false;
    for (const k of touched) {
      const h = this.keys.get(k);
      if (!h) continue;
      const v = h.versions;
      let i = v.length - 1;
      while (i >= 0 && (v[i] as KeyValue).modRevision >= rev) i--;
      if (i < 0) continue;
      const keepFrom = (v[i] as KeyValue).version === 0 ? i + 1 : i;
      v.splice(0, keepFrom);
      if (v.length === 0) {
        this.keys.delete(k);
        removedKeys = true;
      }
    }
    if (removedKeys) this.order.retain((k) => this.keys.has(k));
    this.compactRevisionValue = rev;
  }

  // ---- snapshot support ----

  /** versions that precede the log (at most one per key after a compaction), in key order */
  *baseVersions(): Generator<KeyValue> {
    for (const k of this.order.toArray()) {
      const h = this.keys.get(k);
      if (!h) continue;
      for (const kv of h.versions) {
        if (kv.modRevision < this.compactRevisionValue) yield kv;
      }
    }
  }

  /** restore: sets revision counters of an empty keyspace */
  restoreCounters(revision: number, compactRevision: number): void {
    this.revisionValue = revision;
    this.compactRevisionValue = compactRevision;
  }

  /** restore: adds a version older than the log (the caller adds them in key and revision order) */
  restoreBase(kv: KeyValue): void {
    const k = kv.key.toString('latin1');
    let h = this.keys.get(k);
    if (!h) {
      h = { key: kv.key, versions: [] };
      this.keys.set(k, h);
      this.restored.push(k);
    }
    h.versions.push({ ...kv, key: h.key });
  }

  /** restore: appends a log entry whose kvs carry their full fields */
  restoreEntry(revision: number, kvs: KeyValue[]): void {
    const entry: RevisionEntry = { revision, events: [] };
    for (const raw of kvs) {
      const k = raw.key.toString('latin1');
      let h = this.keys.get(k);
      if (!h) {
        h = { key: raw.key, versions: [] };
        this.keys.set(k, h);
        this.restored.push(k);
      }
      const prev = liveAt(h, LATEST);
      const kv: KeyValue = { ...raw, key: h.key };
      h.versions.push(kv);
      const event: WatchEvent = { type: kv.version === 0 ? 'DELETE' : 'PUT', kv };
      if (prev) event.prevKv = prev;
      entry.events.push({ k, event });
    }
    this.log.push(entry);
  }

  /** restore: call once after restoreBase/restoreEntry */
  finishRestore(): void {
    this.order.load([...this.order.toArray(), ...this.restored].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    this.restored = [];
  }
}
