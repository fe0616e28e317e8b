// The API server's own view of namespaces, kept by a watch on the store, so the
// NamespaceLifecycle admission does not read the store on every create (kube's
// admission uses an informer the same way, with a live lookup on a miss).
import type { Watcher } from '../../store/types.js';
import type { ObjectStore } from './object-store.js';

const PREFIX = '/registry/namespaces/';

export interface NamespaceState {
  terminating: boolean;
}

export class NamespaceCache {
  private readonly known = new Map<string, NamespaceState>();
  private watcher: Watcher | undefined;
  private stopped = false;

  constructor(private readonly objects: ObjectStore) {}

  async start(): Promise<void> {
    const list = await this.objects.list(PREFIX);
    for (const ns of list.items) this.set(ns.metadata.name ?? '', ns);
    this.watch(list.revision);
  }

  private set(name: string, ns: { metadata: { deletionTimestamp?: string }; status?: unknown }): void {
    const phase = (ns.status as { phase?: string } | undefined)?.phase;
    this.known.set(name, { terminating: !!ns.metadata.deletionTimestamp || phase === 'Terminating' });
  }

  private watch(after: number): void {
    if (this.stopped) return;
    let last = after;
    this.watcher = this.objects.watch(
      PREFIX,
      after,
      (events) => {
        for (const e of events) {
          last = e.revision;
          const name = e.object.metadata.name ?? '';
          if (e.type === 'DELETED') this.known.delete(name);
          else this.set(name, e.object);
        }
      },
      () => {
        // compacted or failed: rebuild from a fresh list
        this.known.clear();
        void this.start().catch(() => setTimeout(() => this.watch(last), 1000).unref());
      },
    );
  }

  /** the cached state, or a live read when the cache has not seen the namespace yet */
  async get(name: string): Promise<NamespaceState | undefined> {
    const hit = this.known.get(name);
    if (hit) return hit;
    const ns = await this.objects.get(PREFIX + name);
    if (!ns) return undefined;
    this.set(name, ns);
    return this.known.get(name);
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.cancel();
  }
}
