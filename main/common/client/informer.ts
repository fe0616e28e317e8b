// A shared informer: list, then watch from the list's resourceVersion, keeping a local
// cache by namespace/name; on a broken or expired watch it lists again (client-go's
// Reflector + Indexer, without the DeltaFIFO).
import type { KubeObject } from '../kube-types.js';
import type { ApiClient, ResourcePath, WatchHandle } from './api-client.js';

export type InformerEvent<T extends KubeObject> = { type: 'add'; obj: T } | { type: 'update'; obj: T; old: T } | { type: 'delete'; obj: T };

export function objectKey(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name ?? ''}` : (obj.metadata.name ?? '');
}

export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: ((e: InformerEvent<T>) => void)[] = [];
  private watch: WatchHandle | undefined;
  private stopped = false;
  private synced!: Promise<void>;
  private markSynced!: () => void;

  constructor(
    private readonly client: ApiClient,
    private readonly path: ResourcePath,
    private readonly query: Record<string, string> = {},
    private readonly relistDelayMs = 1000,
  ) {
    this.synced = new Promise((r) => (this.markSynced = r));
  }

  on(handler: (e: InformerEvent<T>) => void): void {
    this.handlers.push(handler);
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  hasSynced(): Promise<void> {
    return this.synced;
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
  }

  private emit(e: InformerEvent<T>): void {
    for (const h of this.handlers) h(e);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const list = await this.client.list<T>(this.path, this.query);
        const seen = new Set<string>();
        for (const item of list.items) {
          const key = objectKey(item);
          seen.add(key);
          const old = this.cache.get(key);
          this.cache.set(key, item);
          if (!old) this.emit({ type: 'add', obj: item });
          else if (old.metadata.resourceVersion !== item.metadata.resourceVersion) this.emit({ type: 'update', obj: item, old });
        }
        for (const [key, old] of this.cache) {
          if (!seen.has(key)) {
            this.cache.delete(key);
            this.emit({ type: 'delete', obj: old });
          }
        }
        this.markSynced();
        let rv = list.metadata.resourceVersion ?? '0';
        let expired = false;
        // resume from the last resourceVersion seen; list again only when it expired (410)
        while (!this.stopped && !expired) {
          this.watch = this.client.watch<T>(this.path, { ...this.query, resourceVersion: rv, allowWatchBookmarks: 'true' }, (e) => {
            if (e.type === 'ERROR') {
              expired = true;
              return;
            }
            rv = e.object.metadata.resourceVersion ?? rv;
            if (e.type === 'BOOKMARK') return;
            const key = objectKey(e.object);
            const old = this.cache.get(key);
            if (e.type === 'DELETED') {
              this.cache.delete(key);
              this.emit({ type: 'delete', obj: e.object });
            } else {
              this.cache.set(key, e.object);
              this.emit(old ? { type: 'update', obj: e.object, old } : { type: 'add', obj: e.object });
            }
          });
          const started = Date.now();
          await this.watch.done;
          // a watch that ends at once means the server is gone: back off before retrying
          if (Date.now() - started < 1000) await new Promise((r) => setTimeout(r, this.relistDelayMs).unref());
        }
      } catch {
        // API not reachable yet, or a transient failure: list again after a pause
      }
      if (!this.stopped) await new Promise((r) => setTimeout(r, this.relistDelayMs).unref());
    }
  }
}
