// Watch delivery. Like etcd's watchableStore, watchers are either synced (they get
// each committed revision as it is committed) or unsynced (catching up from an old
// start revision through the history, a bounded chunk per tick). Synced single-key
// watchers are indexed by key, so a write touches only the watchers of its key plus
// the range watchers (the API server's few per-resource prefixes).
// Events reach a watcher in revision order, a revision never split across calls.
import { inInterval, toInterval, type KeyInterval, type KeyStr } from './key-range.js';
import type { RevisionEntry, StoredEvent } from './keyspace.js';
import { StoreError, type Watcher, type WatchEvent, type WatchHandlers, type WatchOptions } from './types.js';

/** what the hub reads from the store */
export interface WatchSource {
  /** highest revision that is durable (only those are delivered) */
  committedRevision(): number;
  compactRevision(): number;
  entry(rev: number): RevisionEntry | undefined;
}

/** events per catch-up chunk; a revision is never split, so a chunk may run over */
const CATCH_UP_EVENTS = 1000;
/** revisions scanned per catch-up chunk, so a filter matching nothing cannot stall the loop */
const CATCH_UP_REVISIONS = 10_000;

interface WatcherState {
  readonly id: number;
  readonly iv: KeyInterval;
  readonly minRev: number;
  nextRev: number;
  synced: boolean;
  cancelled: boolean;
  readonly prevKv: boolean;
  readonly noPut: boolean;
  readonly noDelete: boolean;
  readonly handlers: WatchHandlers;
  /** batch being built during one delivery */
  batch: WatchEvent[] | null;
  sentSinceTick: boolean;
  progressWanted: boolean;
}

export class WatchHub {
  private nextId = 1;
  private readonly byKey = new Map<KeyStr, Set<WatcherState>>();
  private readonly ranges = new Set<WatcherState>();
  private readonly unsynced = new Set<WatcherState>();
  private readonly progress = new Set<WatcherState>();
  private readonly touched: WatcherState[] = [];
  private catchUpTimer: NodeJS.Immediate | undefined;
  private progressTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: WatchSource,
    progressNotifyMs: number,
    private readonly onHandlerError: (error: Error) => void,
  ) {
    this.progressTimer = setInterval(() => this.progressTick(), progressNotifyMs);
    this.progressTimer.unref();
  }

  watch(key: Buffer, options: WatchOptions, handlers: WatchHandlers): Watcher {
    const committed = this.source.committedRevision();
    const start = options.startRevision && options.startRevision > 0 ? options.startRevision : committed + 1;
    const w: WatcherState = {
      id: this.nextId++,
      iv: toInterval(key, options.rangeEnd),
      minRev: start,
      nextRev: start,
      synced: start > committed,
      cancelled: false,
      prevKv: options.prevKv ?? false,
      noPut: options.noPut ?? false,
      noDelete: options.noDelete ?? false,
      handlers,
      batch: null,
      sentSinceTick: false,
      progressWanted: false,
    };
    const compacted = this.source.compactRevision();
    if (start < compacted) {
      w.cancelled = true;
      // async, so the caller holds the Watcher before any callback (etcd sends the cancel on the stream)
      setImmediate(() => this.callError(w, compactedError(compacted)));
    } else {
      this.index(w);
      if (options.progressNotify) this.progress.add(w);
      if (!w.synced) {
        this.unsynced.add(w);
        this.scheduleCatchUp();
      }
    }
    return {
      id: w.id,
      cancel: () => this.cancel(w),
      requestProgress: () => this.requestProgress(w),
    };
  }

  /** revisions (from, to] were committed: deliver them to synced watchers */
  onCommit(from: number, to: number): void {
    for (let rev = from + 1; rev <= to; rev++) {
      const entry = this.source.entry(rev);
      if (!entry) continue;
      for (const ev of entry.events) {
        const exact = this.byKey.get(ev.k);
        if (exact) for (const w of exact) this.collect(w, ev, rev);
        for (const w of this.ranges) if (inInterval(w.iv, ev.k)) this.collect(w, ev, rev);
      }
    }
    this.flushTouched(to);
  }

  /** after a compaction: unsynced watchers that fell behind it end with 'compacted' */
  onCompact(rev: number): void {
    for (const w of this.unsynced) {
      if (w.nextRev < rev) {
        this.cancel(w);
        this.callError(w, compactedError(rev));
      }
    }
  }

  /** ends every watcher with the error (store closing) and stops timers */
  close(error: StoreError): void {
    if (this.progressTimer) clearInterval(this.progressTimer);
    if (this.catchUpTimer) clearImmediate(this.catchUpTimer);
    this.progressTimer = undefined;
    this.catchUpTimer = undefined;
    const all = [...this.ranges];
    for (const set of this.byKey.values()) all.push(...set);
    for (const w of all) {
      this.cancel(w);
      this.callError(w, error);
    }
  }

  private collect(w: WatcherState, ev: StoredEvent, rev: number): void {
    if (!w.synced || w.cancelled || rev < w.minRev) return;
    if (ev.event.type === 'PUT' ? w.noPut : w.noDelete) return;
    if (w.batch === null) {
      w.batch = [];
      this.touched.push(w);
    }
    w.batch.push(w.prevKv ? ev.event : bare(ev));
  }

  private flushTouched(revision: number): void {
    const list = this.touched.splice(0);
    for (const w of list) {
      const batch = w.batch;
      w.batch = null;
      if (batch && !w.cancelled) this.send(w, batch, revision);
    }
  }

  private send(w: WatcherState, events: WatchEvent[], revision: number): void {
    w.sentSinceTick = true;
    try {
      w.handlers.onEvents(events, revision);
    } catch (err) {
      // a throwing consumer would otherwise miss events silently; end its watch instead
      this.cancel(w);
      const message = err instanceof Error ? err.message : String(err);
      this.callError(w, new StoreError('unavailable', `watch ${w.id} handler threw: ${message}`));
    }
  }

  private callError(w: WatcherState, error: StoreError): void {
    try {
      w.handlers.onError(error);
    } catch (err) {
      this.onHandlerError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private index(w: WatcherState): void {
    if (w.iv.end !== undefined) {
      this.ranges.add(w);
      return;
    }
    let set = this.byKey.get(w.iv.start);
    if (!set) this.byKey.set(w.iv.start, (set = new Set()));
    set.add(w);
  }

  private cancel(w: WatcherState): void {
    if (w.cancelled) return;
    w.cancelled = true;
    this.unsynced.delete(w);
    this.progress.delete(w);
    if (w.iv.end !== undefined) {
      this.ranges.delete(w);
      return;
    }
    const set = this.byKey.get(w.iv.start);
    set?.delete(w);
    if (set?.size === 0) this.byKey.delete(w.iv.start);
  }

  private requestProgress(w: WatcherState): void {
    if (w.cancelled) return;
    // etcd answers only synced watchers; an unsynced one gets it once caught up
    if (!w.synced) {
      w.progressWanted = true;
      return;
    }
    this.send(w, [], this.source.committedRevision());
  }

  private progressTick(): void {
    const revision = this.source.committedRevision();
    for (const w of this.progress) {
      if (w.synced && !w.sentSinceTick) this.send(w, [], revision);
      w.sentSinceTick = false;
    }
  }

  private scheduleCatchUp(): void {
    if (this.catchUpTimer || this.unsynced.size === 0) return;
    this.catchUpTimer = setImmediate(() => {
      this.catchUpTimer = undefined;
      for (const w of [...this.unsynced]) this.catchUp(w);
      this.scheduleCatchUp();
    });
  }

  /** delivers the next chunk of history to one unsynced watcher */
  private catchUp(w: WatcherState): void {
    const committed = this.source.committedRevision();
    const compacted = this.source.compactRevision();
    if (w.nextRev < compacted) {
      this.cancel(w);
      this.callError(w, compactedError(compacted));
      return;
    }
    let rev = w.nextRev;
    let collected = 0;
    const lastRev = Math.min(committed, rev + CATCH_UP_REVISIONS - 1);
    for (; rev <= lastRev && collected < CATCH_UP_EVENTS; rev++) {
      const entry = this.source.entry(rev);
      if (!entry) continue;
      for (const ev of entry.events) {
        if (!inInterval(w.iv, ev.k)) continue;
        if (ev.event.type === 'PUT' ? w.noPut : w.noDelete) continue;
        (w.batch ??= []).push(w.prevKv ? ev.event : bare(ev));
        collected++;
      }
    }
    w.nextRev = rev;
    const batch = w.batch;
    w.batch = null;
    if (batch) this.send(w, batch, committed);
    if (w.cancelled || rev <= committed) return;
    w.synced = true;
    this.unsynced.delete(w);
    if (w.progressWanted) {
      w.progressWanted = false;
      this.send(w, [], committed);
    }
  }
}

function bare(ev: StoredEvent): WatchEvent {
  return (ev.bare ??= { type: ev.event.type, kv: ev.event.kv });
}

function compactedError(rev: number): StoreError {
  return new StoreError('compacted', 'etcdserver: mvcc: required revision has been compacted', rev);
}
