// Live tables for the renderer. One informer per kind (all namespaces) is shared by every
// subscription to that kind and stopped when the last one goes, the way client-go's
// SharedInformerFactory shares a reflector. Each subscription gets the whole table again
// after a change (coalesced) and once a second when only AGE moved, because kubectl's
// AGE is relative to now and a table that never re-prints goes stale.
import type { ResourceKind, ResourceTable } from '../common/bridge/contract.js';
import { NAMESPACED } from '../common/bridge/contract.js';
import type { ApiClient } from '../common/client/api-client.js';
import { Informer } from '../common/client/informer.js';
import { BridgeError } from './errors.js';
import { KIND_DEFS, printTable } from './resource-rows.js';

export interface WatchTiming {
  /** how long changes are gathered before a table goes out */
  coalesceMs: number;
  /** how often ages are re-printed */
  refreshMs: number;
  /** how long the first list may take before the watch request fails */
  syncTimeoutMs: number;
  now: () => Date;
}

const DEFAULT_TIMING: WatchTiming = { coalesceMs: 15, refreshMs: 1000, syncTimeoutMs: 10_000, now: () => new Date() };

interface Subscription {
  kind: ResourceKind;
  namespace: string | null;
  send(table: ResourceTable): void;
  last: string;
  pending: NodeJS.Timeout | undefined;
}

interface Shared {
  informer: Informer;
  subs: Set<Subscription>;
}

export class ResourceWatchHub {
  private readonly shared = new Map<ResourceKind, Shared>();
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly client: ApiClient,
    private readonly timing: WatchTiming = DEFAULT_TIMING,
  ) {
    this.ticker = setInterval(() => this.refreshAll(), timing.refreshMs).unref();
  }

  /** subscribes, waits for the informer's first list, and returns the first table */
  async subscribe(kind: ResourceKind, namespace: string | null, send: (t: ResourceTable) => void): Promise<{ table: ResourceTable; cancel: () => void }> {
    let entry = this.shared.get(kind);
    if (!entry) {
      const informer = new Informer(this.client, KIND_DEFS[kind].path);
      const created: Shared = { informer, subs: new Set() };
      informer.on(() => {
        for (const sub of created.subs) this.schedule(sub);
      });
      informer.start();
      this.shared.set(kind, (entry = created));
    }
    const sub: Subscription = { kind, namespace: NAMESPACED[kind] ? namespace : null, send, last: '', pending: undefined };
    entry.subs.add(sub);
    const shared = entry;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.timing.syncTimeoutMs)));
    const late = await Promise.race([shared.informer.hasSynced().then(() => false), timedOut]);
    clearTimeout(timer);
    if (late) {
      this.cancel(shared, sub);
      // the API server's own answer when a request outlives its deadline
      throw new BridgeError(504, 'Timeout', `listing ${kind} took longer than ${this.timing.syncTimeoutMs / 1000} s`);
    }
    const table = this.table(sub);
    sub.last = JSON.stringify(table);
    return { table, cancel: () => this.cancel(shared, sub) };
  }

  stop(): void {
    clearInterval(this.ticker);
    for (const entry of this.shared.values()) {
      entry.informer.stop();
      for (const sub of entry.subs) clearTimeout(sub.pending);
    }
    this.shared.clear();
  }

  private table(sub: Subscription): ResourceTable {
    const all = this.shared.get(sub.kind)?.informer.list() ?? [];
    const objects = sub.namespace === null ? all : all.filter((o) => o.metadata.namespace === sub.namespace);
    return printTable(sub.kind, sub.namespace, objects, this.timing.now());
  }

  /** sends the table when it differs from the last one sent */
  private flush(sub: Subscription): void {
    sub.pending = undefined;
    if (sub.last === '') return; // the first table goes out as subscribe()'s result
    const table = this.table(sub);
    const text = JSON.stringify(table);
    if (text === sub.last) return;
    sub.last = text;
    sub.send(table);
  }

  private schedule(sub: Subscription): void {
    if (sub.pending === undefined) sub.pending = setTimeout(() => this.flush(sub), this.timing.coalesceMs);
  }

  private refreshAll(): void {
    for (const entry of this.shared.values()) for (const sub of entry.subs) if (sub.last !== '' && sub.pending === undefined) this.flush(sub);
  }

  private cancel(entry: Shared, sub: Subscription): void {
    clearTimeout(sub.pending);
    entry.subs.delete(sub);
    if (entry.subs.size === 0 && this.shared.get(sub.kind) === entry) {
      entry.informer.stop();
      this.shared.delete(sub.kind);
    }
  }
}
